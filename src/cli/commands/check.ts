import type { Command } from "commander";
import { allowlistProblemLines, CliExit, EXIT, eachSite, parseChoice, parseFormat, parseLangOption } from "../io";
import { pushAll } from "../../util/arrays";
import { runChecks, failsAt } from "../../compliance/engine";
import { readInventoryFiles, inventoryBySite, machinesOfSite, siteRooms, type SiteRooms } from "../../inventory/read";
import type { InventoryEntry } from "../../inventory/types";
import { formatText } from "../../compliance/format/text";
import { writeJson } from "../../compliance/format/json";
import { formatJunit } from "../../compliance/format/junit";
import { formatSarif } from "../../compliance/format/sarif";
import { msg, translator, type Lang } from "../../i18n/catalogue";
import { slimSite, type CheckedSite } from "../../compliance/format/model";
import { InputError, formatProblem } from "../../model/errors";
import { subcommand } from "../program";
import { Progress } from "../../util/progress";
import { isCalendarDate } from "../../util/calendar-date";

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
      if (opts.today !== undefined && !isCalendarDate(opts.today)) throw new CliExit(EXIT.invalid, msg(usage, "cli", "badDate", { option: "--today", value: opts.today }));
      // Streaming (issue 14): the inventory is read first, then each site is loaded, checked and
      // released (reports keep only its spec, file and line finder), so a province's `check`
      // holds one site at a time. Problems and exit codes are those of loading everything first:
      // site problems win; the inventory is validated against every site at the end.
      let entries: InventoryEntry[] = [];
      let inventoryError: InputError | undefined;
      try {
        entries = readInventoryFiles(opts.inventory ?? []);
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        inventoryError = e;
      }
      const machinesOf = machinesOfSite(entries, files.length === 1);
      const checked: CheckedSite[] = [];
      const shapes: SiteRooms[] = [];
      let firstLanguage: Lang | undefined;
      const allowlistProblems: string[] = [];
      // A progress line on stderr for many sites, on a terminal only (never in CI).
      const progress = new Progress(files.length, process.stderr, process.env, "check");
      eachSite(files, chosen, (site) => {
        progress.tick(1, false);
        firstLanguage ??= site.spec.language;
        shapes.push(siteRooms(site));
        // A broken allowlist is bad input here too (exit 2), not first at export.
        pushAll(allowlistProblems, allowlistProblemLines(site, chosen));
        if (inventoryError || allowlistProblems.length) return; // exit 2 follows: no need to check
        checked.push({ site: slimSite(site), result: runChecks(site, { inventory: opts.inventory ? machinesOf(site.spec.id) : undefined, today: opts.today }) });
      });
      progress.done();
      if (allowlistProblems.length) throw new CliExit(EXIT.invalid, allowlistProblems.join("\n"));
      const fallback: Lang = chosen ?? firstLanguage ?? "zh";
      try {
        if (inventoryError) throw inventoryError;
        inventoryBySite(shapes, entries);
      } catch (e) {
        // Inventory problems in the language of the output.
        if (e instanceof InputError) throw new CliExit(EXIT.invalid, e.problems.map((p) => formatProblem(p, fallback)).join("\n"));
        throw e;
      }
      let out: string;
      if (format === "json") {
        // Written site by site: the report need not exist as one string.
        writeJson(checked, fallback, threshold, (piece) => void process.stdout.write(piece));
        out = "";
      } else if (format === "junit") out = formatJunit(checked, fallback, threshold);
      else if (format === "sarif") out = formatSarif(checked, fallback);
      else out = formatText(checked, chosen, process.stdout.isTTY === true && !process.env.NO_COLOR);
      if (out) process.stdout.write(out);
      process.exitCode = checked.some((c) => failsAt(c.result, threshold)) ? EXIT.findings : EXIT.ok;
    });
}
