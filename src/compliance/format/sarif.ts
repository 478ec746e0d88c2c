import * as path from "node:path";
import { ALL_RULES } from "../engine";
import { EXAMLAB_VERSION } from "../../version";
import { targetPath } from "../locate";
import { toJson } from "../../util/json";
import type { CheckedSite, Lang } from "./model";

/**
 * SARIF 2.1.0 for code-scanning UIs (GitHub, GitLab): every rule in tool.driver.rules, one
 * result per finding located in the site file (line of the field the target maps to),
 * suppressed findings carry a suppression with the justification.
 */
const LEVEL = { error: "error", warning: "warning", info: "note" } as const;

export function formatSarif(checked: readonly CheckedSite[], lang: Lang, cwd = process.cwd()): string {
  const index = new Map(ALL_RULES.map((r, i) => [r.id, i]));
  const results = checked.flatMap((c) => {
    // The site keeps the line finder of the file it was read from (TypeScript sites: none).
    const lineOf = c.site.lineOf;
    const uri = path.relative(cwd, path.resolve(c.site.file)).split(path.sep).join("/");
    return c.result.findings.map((f) => {
      const line = lineOf(targetPath(c.site, f));
      return {
        ruleId: f.rule,
        ruleIndex: index.get(f.rule),
        level: LEVEL[f.severity],
        message: { text: `${f.message[lang]} (${f.section})` },
        locations: [
          {
            physicalLocation: { artifactLocation: { uri }, region: { startLine: line ?? 1 } },
            logicalLocations: [{ fullyQualifiedName: `${f.site}/${f.target}`, kind: "resource" }],
          },
        ],
        partialFingerprints: { "examlabFinding/v1": `${f.site}/${f.rule}/${f.target}` },
        ...(f.suppressed ? { suppressions: [{ kind: "external", status: "accepted", justification: f.suppressed.reason }] } : {}),
        properties: { site: f.site, target: f.target, section: f.section, ...(f.data ? { data: f.data } : {}) },
      };
    });
  });
  const sarif = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "examlab",
            version: EXAMLAB_VERSION,
            informationUri: "https://examlab.invalid/docs/rules.md",
            rules: ALL_RULES.map((r) => ({
              id: r.id,
              name: r.id.toLowerCase().replace(/(^|-)([a-z0-9])/g, (_m, _d, ch: string) => ch.toUpperCase()),
              shortDescription: { text: r.title[lang] },
              fullDescription: { text: r.explanation[lang] },
              help: { text: r.fix[lang] },
              defaultConfiguration: { level: r.level === "rec" || r.attestation === "advisory" ? "warning" : r.level === "info" ? "note" : "error" },
              properties: { section: r.section, level: r.level, tags: ["compliance", r.pack ?? "rules"] },
            })),
          },
        },
        results,
      },
    ],
  };
  return toJson(sarif);
}
