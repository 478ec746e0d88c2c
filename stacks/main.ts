// The cdktf app, precompiled by scripts/build.mjs into dist/app.js; cdktf.json's "app": "node
// dist/main.js" runs it through a V8 code cache (stacks/launcher.ts).
// Creation stack traces only improve token error messages and cost most of synth time
// (reference/cdktf.md §13); cdktf 0.21 is frozen, so this private path does not move.
// eslint-disable-next-line @typescript-eslint/no-require-imports
require("cdktf/lib/tokens/private/stack-trace").captureStackTrace = () => [];

import "./defer-modules"; // first: cdktf loads archiver, which examlab never uses (start-up time)
import { InputError, formatProblem } from "../src/model/errors";
import { fileLanguage } from "../src/model/file-language";
import { synthesizeAll } from "./synth-run";
import { selectSiteFiles } from "./site-selection";

/**
 * Arguments: site files to synthesize (npm run synth -- sites/x.yaml); none = every file in the
 * site folder. Environment (all optional): EXAMLAB_SITES (site folder, default sites/),
 * CDKTF_OUTDIR (set by the cdktf CLI, default cdktf.out), EXAMLAB_ONLY_SITES (ids),
 * EXAMLAB_INVENTORY (inventory files checked on every synth), EXAMLAB_CACHE=off / EXAMLAB_CACHE_DIR
 * (incremental synth cache, default <outdir>/.examlab-cache), EXAMLAB_CODE_CACHE=off (no V8
 * code cache, stacks/launcher.ts).
 */
async function main(): Promise<void> {
  const dir = process.env.EXAMLAB_SITES ?? "sites";
  const outdir = process.env.CDKTF_OUTDIR ?? "cdktf.out";
  const underCli = process.env.CDKTF_OUTDIR !== undefined;
  const only = process.env.EXAMLAB_ONLY_SITES?.split(",");

  // Sharding over worker processes was removed (issue 14): on 2 cores one process already keeps
  // both busy (V8's GC threads), and two workers never paid the 1.7× the issue asked for.
  if (process.env.EXAMLAB_WORKERS !== undefined && process.env.EXAMLAB_WORKERS !== "1")
    process.stderr.write("EXAMLAB_WORKERS is no longer used: synth runs in one process (incremental synth rebuilds only changed sites).\n");

  // Site files given as arguments, else every file in the folder (stacks/site-selection.ts).
  const selection = await guarded(async () => selectSiteFiles(process.argv.slice(2), dir));
  const result = await guarded(() =>
    synthesizeAll({
      files: selection.files,
      outdir,
      only,
      // A partial synth keeps the other stacks of the output folder (and their manifest entries).
      partial: selection.partial || only !== undefined,
      cache: process.env.EXAMLAB_CACHE !== "off" && !only,
    }),
  );
  // Run directly (npm run synth) rather than under the cdktf CLI, which prints its own summary.
  if (!underCli) {
    const cached = result.cached > 0 ? ` (${result.cached} unchanged, from cache)` : "";
    const ids = result.ids.length <= 20 ? `: ${result.ids.join(", ")}` : "";
    process.stdout.write(`synthesized ${result.ids.length} stack(s) into ${outdir}/stacks${cached}${ids}\n`);
  }
}

/** Bad input → its messages and exit 2; a failed synth (error annotations, validations) → exit 1. */
async function guarded<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof InputError) {
      // EXAMLAB_LANG=zh|en (set by `examlab synth --lang`) picks the language of input problems;
      // else the language the problem's site file declares, else Chinese (as every command).
      const chosen = process.env.EXAMLAB_LANG === "zh" || process.env.EXAMLAB_LANG === "en" ? process.env.EXAMLAB_LANG : undefined;
      process.stderr.write(e.problems.map((p) => formatProblem(p, chosen ?? fileLanguage(p.file) ?? "zh")).join("\n") + "\n");
      process.exit(2);
    }
    // Error annotations (compliance findings) and validations: print the list, no stack trace,
    // and fail so `npm run synth` / CI stop. (Under the cdktf CLI annotations are reported by it.)
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  }
}

void main();
