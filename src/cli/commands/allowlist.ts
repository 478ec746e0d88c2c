import * as fs from "node:fs";
import type { Command } from "commander";
import { CliExit, EXIT } from "../io";
import { InputError, formatProblem } from "../../model/errors";
import { compileBareAllowlist } from "../../allowlist/bare";
import { ALL_TARGETS } from "../../allowlist/targets";
import { listContext } from "../../allowlist/targets/other";
import { toJson } from "../../util/json";
import { writeFileAtomically, writeFolderAtomically } from "../../util/atomic-write";

/** Pseudo-targets: the normalised list as text, or as JSON. */
const EXTRA = ["list", "json"] as const;

export function register(program: Command): void {
  program
    .command("allowlist")
    .description("convert a bare allowlist (TXT/CSV/XLSX) into a router or endpoint configuration (转换网址白名单)")
    .requiredOption("--in <files...>", "allowlist files: text (one entry a line), CSV or XLSX")
    .requiredOption("--target <name>", `one of: ${[...Object.keys(ALL_TARGETS), ...EXTRA].join(", ")}`)
    .option("--out <path>", "output file (targets writing one file) or folder; default: standard output")
    .option("--lan <cidrs...>", "candidate subnets (default: the private IPv4 ranges)")
    .option("--router <ip>", "router address candidates use as DNS server", "192.168.1.1")
    .option("--upstream <ips...>", "upstream resolvers for allowed names (default 223.5.5.5 119.29.29.29)")
    .option("--lang <lang>", "comment language: zh or en", "zh")
    .action(async (opts: { in: string[]; target: string; out?: string; lan?: string[]; router: string; upstream?: string[]; lang: string }) => {
      if (opts.lang !== "zh" && opts.lang !== "en") throw new CliExit(EXIT.invalid, `--lang: expected zh or en, got "${opts.lang}"`);
      const target = ALL_TARGETS[opts.target];
      if (!target && !(EXTRA as readonly string[]).includes(opts.target))
        throw new CliExit(EXIT.invalid, `--target: expected one of ${[...Object.keys(ALL_TARGETS), ...EXTRA].join(", ")}, got "${opts.target}"`);
      let input;
      try {
        input = await compileBareAllowlist(opts.in, { lan: opts.lan, router: opts.router, upstream: opts.upstream, lang: opts.lang });
      } catch (e) {
        if (e instanceof InputError) throw new CliExit(EXIT.invalid, e.problems.map(formatProblem).join("\n"));
        throw e;
      }
      for (const w of input.warnings) process.stderr.write(`warning: ${w.source ? `${w.source}: ` : ""}${w.message}\n`);
      const files = target
        ? target.render(input)
        : [{ path: opts.target === "json" ? "allowlist.normalised.json" : "allowlist.txt", description: "", content: opts.target === "json" ? toJson(input.policy) : listContext(input).entryLines.join("\n") + "\n" }];
      if (!opts.out) {
        for (const f of files) {
          if (files.length > 1) process.stdout.write(`# ==> ${f.path} <==\n`);
          process.stdout.write(typeof f.content === "string" ? f.content : Buffer.from(f.content));
        }
        return;
      }
      // A path ending in a separator names a folder even when it does not exist yet (`--out dir/`).
      const asFolder = /[\\/]$/.test(opts.out) || (fs.existsSync(opts.out) && fs.statSync(opts.out).isDirectory());
      if (files.length === 1 && !asFolder) {
        writeFileAtomically(opts.out, files[0].content);
        process.stderr.write(`wrote ${opts.out}\n`);
        return;
      }
      writeFolderAtomically(opts.out, files.map((f) => ({ path: f.path, kind: "router-config", target: target?.id ?? opts.target, content: f.content })));
      process.stderr.write(`wrote ${files.length} files to ${opts.out}\n`);
    });
}
