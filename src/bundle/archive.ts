import * as fs from "node:fs";
import * as path from "node:path";
import { pipeline } from "node:stream/promises";
import { pack } from "tar-stream";
import { MANIFEST, type BundleManifestT } from "./manifest";

/**
 * `--archive FILE.tar`: the finished bundle as one POSIX tar (ustar, readable by GNU tar, bsdtar
 * and Windows' tar.exe), files in manifest order under one top folder, manifest.json last. Written
 * to `<FILE>.part` and renamed, like every other file of the bundle. Modes and times are fixed, so
 * the same bundle gives the same archive.
 */
export async function writeArchive(dir: string, manifest: BundleManifestT, archive: string, top = "examlab-bundle"): Promise<void> {
  const tar = pack();
  const part = `${archive}.part`;
  fs.mkdirSync(path.dirname(path.resolve(archive)), { recursive: true });
  const done = pipeline(tar, fs.createWriteStream(part));
  const mtime = new Date(manifest.createdAt);
  const add = (rel: string, size: number) =>
    new Promise<void>((resolve, reject) => {
      const mode = rel.endsWith(".sh") ? 0o755 : 0o644;
      const entry = tar.entry({ name: `${top}/${rel}`, size, mode, mtime, type: "file" }, (err) => (err ? reject(err) : resolve()));
      fs.createReadStream(path.join(dir, rel)).on("error", reject).pipe(entry);
    });
  try {
    for (const f of manifest.files) await add(f.path, f.size);
    await add(MANIFEST, fs.statSync(path.join(dir, MANIFEST)).size);
    tar.finalize();
    await done;
    fs.renameSync(part, archive);
  } catch (e) {
    tar.destroy();
    fs.rmSync(part, { force: true });
    throw e;
  }
}
