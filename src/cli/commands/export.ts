import * as path from "node:path";
import type { Command } from "commander";
import { CliExit, EXIT, loadSites } from "../io";
import { produceArtifacts } from "../../export/run";
import { writeFolderAtomically } from "../../util/atomic-write";
import type { Artifact } from "../../export/artifacts";
import { readPreviousManifest } from "../../export/previous";
import { diffManifests, formatDiff } from "../../export/diff";

export function register(program: Command): void {
  program
    .command("export")
    .description("write every generated file of each site to DIR/<site-id>/ with a manifest (导出配置与脚本)")
    .argument("<site-files...>", "site files (YAML, JSON or TypeScript)")
    .requiredOption("--out <dir>", "output folder")
    .option("--inventory <files...>", "machine inventory files (JSON or CSV) to include")
    .option("--lang <lang>", "language of reports and generated comments: zh or en (default: the site's language)")
    .action((files: string[], opts: { out: string; inventory?: string[]; lang?: string }) => {
      if (opts.lang !== undefined && opts.lang !== "zh" && opts.lang !== "en") throw new CliExit(EXIT.invalid, `--lang: expected zh or en, got "${opts.lang}"`);
      const lang = opts.lang as "zh" | "en" | undefined;
      const sites = loadSites(files);
      // Produce everything in memory first: a failure in any site writes nothing.
      const outputs: [string, Artifact[]][] = sites.map((s) => [s.spec.id, produceArtifacts(s, { lang: lang ?? s.spec.language, inventoryFiles: opts.inventory })]);
      for (const [id, artifacts] of outputs) {
        const dir = path.join(opts.out, id);
        const site = sites.find((s) => s.spec.id === id)!;
        // Compare with the manifest of the previous export before replacing the folder.
        const previous = readPreviousManifest(dir);
        const next = JSON.parse(String(artifacts.find((a) => a.path === "manifest.json")!.content));
        writeFolderAtomically(dir, artifacts);
        process.stdout.write(`wrote ${artifacts.length} files to ${dir} (manifest.json lists them)\n`);
        process.stdout.write(formatDiff(diffManifests(previous, next), lang ?? site.spec.language).join("\n") + "\n");
      }
    });
}
