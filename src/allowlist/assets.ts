import * as fs from "node:fs";
import * as path from "node:path";

/**
 * The examlab package root (templates/ and policies/ live there). Found by walking up from this
 * module, which works from src/ (tests), dist/ (bundled CLI) and an installed package alike.
 */
let root: string | undefined;
export function packageRoot(): string {
  if (root) return root;
  let dir = __dirname;
  for (;;) {
    if (fs.existsSync(path.join(dir, "templates", "router")) && fs.existsSync(path.join(dir, "package.json"))) return (root = dir);
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`examlab templates not found above ${__dirname}`);
    dir = up;
  }
}
