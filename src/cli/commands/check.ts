import type { Command } from "commander";
import { CliExit, EXIT, loadSites, parseFormat } from "../io";
import { runChecks, failsAt } from "../../compliance/engine";
import { readInventoryFiles, inventoryBySite } from "../../inventory/read";
import { formatText } from "../../compliance/format/text";
import { formatJson } from "../../compliance/format/json";
import { formatJunit } from "../../compliance/format/junit";
import { formatSarif } from "../../compliance/format/sarif";
import type { CheckedSite, Lang } from "../../compliance/format/model";

const FORMATS = ["text", "json", "junit", "sarif"] as const;

/**
 * `examlab check`: the compliance rules (policies/rules) on site files, for people and CI.
 * Exit 0: nothing at or above --level; 1: findings at or above it; 2: invalid input.
 */
export function register(program: Command): void {
  program
    .command("check")
    .description("check sites against the exam-site manual (按考点工作手册检查考点)")
    .argument("<site-files...>", "site files (YAML, JSON or TypeScript)")
    .option("--inventory <files...>", "machine inventory files (JSON per schema/inventory.schema.json, or CSV)")
    .option("--format <format>", "text, json, junit or sarif", "text")
    .option("--level <level>", "fail (exit 1) on findings at or above: error or warning", "error")
    .option("--lang <lang>", "language of messages: zh or en (default: each site's language)")
    .option("--today <date>", "date used for suppression expiry, YYYY-MM-DD (default: today)")
    .action((files: string[], opts: { inventory?: string[]; format: string; level: string; lang?: string; today?: string }) => {
      const format = parseFormat(opts.format, FORMATS);
      if (opts.level !== "error" && opts.level !== "warning") throw new CliExit(EXIT.invalid, `--level: expected error or warning, got "${opts.level}"`);
      if (opts.lang !== undefined && opts.lang !== "zh" && opts.lang !== "en") throw new CliExit(EXIT.invalid, `--lang: expected zh or en, got "${opts.lang}"`);
      if (opts.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(opts.today)) throw new CliExit(EXIT.invalid, `--today: expected YYYY-MM-DD, got "${opts.today}"`);
      const threshold = opts.level;
      const sites = loadSites(files);
      const inventory = inventoryBySite(sites, readInventoryFiles(opts.inventory ?? []));
      const checked: CheckedSite[] = sites.map((site) => ({ site, result: runChecks(site, { inventory: inventory.get(site.spec.id), today: opts.today }) }));
      const lang = opts.lang as Lang | undefined;
      const fallback: Lang = lang ?? sites[0]?.spec.language ?? "zh";
      let out: string;
      if (format === "json") out = formatJson(checked, fallback, threshold);
      else if (format === "junit") out = formatJunit(checked, fallback, threshold);
      else if (format === "sarif") out = formatSarif(checked, fallback);
      else out = formatText(checked, lang, process.stdout.isTTY === true && !process.env.NO_COLOR);
      process.stdout.write(out);
      process.exitCode = checked.some((c) => failsAt(c.result, threshold)) ? EXIT.findings : EXIT.ok;
    });
}
