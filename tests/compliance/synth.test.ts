import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { App, TerraformStack, Testing } from "cdktf";
import { parse } from "csv-parse/sync";
import { attachCompliance } from "../../stacks/compliance-aspect";
import { siteFromObject } from "../../src/model/site";
import { loadSiteSource } from "../../src/model/sources";
import { runChecks } from "../../src/compliance/engine";
import { baseSite } from "./fixtures/base-site";

/** The compliance aspect inside the cdktf app (reference/cdktf.md §2, §3, §14). */
const root = path.resolve(__dirname, "../..");
const violations = path.join(__dirname, "fixtures/violations");

function annotations(stack: TerraformStack) {
  return stack.node.metadata.filter((m) => m.type.startsWith("@cdktf/")).map((m) => `${m.type.slice(7)} ${String(m.data)}`);
}

describe("compliance aspect", () => {
  it("turns findings into annotations on the site stack: errors, warnings, suppressed as info", () => {
    const site = loadSiteSource(path.join(violations, "violations.yaml"));
    const app = Testing.app();
    const stack = new TerraformStack(app, site.spec.id);
    attachCompliance(stack, site);
    Testing.synth(stack);
    Testing.synth(stack); // aspects may run twice: findings are annotated once
    const ann = annotations(stack);
    expect(ann).toContain("error SITE-ADMIN-STAFF [site] 专兼职管理人员 2 人，少于要求的 5 人 (§2.1)");
    expect(ann).toContain("warn ROUTER-AP [router] 路由器的 AP 管理数量为 100，达到最低要求但低于建议配置 300 (§3.2 (2))");
    expect(ann.filter((a) => a.startsWith("error SITE-ADMIN-STAFF"))).toHaveLength(1);
    // Without the CSV inventory the PC-RAM suppression matches nothing; the expired one is flagged.
    expect(ann).toContain("warn 豁免 ROOM-POWER rooms/302 已于 2026-10-01 过期，不再生效（影响 1 条发现）");
    expect(ann).toContain("warn 豁免 PC-RAM rooms/301/seats/5 未匹配任何发现，可以删除");
    expect(() => Testing.fullSynth(stack)).toThrow(/Encountered Annotations with level "ERROR":[\s\S]*ROOM-SPACING \[rooms\/301\]/);
  });

  it("a compliant site synthesizes without error annotations", () => {
    const site = siteFromObject(baseSite());
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), "examlab-compliance-app-")), stackTraces: false });
    const stack = new TerraformStack(app, "base");
    attachCompliance(stack, site);
    Testing.synth(stack);
    expect(annotations(stack).filter((a) => a.startsWith("error"))).toEqual([]);
  });

  it("`cdktf synth` on a violating site exits 1, lists every error and writes the report next to cdk.tf.json", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "examlab-compliance-synth-"));
    const r = spawnSync(process.execPath, [path.join(root, "node_modules/cdktf-cli/bundle/bin/cdktf"), "synth", "--output", out], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, EXAMLAB_SITES: violations, CHECKPOINT_DISABLE: "1", CI: "true" },
      timeout: 120_000,
    });
    const log = r.stdout + r.stderr;
    expect(r.status, log.slice(-2000)).toBe(1);
    const site = loadSiteSource(path.join(violations, "violations.yaml"));
    const errors = runChecks(site).findings.filter((f) => f.severity === "error" && !f.suppressed);
    expect(errors.length).toBeGreaterThan(20);
    for (const f of errors) expect(log).toContain(`ERROR [violations]: ${f.rule} [${f.target}] ${f.message.zh}`);
    expect(log).toContain("While synthesizing one or more error annotations have been encountered");
    const dir = path.join(out, "stacks/violations");
    expect(fs.existsSync(path.join(dir, "cdk.tf.json"))).toBe(true);
    const report = JSON.parse(fs.readFileSync(path.join(dir, "files/compliance/report.json"), "utf8"));
    expect(report.counts.error).toBe(errors.length);
    const rows = parse(fs.readFileSync(path.join(dir, "files/compliance/report.csv")), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.find((x) => x["规则 Rule"] === "SITE-ADMIN-STAFF")!["结果 Compliance"]).toBe("不符合（错误）");
    expect(rows.find((x) => x["规则 Rule"] === "SITE-LEGAL-ENTITY")!["结果 Compliance"]).toBe("符合");
    fs.rmSync(out, { recursive: true, force: true });
  });
});
