import { toJson } from "../../util/json";
import { EXAMLAB_VERSION } from "../../version";
import { siteReport, type CheckedSite, type Lang } from "./model";

/** `examlab check --format json`: for tools. Deterministic (no timestamps). */
export function formatJson(checked: readonly CheckedSite[], lang: Lang, threshold: "error" | "warning"): string {
  const total = { sites: checked.length, error: 0, warning: 0, info: 0, suppressed: 0 };
  for (const c of checked) for (const k of ["error", "warning", "info", "suppressed"] as const) total[k] += c.result.counts[k];
  return toJson({ tool: "examlab", version: EXAMLAB_VERSION, level: threshold, summary: total, sites: checked.map((c) => siteReport(c, lang)) });
}
