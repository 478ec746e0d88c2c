import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Site } from "../model/site";
import { packageRoot } from "./assets";
import { EXAMPLE_LIST } from "./sources";

/**
 * Is the bundled EXAMPLE list what the router configs will enforce? (issue 10 item 13, manual
 * §3.2 ROUTER-ALLOWLIST: the router is loaded with the OFFICIAL list.) True when the site names
 * no `allowlist.sources` (the compiler then falls back to the example), or when a source is the
 * bundled file itself or a byte-identical copy of it. Returns what to say, or undefined.
 */
export interface ExampleListUse {
  /** `fallback`: no sources at all; `copy`: a source is the example file or a copy of it. */
  how: "fallback" | "copy";
  /** The source entries (as written in the site file) that are the example. */
  sources: string[];
}

let exampleDigest: string | undefined;
function digest(file: string): string | undefined {
  try {
    return createHash("sha256").update(fs.readFileSync(file)).digest("hex");
  } catch {
    return undefined;
  }
}

export function exampleListInUse(site: Site): ExampleListUse | undefined {
  const sources = site.spec.allowlist.sources;
  if (sources.length === 0) return { how: "fallback", sources: [] };
  const example = path.join(packageRoot(), EXAMPLE_LIST);
  exampleDigest ??= digest(example);
  const copies = sources.filter((s) => {
    const f = path.resolve(site.dir, s);
    if (f === example) return true;
    // Only files of the example's size are hashed: the check runs on every `check` of every site.
    try {
      if (fs.statSync(f).size !== fs.statSync(example).size) return false;
    } catch {
      return false;
    }
    return digest(f) === exampleDigest;
  });
  return copies.length ? { how: "copy", sources: copies } : undefined;
}
