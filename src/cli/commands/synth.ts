import * as path from "node:path";
import { spawnSync } from "node:child_process";
import type { Command } from "commander";
import { CliExit } from "../io";
import { packageRoot } from "../../allowlist/assets";

/**
 * `examlab synth [site-files...] [--stack id...]`: the cdktf app (dist/main.js, exactly what
 * `npm run synth` and `cdktf synth` run) on the given site files, or on every file in sites/.
 * A child process, so the CLI itself never loads cdktf.
 */
export function register(program: Command): void {
  program
    .command("synth")
    .description("synthesize Terraform stacks (cdktf.out/) for the given site files, or all in sites/ (合成 Terraform 栈)")
    .argument("[site-files...]", "site files (default: every file in sites/, or EXAMLAB_SITES)")
    .option("--stack <ids...>", "only these stacks (site ids) of the files")
    .action((files: string[], opts: { stack?: string[] }) => {
      const env = { ...process.env, ...(opts.stack ? { EXAMLAB_ONLY_SITES: opts.stack.join(",") } : {}) };
      const r = spawnSync(process.execPath, [path.join(packageRoot(), "dist", "main.js"), ...files], { stdio: "inherit", env });
      if (r.error) throw new CliExit(2, `cannot run dist/main.js (${r.error.message}); run npm run build first`);
      if (r.status !== 0) throw new CliExit(r.status ?? 1);
    });
}
