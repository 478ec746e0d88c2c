import type { Site } from "../model/site";
import type { Artifact, ArtifactProducer, ExportOptions } from "../export/artifacts";
import type { CheckResult } from "../compliance/types";
import type { InventoryMachine } from "../inventory/types";
import { runChecks } from "../compliance/engine";
import { renderReport, type ReportFiles } from "./render";
import type { Lang } from "./i18n";
import { pushAll } from "../util/arrays";

export interface SiteReport {
  checks: CheckResult;
  files: ReportFiles;
}

/**
 * The report of one site: runs the compliance engine (with the imported inventory, if any) and
 * renders the page and the room plans. `produced` are the other features' files, for the
 * network/databases/Windows sections.
 */
export function buildSiteReport(
  site: Site,
  opts: { lang?: Lang; inventory?: InventoryMachine[]; produced?: readonly Artifact[]; producerFailures?: readonly { name: string; message: string }[]; today?: string },
): SiteReport {
  const checks = runChecks(site, { inventory: opts.inventory, today: opts.today });
  const files = renderReport({
    site,
    checks,
    produced: opts.produced ?? [],
    lang: opts.lang,
    measuredSeats: opts.inventory?.map((m) => ({ room: m.room, seat: m.seat, spare: m.spare })),
    producerFailures: opts.producerFailures,
  });
  return { checks, files };
}

/** This site's machines from inventory files (entries naming another site are left to that site). */

/**
 * Runs the other producers for the report only: a feature that fails is named in the report
 * instead of stopping it (`examlab export` itself still fails on such an error).
 */
export function gatherOutputs(site: Site, options: ExportOptions, producers: readonly ArtifactProducer[]): { produced: Artifact[]; failures: { name: string; message: string }[] } {
  const produced: Artifact[] = [];
  const failures: { name: string; message: string }[] = [];
  for (const p of producers) {
    try {
      pushAll(produced, p.produce({ site, options, produced }));
    } catch (e) {
      failures.push({ name: p.name, message: (e as Error).message.split("\n")[0] });
    }
  }
  return { produced, failures };
}
