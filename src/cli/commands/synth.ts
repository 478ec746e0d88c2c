import * as path from "node:path";
import { spawnSync } from "node:child_process";
import type { Command } from "commander";
import { CliExit, parseLangOption } from "../io";
import { packageRoot } from "../../allowlist/assets";
import { translator, type Lang } from "../../i18n/catalogue";
import { subcommand } from "../program";

/**
 * `examlab synth [site-files...] [--stack id...]`: the cdktf app (dist/main.js, exactly what
 * `npm run synth` and `cdktf synth` run) on the given site files, or on every file in sites/.
 * A child process, so the CLI itself never loads cdktf.
 */
export function register(program: Command, lang: Lang = "zh"): void {
  const t = translator(lang, "cli");
  subcommand(program, "synth", lang)
    .description(t("synthDescription"))
    .argument("[site-files...]", t("synthFiles"))
    .option("--stack <ids...>", t("synthStack"))
    .option("--lang <lang>", t("optLang"))
    .helpFooter("exitSynth", "examlab synth sites/my-school.yaml")
    .action((files: string[], _opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<{ stack?: string[]; lang?: string }>();
      const chosen = parseLangOption(opts.lang);
      const env = { ...process.env, ...(opts.stack ? { EXAMLAB_ONLY_SITES: opts.stack.join(",") } : {}), ...(chosen ? { EXAMLAB_LANG: chosen } : {}) };
      const r = spawnSync(process.execPath, [path.join(packageRoot(), "dist", "main.js"), ...files], { stdio: "inherit", env });
      if (r.error) throw new CliExit(2, `cannot run dist/main.js (${r.error.message}); run npm run build first`);
      if (r.status !== 0) throw new CliExit(r.status ?? 1);
    });
}
