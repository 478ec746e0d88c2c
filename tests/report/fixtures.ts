import { siteFromObject, type Site } from "../../src/model/site";
import { loadSiteSource } from "../../src/model/sources";
import type { CheckResult, Finding, RuleMeta } from "../../src/compliance/types";
import type { SiteInput } from "../../src/model/schema";
import * as path from "node:path";

export const REPO = path.resolve(__dirname, "../..");

export function demoSite(): Site {
  return loadSiteSource(path.join(REPO, "sites/demo-intermediate.yaml"));
}

/** Strings that break HTML, SVG, attributes and templates if anything is left unescaped. */
export const HOSTILE = `<script>alert(1)</script>"'&<img src=x onerror=alert(2)>{{x}}`;

/** A small one-room site. `uncovered` turns the back camera away so the back rows are not seen. */
export function smallSite(opts: { uncovered?: boolean; hostile?: boolean; language?: "zh" | "en" } = {}): Site {
  const name = opts.hostile ? `考点 ${HOSTILE}` : "测试考点";
  const input: SiteInput = {
    id: opts.uncovered ? "report-uncovered" : "report-covered",
    name,
    institution: opts.hostile ? HOSTILE : "测试学院",
    language: opts.language ?? "zh",
    levels: ["intermediate"],
    network: { block: "10.66.0.0/16" },
    nvr: { disks: [4, 4, 4], raid: "raid5" },
    schedule: { dates: ["2026-12-12"] },
    rooms: [
      {
        id: "301",
        name: opts.hostile ? HOSTILE.slice(0, 60) : "考场 301",
        levels: ["intermediate"],
        candidates: 10,
        spareMachines: 1,
        layout: { widthM: 8, depthM: 8, rows: 4, columns: 4, pitchM: 1.5, rowPitchM: 1.6 },
        cameras: [
          // front camera sees only the first ~4 m; the back camera covers the rest unless turned away
          { id: "front", position: "front", x: 4, y: 0.3, directionDeg: 90, fovDeg: 120, rangeM: 4.5 },
          opts.uncovered
            ? { id: "back", position: "back", x: 4, y: 7.7, directionDeg: 0, fovDeg: 30, rangeM: 3 }
            : { id: "back", position: "back", x: 4, y: 7.7, directionDeg: 270, fovDeg: 170, rangeM: 9 },
        ],
      },
    ],
  };
  return siteFromObject(input, "test-site.ts");
}

export const RULES: RuleMeta[] = [
  { id: "CAM-COVERAGE", level: "min", section: "§3.1", title: { zh: "摄像头覆盖全场", en: "Cameras cover the whole room" }, explanation: { zh: "", en: "" }, fix: { zh: "调整摄像头方向或增加摄像头，使每个考位至少被一个摄像头拍到。", en: "Turn or add cameras so every seat is seen by at least one." } },
  { id: "PC-RAM", level: "min", section: "§3.2", title: { zh: "内存", en: "Memory" }, explanation: { zh: "", en: "" }, fix: { zh: "内存至少 2 GB，建议 4 GB。", en: "At least 2 GB RAM, 4 GB recommended." } },
  { id: "ROOM-POWER", level: "rec", section: "§3.1", title: { zh: "备用电源", en: "Backup power" }, explanation: { zh: "", en: "" }, fix: { zh: "为考场配备备用电源。", en: "Provide backup power for the room." } },
  { id: "ROUTER-ALLOWLIST", level: "min", section: "§3.2", title: { zh: "网址白名单", en: "Address allowlist" }, explanation: { zh: "", en: "" }, fix: { zh: "加载官方白名单。", en: "Load the official allowlist." } },
];

export function finding(f: Partial<Finding> & Pick<Finding, "rule" | "severity" | "target">): Finding {
  return { site: "x", message: { zh: `${f.rule} 未通过`, en: `${f.rule} failed` }, section: RULES.find((r) => r.id === f.rule)?.section ?? "§0", ...f };
}

export function checkResult(site: Site, findings: Finding[], extra: Partial<CheckResult> = {}): CheckResult {
  const count = (s: Finding["severity"]) => findings.filter((f) => f.severity === s && !f.suppressed).length;
  return {
    site: site.spec.id,
    findings,
    rules: RULES,
    suppressionNotes: [],
    counts: { error: count("error"), warning: count("warning"), info: count("info"), suppressed: findings.filter((f) => f.suppressed).length, attestationsMissing: 0 },
    ...extra,
  };
}
