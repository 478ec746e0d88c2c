import type { ArtifactProducer } from "../export/artifacts";
import { siteInventory } from "../inventory/read";
import { runChecks } from "./engine";
import { formatReportCsv } from "./format/csv";
import { siteReport, type CheckedSite } from "./format/model";
import { jsonArtifact } from "../export/json-artifact";

/**
 * compliance/report.json and compliance/report.csv for `examlab export` and, through the same
 * producer table, next to cdk.tf.json (files/compliance/) on every synth. Every finding,
 * suppressed ones included, and a pass/fail line per rule evaluated.
 */
export const complianceProducer: ArtifactProducer = {
  name: "compliance",
  produce({ site, options }) {
    const lang = options.lang ?? site.spec.language;
    const inventory = siteInventory(site, options.inventoryFiles);
    const checked: CheckedSite = { site, result: runChecks(site, { inventory }) };
    return [
      jsonArtifact({ path: "compliance/report.json", kind: "report", target: "people", description: "compliance findings (合规检查报告)" }, siteReport(checked, lang)),
      { path: "compliance/report.csv", kind: "report", target: "people", content: formatReportCsv(checked, lang), description: "compliance findings for spreadsheets (合规检查表)" },
    ];
  },
};
