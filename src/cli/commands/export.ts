import * as path from "node:path";
import type { Command } from "commander";
import { loadSites, parseLangOption } from "../io";
import { produceArtifacts } from "../../export/run";
import { writeFolderAtomically } from "../../util/atomic-write";
import { translator, type Lang } from "../../i18n/catalogue";
import type { Artifact } from "../../export/artifacts";
import type { ExamlabCommand } from "../program";
import { readPreviousManifest } from "../../export/previous";
import { diffManifests, formatDiff } from "../../export/diff";

export function register(program: Command, lang: Lang = "zh"): void {
  const t = translator(lang, "cli");
  (program.command("export") as ExamlabCommand)
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
      const outputs: [string, Artifact[], Lang][] = sites.map((s) => [s.spec.id, produceArtifacts(s, { lang: chosen ?? s.spec.language, inventoryFiles: opts.inventory }), chosen ?? s.spec.language]);
      for (const [id, artifacts, l] of outputs) {
        const dir = path.join(opts.out, id);
        const site = sites.find((s) => s.spec.id === id)!;
        // Compare with the manifest of the previous export before replacing the folder.
        const previous = readPreviousManifest(dir);
        const next = JSON.parse(String(artifacts.find((a) => a.path === "manifest.json")!.content));
        writeFolderAtomically(dir, artifacts);
        process.stdout.write(translator(l, "cli")("exportWrote", { n: artifacts.length, dir }) + "\n");
        process.stdout.write(formatDiff(diffManifests(previous, next), l).join("\n") + "\n");
      }
    });
}
