import * as path from "node:path";
import type { Command } from "commander";
import { forSite, loadSites, parseLangOption } from "../io";
import { produceArtifacts } from "../../export/run";
import { commitFolders, discardFolder, stageFolder, type StagedFolder } from "../../util/atomic-write";
import type { Manifest } from "../../export/run";
import { translator, type Lang } from "../../i18n/catalogue";
import type { Artifact } from "../../export/artifacts";
import { producedJsonValue } from "../../export/json-artifact";
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
      // Each site's files are staged next to its folder as soon as they are produced (a
      // province's 1,000 sites are not held in memory, issue 14); only when every site has been
      // produced are the staged folders moved into place: a failure in any site writes nothing.
      const progress = new Progress(sites.length, process.stderr, process.env, "export");
      const staged: { dir: string; lang: Lang; folder: StagedFolder; previous: ReturnType<typeof readPreviousManifest>; next: Pick<Manifest, "files">; findings: string[]; count: number }[] = [];
      try {
        for (const site of sites) {
          const l = chosen ?? site.spec.language;
          const artifacts = forSite(site, chosen, () => produceArtifacts(site, { lang: l, inventoryFiles: opts.inventory }));
          const dir = path.join(opts.out, site.spec.id);
          // Compared with the manifest of the previous export before the folder is replaced.
          const previous = readPreviousManifest(dir);
          const next = JSON.parse(String(artifacts.find((a) => a.path === "manifest.json")!.content));
          staged.push({ dir, lang: l, folder: stageFolder(dir, artifacts), previous, next, findings: allowlistFindings(artifacts, l), count: artifacts.length });
          progress.tick(1, false);
        }
      } catch (e) {
        for (const s of staged) discardFolder(s.folder);
        throw e;
      } finally {
        progress.done();
      }
      commitFolders(staged.map((s) => s.folder));
      for (const s of staged) {
        process.stdout.write(translator(s.lang, "cli")("exportWrote", { n: s.count, dir: s.dir }) + "\n");
        process.stdout.write(formatDiff(diffManifests(s.previous, s.next), s.lang).join("\n") + "\n");
        for (const line of s.findings) process.stderr.write(line + "\n");
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
  const doc = producedJsonValue(report) as { file: string; findings: { rule: string; level: string; target: string; messages: { zh: string; en: string }; suppressed?: { reason: string } }[] };
  return doc.findings
    // Suppressed ones are a recorded decision (check and report list them): not repeated here.
    .filter((f) => f.rule === "ROUTER-ALLOWLIST" && !f.suppressed)
    .map((f) => `${doc.file}: ${f.level} ROUTER-ALLOWLIST ${f.target}: ${f.messages[lang]}`);
}
