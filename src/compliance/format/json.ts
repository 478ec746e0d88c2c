import { toJson } from "../../util/json";
import { EXAMLAB_VERSION } from "../../version";
import { siteReport, type CheckedSite, type Lang } from "./model";

/**
 * `examlab check --format json`: for tools. Deterministic (no timestamps). The same bytes as
 * toJson of the whole document, written one site at a time: a province's 1,000 site reports are
 * never all in memory as objects (issue 14; tests/compliance/cli.test.ts compares the two).
 */
export function formatJson(checked: readonly CheckedSite[], lang: Lang, threshold: "error" | "warning"): string {
  const parts: string[] = [];
  writeJson(checked, lang, threshold, (s) => void parts.push(s));
  return parts.join("");
}

/**
 * formatJson in pieces, handed to `write` as they are made (check writes them to stdout straight
 * away: a 5,000-site report is 92 MB, which need not exist as one string; issue 14).
 */
export function writeJson(checked: readonly CheckedSite[], lang: Lang, threshold: "error" | "warning", write: (piece: string) => void): void {
  const total = { sites: checked.length, error: 0, warning: 0, info: 0, suppressed: 0 };
  for (const c of checked) for (const k of ["error", "warning", "info", "suppressed"] as const) total[k] += c.result.counts[k];
  if (checked.length === 0) return write(toJson({ tool: "examlab", version: EXAMLAB_VERSION, level: threshold, summary: total, sites: [] }));
  // The document with an empty "sites" list, split where the sites go.
  const shell = toJson({ tool: "examlab", version: EXAMLAB_VERSION, level: threshold, summary: total, sites: [SITES_MARK] });
  const at = shell.indexOf(JSON.stringify(SITES_MARK));
  write(shell.slice(0, at));
  checked.forEach((c, i) => {
    // Each site as JSON.stringify(…, null, 2) writes it at depth 2 (inside "sites": [ ]): nested
    // two lists deep, it comes out indented so, with no second pass over its text (issue 14).
    write((i > 0 ? ",\n    " : "") + JSON.stringify([[siteReport(c, lang)]], null, 2).slice(DEPTH_2_OPEN, -DEPTH_2_CLOSE));
  });
  write(shell.slice(at + JSON.stringify(SITES_MARK).length));
}

/** `[\n  [\n    ` and `\n  ]\n]`: what JSON.stringify([[x]], null, 2) puts around x. */
const DEPTH_2_OPEN = 10;
const DEPTH_2_CLOSE = 6;

/** Stands for the site list in the document shell (JSON strings escape control characters, so no site text equals it). */
const SITES_MARK = "\u0000examlab-sites\u0000";
