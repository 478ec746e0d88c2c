import * as path from "node:path";
import type { Command } from "commander";
import { EXIT, checkAllowlistInputs, forSite, loadSites, parseLangOption } from "../io";
import { PRODUCERS } from "../../export/producers";
import { writeFolderAtomically } from "../../util/atomic-write";
import { buildSiteReport, gatherOutputs } from "../../report/build";
import { siteInventory } from "../../inventory/read";
import { reportArtifacts } from "../../report/render";
import { translator, type Lang } from "../../i18n/catalogue";
import type { Artifact } from "../../export/artifacts";
import { subcommand } from "../program";

export function register(program: Command, lang: Lang = "zh"): void {
  const t = translator(lang, "cli");
  subcommand(program, "report", lang)
    .description(t("reportDescription"))
    .argument("<site-files...>", t("argSiteFiles"))
    .required("--out <dir>", t("optOut"))
    .option("--inventory <files...>", t("optInventory"))
    .option("--lang <lang>", t("optLang"))
    .helpFooter("exitReport", "examlab report sites/my-school.yaml --inventory results/*.json --out reports/")
    .action((files: string[], _opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<{ out: string; inventory?: string[]; lang?: string }>();
      const chosen = parseLangOption(opts.lang);
      const sites = loadSites(files, chosen);
      // A broken allowlist or inventory is bad input (exit 2), as in check: not a "ready" report.
      checkAllowlistInputs(sites, chosen);
      // Build every report in memory first: bad input in any site writes nothing.
      const outputs: { id: string; files: Artifact[]; ready: boolean; errors: number; warnings: number; lang: Lang }[] = sites.map((site) => {
        const inventory = forSite(site, chosen, () => siteInventory(site, opts.inventory));
        const others = PRODUCERS.filter((p) => p.name !== "report");
        const { produced, failures } = gatherOutputs(site, { lang: chosen ?? site.spec.language, inventoryFiles: opts.inventory }, others);
        const { checks, files: report } = buildSiteReport(site, { lang: chosen, inventory, produced, producerFailures: failures });
        return { id: site.spec.id, files: reportArtifacts(report, ""), ready: checks.counts.error === 0, errors: checks.counts.error, warnings: checks.counts.warning, lang: chosen ?? site.spec.language };
      });
      for (const o of outputs) {
        const dir = path.join(opts.out, o.id);
        writeFolderAtomically(dir, o.files);
        const p = translator(o.lang, "cli");
        process.stdout.write(p("reportLine", { id: o.id, verdict: o.ready ? p("reportReady") : p("reportNotReady"), errors: o.errors, warnings: o.warnings, file: path.join(dir, "report.html") }) + "\n");
      }
      // Like `check`: exit 1 when a site is not ready, so CI can gate on the report too.
      if (outputs.some((o) => !o.ready)) process.exitCode = EXIT.findings;
    });
}
