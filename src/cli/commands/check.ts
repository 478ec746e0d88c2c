import type { Command } from "commander";
import { CliExit, EXIT, loadSites, parseChoice, parseFormat, parseLangOption } from "../io";
import { runChecks, failsAt } from "../../compliance/engine";
import { readInventoryFiles, inventoryBySite } from "../../inventory/read";
import { formatText } from "../../compliance/format/text";
import { formatJson } from "../../compliance/format/json";
import { formatJunit } from "../../compliance/format/junit";
import { formatSarif } from "../../compliance/format/sarif";
import { msg, translator, type Lang } from "../../i18n/catalogue";
import { slimSite, type CheckedSite } from "../../compliance/format/model";
import { InputError, formatProblem } from "../../model/errors";
import { subcommand } from "../program";

const FORMATS = ["text", "json", "junit", "sarif"] as const;

/**
 * `examlab check`: the compliance rules (policies/rules) on site files, for people and CI.
 * Exit 0: nothing at or above --level; 1: findings at or above it; 2: invalid input.
 */
export function register(program: Command, lang: Lang = "zh"): void {
  const t = translator(lang, "cli");
  subcommand(program, "check", lang)
    .description(t("checkDescription"))
    .argument("<site-files...>", t("argSiteFiles"))
    .option("--inventory <files...>", t("optInventory"))
    .option("--format <format>", t("checkFormat"), "text")
    .option("--level <level>", t("checkLevel"), "error")
    .option("--lang <lang>", t("optLang"))
    .option("--today <date>", t("checkToday"))
    .helpFooter("exitCheck", "examlab check sites/*.yaml --inventory results/*.json --format sarif > examlab.sarif")
    .action((files: string[], _opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<{ inventory?: string[]; format: string; level: string; lang?: string; today?: string }>();
      const chosen = parseLangOption(opts.lang);
      const usage: Lang = chosen ?? "zh";
      const format = parseFormat(opts.format, FORMATS, usage);
      const threshold = parseChoice("--level", opts.level, ["error", "warning"] as const, usage);
      if (opts.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(opts.today)) throw new CliExit(EXIT.invalid, msg(usage, "cli", "badDate", { option: "--today", value: opts.today }));
      const sites = loadSites(files, chosen);
      const fallback: Lang = chosen ?? sites[0]?.spec.language ?? "zh";
      let inventory;
      try {
        inventory = inventoryBySite(sites, readInventoryFiles(opts.inventory ?? []));
      } catch (e) {
        // Inventory problems in the language of the output.
        if (e instanceof InputError) throw new CliExit(EXIT.invalid, e.problems.map((p) => formatProblem(p, fallback)).join("\n"));
        throw e;
      }
      // Each site is released once checked (only what the reports read is kept) and so are its
      // machines: memory stays bounded by one site's working set plus the results (issue 14).
      const checked: CheckedSite[] = [];
      for (let i = 0; i < sites.length; i++) {
        const site = sites[i];
        const id = site.spec.id;
        checked.push({ site: slimSite(site), result: runChecks(site, { inventory: inventory.get(id), today: opts.today }) });
        inventory.delete(id);
        sites[i] = undefined as never;
      }
      let out: string;
      if (format === "json") out = formatJson(checked, fallback, threshold);
      else if (format === "junit") out = formatJunit(checked, fallback, threshold);
      else if (format === "sarif") out = formatSarif(checked, fallback);
      else out = formatText(checked, chosen, process.stdout.isTTY === true && !process.env.NO_COLOR);
      process.stdout.write(out);
      process.exitCode = checked.some((c) => failsAt(c.result, threshold)) ? EXIT.findings : EXIT.ok;
    });
}
