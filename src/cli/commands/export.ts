import * as path from "node:path";
import type { Command } from "commander";
import { CliExit, EXIT, loadSites } from "../io";
import { produceArtifacts } from "../../export/run";
import { writeFolderAtomically } from "../../util/atomic-write";
import type { Artifact } from "../../export/artifacts";

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
        writeFolderAtomically(dir, artifacts);
        process.stdout.write(`wrote ${artifacts.length} files to ${dir} (manifest.json lists them)\n`);
        for (const line of allowlistFindings(artifacts, lang ?? sites.find((s) => s.spec.id === id)!.spec.language)) process.stderr.write(line + "\n");
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
    .filter((f) => f.rule === "ROUTER-ALLOWLIST")
    .map((f) => `${doc.file}: ${f.suppressed ? (lang === "zh" ? "已豁免" : "suppressed") : f.level} ROUTER-ALLOWLIST ${f.target}: ${f.messages[lang]}${f.suppressed ? ` (${f.suppressed.reason})` : ""}`);
}
