import type { ArtifactProducer } from "../export/artifacts";
import { buildSiteReport } from "./build";
import { siteInventory } from "../inventory/read";
import { reportArtifacts } from "./render";

/**
 * `examlab export` / cdktf stack output: report/report.html and report/rooms/<room>.svg.
 * Registered last in src/export/producers.ts so ctx.produced holds every other feature's files.
 */
export const reportProducer: ArtifactProducer = {
  name: "report",
  produce({ site, options, produced }) {
    const inventory = siteInventory(site, options.inventoryFiles);
    const { files } = buildSiteReport(site, { lang: options.lang, inventory, produced });
    return reportArtifacts(files, "report/");
  },
};
