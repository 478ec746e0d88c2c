import * as fs from "node:fs";
import * as path from "node:path";
import { discoverSiteFiles, SITE_EXTENSIONS } from "../src/model/sources";
import { InputError, type InputProblem } from "../src/model/errors";

/**
 * Which site files a synth covers, and keeping the output folder true to them (issue 12):
 *  - `npm run synth -- sites/x.yaml` / `examlab synth sites/x.yaml` synthesize only the given files
 *    (passed on to worker processes as EXAMLAB_SITE_FILES); no arguments = every file in sites/;
 *  - EXAMLAB_ONLY_SITES naming a stack that does not exist is an error listing the stacks that do;
 *  - a full synth removes the stack folders of sites that no longer exist; a partial synth keeps
 *    the other stacks and their manifest.json entries, so `cdktf deploy other` still works
 *    (stacks/synth-run.ts writeManifest).
 */
export interface Selection {
  files: string[];
  /** Only some sites were asked for: other stacks in the output are kept, not pruned. */
  partial: boolean;
}

export function selectSiteFiles(args: readonly string[], dir: string, env: NodeJS.ProcessEnv = process.env): Selection {
  const given = args.length > 0 ? [...args] : env.EXAMLAB_SITE_FILES ? env.EXAMLAB_SITE_FILES.split(path.delimiter).filter(Boolean) : [];
  if (given.length === 0) return { files: discoverSiteFiles(dir), partial: false };
  const problems: InputProblem[] = [];
  for (const f of given) {
    const ext = path.extname(f).toLowerCase();
    if (!fs.existsSync(f)) problems.push({ file: f, path: "", message: "site file not found (synth takes site files: npm run synth -- sites/x.yaml)", zh: "找不到考点文件（synth 的参数是考点文件：npm run synth -- sites/x.yaml）" });
    else if (!(SITE_EXTENSIONS as readonly string[]).includes(ext)) problems.push({ file: f, path: "", message: `not a site file (expected ${SITE_EXTENSIONS.join(", ")})`, zh: `不是考点文件（应为 ${SITE_EXTENSIONS.join("、")}）` });
  }
  if (problems.length) throw new InputError(problems);
  return { files: [...new Set(given)].sort(), partial: true };
}

/** EXAMLAB_ONLY_SITES / `examlab synth --stack`: every id must be a stack of the loaded sites. */
export function checkStackIds(only: readonly string[] | undefined, ids: readonly string[]): void {
  if (!only) return;
  const known = new Set(ids);
  const list = [...ids].sort().join(", ") || "(none)";
  const missing = only.filter((id) => !known.has(id));
  if (missing.length)
    throw new InputError(missing.map((id) => ({ file: "EXAMLAB_ONLY_SITES", path: "", message: `stack "${id}" not found; stacks: ${list}`, zh: `找不到栈“${id}”；现有的栈：${list}` })));
}

