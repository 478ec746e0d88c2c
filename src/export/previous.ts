import * as fs from "node:fs";
import * as path from "node:path";
import type { Manifest } from "./run";

/** The manifest.json of the previous export in `dir`, or undefined (none, or not one of ours). */
export function readPreviousManifest(dir: string): Pick<Manifest, "files"> | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, "manifest.json"), "utf8");
  } catch {
    return undefined;
  }
  try {
    const m = JSON.parse(text) as Partial<Manifest>;
    if (!Array.isArray(m.files) || !m.files.every((f) => typeof f?.path === "string" && typeof f?.sha256 === "string")) return undefined;
    return { files: m.files };
  } catch {
    return undefined;
  }
}
