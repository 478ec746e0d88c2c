import * as path from "node:path";
import type { Command } from "commander";
import { forSite, loadSites, parseLangOption } from "../io";
import { produceArtifacts } from "../../export/run";
import { writeFolderAtomically } from "../../util/atomic-write";
import { translator, type Lang } from "../../i18n/catalogue";
import type { Artifact } from "../../export/artifacts";
import { subcommand } from "../program";
import { Progress } from "../../util/progress";
import { readPreviousManifest } from "../../export/previous";
import { diffManifests, formatDiff } from "../../export/diff";

export function register(program: Command, lang: Lang = "zh"): void {
  const t = translator(lang, "cli");
  subcommand(program, "export", lang)
    .description(t("exportDescription"))
    .argument("<site-files...>", t("argSiteFiles"))
    .required("--out <dir>", t("optOut"))
    .option("--inventory <files...>", t("optInventory"))
    .option("--lang <lang>", t("exportLang"))
    .helpFooter("exitOkInvalidWrote", "examlab export sites/my-school.yaml --out out/")
    .action((files: string[], _opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<{ out: string; inventory?: string[]; lang?: string }>();
      const chosen = parseLangOption(opts.lang);
      const sites = loadSites(files, chosen);
      // Produce everything in memory first: a failure in any site writes nothing.
      // A progress line on stderr for many sites, on a terminal only (never in CI).
      const progress = new Progress(sites.length, process.stderr, process.env, "export");
      const outputs: [string, Artifact[], Lang][] = sites.map((s) => {
        const artifacts = forSite(s, chosen, () => produceArtifacts(s, { lang: chosen ?? s.spec.language, inventoryFiles: opts.inventory }));
        progress.tick(1, false);
        return [s.spec.id, artifacts, chosen ?? s.spec.language];
      });
      progress.done();
      for (const [id, artifacts, l] of outputs) {
        const dir = path.join(opts.out, id);
        const site = sites.find((s) => s.spec.id === id)!;
        // Compare with the manifest of the previous export before replacing the folder.
        const previous = readPreviousManifest(dir);
        const next = JSON.parse(String(artifacts.find((a) => a.path === "manifest.json")!.content));
        writeFolderAtomically(dir, artifacts);
        process.stdout.write(translator(l, "cli")("exportWrote", { n: artifacts.length, dir }) + "\n");
        process.stdout.write(formatDiff(diffManifests(previous, next), l).join("\n") + "\n");
        for (const line of allowlistFindings(artifacts, l)) process.stderr.write(line + "\n");
      }
    });
}

/**
 * The ROUTER-ALLOWLIST findings of an export (issue 10 item 13): the files just written may carry
 * the bundled example list, and the person exporting router configs must hear it here, not only
 * in compliance/report.json.
 */
function allowlistFindings(artifacts: readonly Artifact[], lang: "zh" | "en"): string[] {
  const report = artifacts.find((a) => a.path === "compliance/report.json");
  if (!report) return [];
  const doc = JSON.parse(String(report.content)) as { file: string; findings: { rule: string; level: string; target: string; messages: { zh: string; en: string }; suppressed?: { reason: string } }[] };
  return doc.findings
    // Suppressed ones are a recorded decision (check and report list them): not repeated here.
    .filter((f) => f.rule === "ROUTER-ALLOWLIST" && !f.suppressed)
    .map((f) => `${doc.file}: ${f.level} ROUTER-ALLOWLIST ${f.target}: ${f.messages[lang]}`);
}
