import * as fs from "node:fs";
import * as path from "node:path";
import { createRequire } from "node:module";
import { InputError } from "./errors";
import { msg } from "../i18n/catalogue";
import { loadSiteFile, siteFromObject, type Site } from "./site";

export const SITE_EXTENSIONS = [".yaml", ".yml", ".json", ".ts", ".mts", ".js"] as const;

/** Loads a site from a YAML/JSON file or a TypeScript/JavaScript module (default export). */
export function loadSiteSource(file: string): Site {
  const ext = path.extname(file).toLowerCase();
  if (ext === ".yaml" || ext === ".yml" || ext === ".json") return loadSiteFile(file);
  if (ext === ".ts" || ext === ".mts" || ext === ".js") return siteFromObject(loadModuleDefault(file), file);
  const vars = { ext, allowed: SITE_EXTENSIONS.join(", ") };
  throw new InputError([{ file, path: "", message: msg("en", "input", "unsupportedType", vars), zh: msg("zh", "input", "unsupportedType", vars) }]);
}

/** Site files in a folder, sorted so every run builds the same stacks in the same order. */
export function discoverSiteFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => (SITE_EXTENSIONS as readonly string[]).includes(path.extname(f).toLowerCase()) && !f.endsWith(".d.ts"))
    .sort()
    .map((f) => path.join(dir, f));
}

/** Compiles a TS site module with esbuild (packages stay external) and returns its default export. */
function loadModuleDefault(file: string): unknown {
  if (!fs.existsSync(file)) throw new InputError([{ file, path: "", message: msg("en", "input", "cannotRead", { code: "ENOENT" }), zh: msg("zh", "input", "cannotRead", { code: "ENOENT" }) }]);
  // esbuild is loaded lazily: YAML-only runs never pay for it.
  const esbuild = require("esbuild") as typeof import("esbuild");
  let code: string;
  try {
    const out = esbuild.buildSync({ entryPoints: [file], bundle: true, packages: "external", platform: "node", format: "cjs", write: false, logLevel: "silent", target: "node20" });
    code = out.outputFiles[0].text;
  } catch (e) {
    const errors = (e as { errors?: { text: string; location?: { line: number } }[] }).errors ?? [];
    throw new InputError(errors.length ? errors.map((er) => ({ file, line: er.location?.line, path: "", message: er.text })) : [{ file, path: "", message: String(e) }]);
  }
  const mod = { exports: {} as Record<string, unknown> };
  const abs = path.resolve(file);
  try {
    new Function("module", "exports", "require", "__filename", "__dirname", code)(mod, mod.exports, createRequire(abs), abs, path.dirname(abs));
  } catch (e) {
    const vars = { message: (e as Error).message };
    throw new InputError([{ file, path: "", message: msg("en", "input", "moduleFailed", vars), zh: msg("zh", "input", "moduleFailed", vars) }]);
  }
  const def = (mod.exports as { default?: unknown }).default ?? mod.exports;
  return def;
}
