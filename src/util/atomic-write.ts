import * as fs from "node:fs";
import * as path from "node:path";
import type { Artifact } from "../export/artifacts";

/**
 * Writes a folder of files all-or-nothing: everything goes to a temporary sibling folder first,
 * which then replaces the target with renames. A failure leaves the previous folder untouched.
 */
export function writeFolderAtomically(target: string, files: readonly Artifact[]): void {
  const parent = path.dirname(path.resolve(target));
  fs.mkdirSync(parent, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(parent, `.${path.basename(target)}.tmp-`));
  try {
    for (const f of files) {
      const dest = path.join(tmp, ...f.path.split("/"));
      if (!dest.startsWith(tmp + path.sep)) throw new Error(`refusing to write outside the output folder: ${f.path}`);
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      fs.writeFileSync(dest, f.content);
    }
    const old = fs.existsSync(target) ? `${tmp}.old` : undefined;
    if (old) fs.renameSync(target, old);
    fs.renameSync(tmp, target);
    if (old) fs.rmSync(old, { recursive: true, force: true });
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}
