import * as path from "node:path";
import type { Command } from "commander";
import { CliExit, EXIT, loadSites } from "../io";
import { PRODUCERS } from "../../export/producers";
import { writeFolderAtomically } from "../../util/atomic-write";
import { buildSiteReport, gatherOutputs } from "../../report/build";
import { siteInventory } from "../../inventory/read";
import { reportArtifacts } from "../../report/render";
import type { Artifact } from "../../export/artifacts";
import type { Lang } from "../../report/i18n";

export function register(program: Command): void {
  program
    .command("report")
    .description("write the readiness report of each site: DIR/<site-id>/report.html and rooms/<room>.svg (考点准备情况报告)")
    .argument("<site-files...>", "site files (YAML, JSON or TypeScript)")
    .requiredOption("--out <dir>", "output folder")
    .option("--inventory <files...>", "machine inventory files (JSON, YAML or CSV)")
    .option("--lang <lang>", "zh or en (default: the site's language)")
    .action((files: string[], opts: { out: string; inventory?: string[]; lang?: string }) => {
      if (opts.lang !== undefined && opts.lang !== "zh" && opts.lang !== "en") throw new CliExit(EXIT.invalid, `--lang: expected zh or en, got "${opts.lang}"`);
      const lang = opts.lang as Lang | undefined;
      const sites = loadSites(files);
      // Build every report in memory first: bad input in any site writes nothing.
      const outputs: { id: string; files: Artifact[]; ready: boolean; errors: number; warnings: number }[] = sites.map((site) => {
        const inventory = siteInventory(site, opts.inventory);
        const others = PRODUCERS.filter((p) => p.name !== "report");
        const { produced, failures } = gatherOutputs(site, { lang: lang ?? site.spec.language, inventoryFiles: opts.inventory }, others);
        const { checks, files: report } = buildSiteReport(site, { lang, inventory, produced, producerFailures: failures });
        return { id: site.spec.id, files: reportArtifacts(report, ""), ready: checks.counts.error === 0, errors: checks.counts.error, warnings: checks.counts.warning };
      });
      for (const o of outputs) {
        const dir = path.join(opts.out, o.id);
        writeFolderAtomically(dir, o.files);
        process.stdout.write(`${o.id}: ${o.ready ? "ready" : "NOT ready"} (${o.errors} errors, ${o.warnings} warnings) → ${path.join(dir, "report.html")}\n`);
      }
      // Like `check`: exit 1 when a site is not ready, so CI can gate on the report too.
      if (outputs.some((o) => !o.ready)) process.exitCode = EXIT.findings;
    });
}
