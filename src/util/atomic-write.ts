import * as fs from "node:fs";
import * as path from "node:path";
import type { Artifact } from "../export/artifacts";
import { artifactBytes } from "../export/bytes";

/**
 * Writes a folder of files all-or-nothing: everything goes to a temporary sibling folder first,
 * which then replaces the target with renames. A failure leaves the previous folder untouched.
 */
export function writeFolderAtomically(folder: string, files: readonly Artifact[]): void {
  commitFolder(stageFolder(folder, files));
}

/** A folder written to its temporary sibling, not yet in place. */
export interface StagedFolder {
  target: string;
  tmp: string;
}

/**
 * First half of writeFolderAtomically: the files in a temporary sibling of `folder` (missing
 * parent folders are created). Many folders can be staged and then committed together, so a
 * failure in any of them writes none (discardFolder), without holding their files in memory.
 */
export function stageFolder(folder: string, files: readonly Artifact[]): StagedFolder {
  // Resolved: "out/" and "out" are the same folder.
  const target = path.resolve(folder);
  const parent = path.dirname(target);
  fs.mkdirSync(parent, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(parent, `.${path.basename(target)}.tmp-`));
  try {
    for (const f of files) {
      const dest = path.join(tmp, f.path);
      if (!dest.startsWith(tmp + path.sep)) throw new Error(`refusing to write outside the output folder: ${f.path}`);
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      fs.writeFileSync(dest, artifactBytes(f));
    }
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  return { target, tmp };
}

/** Second half: the staged folder replaces its target (renames). */
export function commitFolder(staged: StagedFolder): void {
  const { target, tmp } = staged;
  try {
    const old = fs.existsSync(target) ? `${tmp}.old` : undefined;
    if (old) fs.renameSync(target, old);
    fs.renameSync(tmp, target);
    if (old) fs.rmSync(old, { recursive: true, force: true });
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}

/**
 * Commits staged folders in order. When one cannot be put in place, the ones after it are
 * discarded (no staging folders are left behind) and the error is thrown.
 */
export function commitFolders(staged: readonly StagedFolder[]): void {
  for (let k = 0; k < staged.length; k++) {
    try {
      commitFolder(staged[k]);
    } catch (e) {
      for (const rest of staged.slice(k + 1)) discardFolder(rest);
      throw e;
    }
  }
}

/** A staged folder that will not be committed. */
export function discardFolder(staged: StagedFolder): void {
  fs.rmSync(staged.tmp, { recursive: true, force: true });
}

/** Writes one file all-or-nothing (temporary sibling, then rename), creating missing folders. */
export function writeFileAtomically(file: string, content: string | Uint8Array): void {
  const target = path.resolve(file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.tmp-${process.pid}`;
  try {
    fs.writeFileSync(tmp, content);
    fs.renameSync(tmp, target);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Writes files INTO a folder the user named (created when missing), replacing only files of the
 * same names and keeping every other file in it (`examlab allowlist --out DIR`: the folder is the
 * user's, not examlab's). All files are staged in a temporary folder inside it first, so a failure
 * while writing leaves the folder as it was; then each is renamed into place.
 */
export function writeFilesInto(folder: string, files: readonly Pick<Artifact, "path" | "content">[]): void {
  const target = path.resolve(folder);
  fs.mkdirSync(target, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(target, ".examlab.tmp-"));
  try {
    for (const f of files) {
      const staged = path.join(tmp, f.path);
      if (!staged.startsWith(tmp + path.sep)) throw new Error(`refusing to write outside the output folder: ${f.path}`);
      fs.mkdirSync(path.dirname(staged), { recursive: true });
      fs.writeFileSync(staged, artifactBytes(f));
    }
    for (const f of files) {
      const dest = path.join(target, f.path);
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      fs.renameSync(path.join(tmp, f.path), dest);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
