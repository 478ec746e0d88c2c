import { XMLBuilder } from "fast-xml-parser";
import { ruleById } from "../engine";
import type { CheckedSite, Lang } from "./model";

/**
 * JUnit XML for CI systems (GitLab, Jenkins): one test suite per site, one test case per rule.
 * A rule fails when it has an unsuppressed finding at or above the threshold; a rule whose
 * findings are all suppressed is "skipped" with the reasons; lower findings go to system-out.
 */
export function formatJunit(checked: readonly CheckedSite[], lang: Lang, threshold: "error" | "warning"): string {
  const failsAt = (s: string) => s === "error" || (threshold === "warning" && s === "warning");
  let tests = 0;
  let failures = 0;
  let skipped = 0;
  const suites = checked.map((c) => {
    let sFailures = 0;
    let sSkipped = 0;
    const cases = c.result.rules.map((r) => {
      const fs = c.result.findings.filter((f) => f.rule === r.id);
      const failing = fs.filter((f) => !f.suppressed && failsAt(f.severity));
      const other = fs.filter((f) => !f.suppressed && !failsAt(f.severity));
      const suppressed = fs.filter((f) => f.suppressed);
      const line = (f: (typeof fs)[number]) => `[${f.severity}] ${f.target}: ${f.message[lang]} (${f.section})`;
      const tc: Record<string, unknown> = { "@_classname": `examlab.${c.result.site}.${ruleById(r.id)?.pack ?? "rules"}`, "@_name": `${r.id} ${r.title[lang]}` };
      if (failing.length) {
        sFailures++;
        tc.failure = { "@_message": `${failing.length} finding(s): ${failing[0].message[lang]}`, "@_type": failing.some((f) => f.severity === "error") ? "error" : "warning", "#text": failing.map(line).join("\n") };
      } else if (suppressed.length && other.length === 0) {
        sSkipped++;
        tc.skipped = { "@_message": `suppressed: ${suppressed.map((f) => f.suppressed!.reason).filter((v, i, a) => a.indexOf(v) === i).join("; ")}` };
      }
      const out = [...other.map(line), ...suppressed.map((f) => `[suppressed: ${f.suppressed!.reason}] ${line(f)}`)];
      if (out.length) tc["system-out"] = out.join("\n");
      return tc;
    });
    tests += cases.length;
    failures += sFailures;
    skipped += sSkipped;
    return { "@_name": c.result.site, "@_tests": cases.length, "@_failures": sFailures, "@_errors": 0, "@_skipped": sSkipped, testcase: cases };
  });
  const doc = { "?xml": { "@_version": "1.0", "@_encoding": "UTF-8" }, testsuites: { "@_name": "examlab check", "@_tests": tests, "@_failures": failures, "@_errors": 0, "@_skipped": skipped, testsuite: suites } };
  const builder = new XMLBuilder({ ignoreAttributes: false, format: true, suppressEmptyNode: true, processEntities: true });
  return builder.build(doc) as string;
}
