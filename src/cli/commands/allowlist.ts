import * as fs from "node:fs";
import type { Command } from "commander";
import { CliExit, EXIT, parseChoice, parseLangOption } from "../exit";
import { translator, type Lang } from "../../i18n/catalogue";
import { subcommand } from "../program";
import { InputError, formatProblem } from "../../model/errors";
import { compileBareAllowlist } from "../../allowlist/bare";
import { ALL_TARGETS } from "../../allowlist/targets";
import { listContext } from "../../allowlist/targets/other";
import { toJson } from "../../util/json";
import { writeFileAtomically, writeFilesInto } from "../../util/atomic-write";
import { artifactBytes } from "../../export/bytes";

/** Pseudo-targets: the normalised list as text, or as JSON. */
const EXTRA = ["list", "json"] as const;

export function register(program: Command, lang: Lang = "zh"): void {
  const t = translator(lang, "cli");
  const targets = [...Object.keys(ALL_TARGETS), ...EXTRA];
  subcommand(program, "allowlist", lang)
    .description(t("allowlistDescription"))
    .required("--in <files...>", t("allowlistIn"))
    .required("--target <name>", t("allowlistTarget", { targets: targets.join(", ") }))
    .option("--out <path>", t("allowlistOut"))
    .option("--lan <cidrs...>", t("allowlistLan"))
    .option("--router <ip>", t("allowlistRouter"), "192.168.1.1")
    .option("--upstream <ips...>", t("allowlistUpstream"))
    .option("--lang <lang>", t("allowlistLang"))
    .helpFooter("exitOkInvalidWrote", "examlab allowlist --in official.xlsx --target nftables --out router/ --lan 10.20.1.0/24")
    .action(async (_opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<{ in: string[]; target: string; out?: string; lan?: string[]; router: string; upstream?: string[]; lang?: string }>();
      const chosen: Lang = parseLangOption(opts.lang) ?? "zh";
      const p = translator(chosen, "cli");
      parseChoice("--target", opts.target, targets, chosen);
      const target = ALL_TARGETS[opts.target];
      let input;
      try {
        input = await compileBareAllowlist(opts.in, { lan: opts.lan, router: opts.router, upstream: opts.upstream, lang: chosen });
      } catch (e) {
        if (e instanceof InputError) throw new CliExit(EXIT.invalid, e.problems.map((pr) => formatProblem(pr, chosen)).join("\n"));
        throw e;
      }
      for (const w of input.warnings) process.stderr.write(p("allowlistWarning", { message: `${w.source ? `${w.source}: ` : ""}${chosen === "zh" ? w.zh : w.message}` }) + "\n");
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
      // An existing folder is the user's: the files go into it and nothing else in it is touched.
      const existing = fs.existsSync(opts.out) ? fs.statSync(opts.out) : undefined;
      const asFolder = /[\\/]$/.test(opts.out) || existing?.isDirectory() === true;
      if (files.length === 1 && !asFolder) {
        writeFileAtomically(opts.out, artifactBytes(files[0]));
        process.stderr.write(p("allowlistWroteFile", { file: opts.out }) + "\n");
        return;
      }
      // Never replace a file the user named by a folder.
      if (existing && !existing.isDirectory()) throw new CliExit(EXIT.invalid, p("allowlistOutIsFile", { out: opts.out, target: opts.target, n: files.length }));
      writeFilesInto(opts.out, files);
      process.stderr.write(p("allowlistWroteDir", { n: files.length, dir: opts.out }) + "\n");
    });
}
