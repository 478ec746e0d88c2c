import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";

/** `examlab check` end to end through bin/examlab.js (dist/ is built by `npm test`). */
const root = path.resolve(__dirname, "../..");
const fx = (f: string) => path.join("tests/compliance/fixtures/violations", f);
const VIOLATIONS = [fx("violations.yaml"), "--inventory", fx("violations-inventory.csv"), "--today", "2026-11-26"];
const SAMPLES = ["sites/demo-intermediate.yaml", "sites/demo-primary.ts"];

function examlab(...args: string[]) {
  const r = spawnSync(process.execPath, ["bin/examlab.js", "check", ...args], { cwd: root, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("examlab check", () => {
  it("the sample sites pass with no errors (exit 0); their warnings are listed", () => {
    const r = examlab(...SAMPLES);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/共 2 个考点：0 个错误，9 个警告/);
    expect(r.stdout).not.toMatch(/\x1b\[/); // no colours when not a TTY
  });

  it("--level warning fails on warnings", () => {
    expect(examlab(...SAMPLES, "--level", "warning").code).toBe(1);
  });

  it("a violating site exits 1; text starts with the summary, is grouped by room, Chinese first, each finding with its fix", () => {
    const r = examlab(...VIOLATIONS);
    expect(r.code).toBe(1);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe("共 1 个考点：31 个错误，13 个警告，2 条提示，1 条已豁免");
    const room301 = lines.indexOf("  考场 301");
    const room302 = lines.indexOf("  考场 302");
    expect(lines.indexOf("  考点整体（人员、路由器、录像）")).toBeGreaterThan(0);
    expect(room301).toBeGreaterThan(0);
    expect(room302).toBeGreaterThan(room301);
    expect(lines.slice(room301, room302).join("\n")).toContain("✖ 错误 PC-ENV-CHECK rooms/301/seats/9: 考场 301 座位 9（R301-09）未通过环境检测 (§3.2 (3))\n      处理办法：在考生机上运行环境检测并修复报告的问题");
    expect(r.stdout).toContain("豁免 ROOM-POWER rooms/302 已于 2026-10-01 过期");

  });

  it("--lang en prints English", () => {
    const r = examlab(...VIOLATIONS, "--lang", "en");
    expect(r.stdout).toContain("room 301 seat 9 (R301-09) failed the environment check");
    expect(r.stdout.split("\n")[0]).toBe("1 site(s): 31 error(s), 13 warning(s), 2 info, 1 suppressed");
    expect(r.stdout).toContain("\n      fix: run the environment check on the machine and fix what it reports\n");
  });

  it("JSON has rule, level, site, target, message and section for every finding", () => {
    const r = examlab(...VIOLATIONS, "--format", "json", "--lang", "en");
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.summary).toEqual({ sites: 1, error: 31, warning: 13, info: 2, suppressed: 1 });
    const f = json.sites[0].findings.find((x: { rule: string }) => x.rule === "VIDEO-RETENTION");
    expect(f).toMatchObject({ rule: "VIDEO-RETENTION", level: "error", site: "violations", target: "nvr", message: "recordings are kept 3 years, less than 5", section: "§8.1" });
    expect(f.data).toMatchObject({ cameras: 3, totalBitrateKbps: 12288, retentionYears: 5 });
    expect(json.sites[0].suppressions).toHaveLength(3);
  });

  it("JUnit XML is well-formed and has one failing test case per failing rule", () => {
    const r = examlab(...VIOLATIONS, "--format", "junit");
    expect(XMLValidator.validate(r.stdout)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === "testsuite" || name === "testcase" }).parse(r.stdout);
    const suite = doc.testsuites.testsuite[0];
    expect(suite["@_name"]).toBe("violations");
    const cases = suite.testcase as Record<string, unknown>[];
    const failing = cases.filter((c) => c.failure).map((c) => String(c["@_name"]).split(" ")[0]);
    expect(failing).toContain("PC-ENV-CHECK");
    expect(failing).not.toContain("ROUTER-AP"); // a warning, below --level error
    expect(Number(suite["@_failures"])).toBe(failing.length);
    const ram = cases.find((c) => String(c["@_name"]).startsWith("PC-RAM "))!;
    expect((ram.skipped as Record<string, string>)["@_message"]).toMatch(/^suppressed: 旧机器/);
    // With --level warning the warnings fail too.
    const w = new XMLParser({ ignoreAttributes: false, isArray: (n) => n === "testsuite" || n === "testcase" }).parse(examlab(...VIOLATIONS, "--format", "junit", "--level", "warning").stdout);
    expect((w.testsuites.testsuite[0].testcase as Record<string, unknown>[]).filter((c) => c.failure).map((c) => String(c["@_name"]).split(" ")[0])).toContain("ROUTER-AP");
  });

  it("SARIF validates against the SARIF 2.1.0 JSON Schema and points into the site file", () => {
    const r = examlab(...VIOLATIONS, "--format", "sarif");
    const sarif = JSON.parse(r.stdout);
    const schema = JSON.parse(fs.readFileSync(path.join(__dirname, "sarif-2.1.0-rtm.5.json"), "utf8"));
    // The official schema has a pattern that is not valid as a unicode RegExp; compile it as written.
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
    const results = sarif.runs[0].results as { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[]; suppressions?: unknown[] }[];
    expect(results).toHaveLength(47);
    const router = results.find((x) => x.ruleId === "ROUTER-BANDWIDTH")!;
    expect(router.locations[0].physicalLocation.artifactLocation.uri).toBe("tests/compliance/fixtures/violations/violations.yaml");
    const yaml = fs.readFileSync(path.join(root, fx("violations.yaml")), "utf8").split("\n");
    expect(yaml[router.locations[0].physicalLocation.region.startLine - 1]).toBe("router:");
    expect(results.find((x) => x.ruleId === "PC-RAM")!.suppressions).toEqual([{ kind: "external", status: "accepted", justification: "旧机器，组织方书面同意本次使用 accepted old machine" }]);
    // The validator is real: a broken log fails.
    expect(validate({ ...sarif, version: "2.0.0" })).toBe(false);
  });

  it("invalid input exits 2 naming file, line and field", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "examlab-compliance-cli-"));
    const csv = path.join(dir, "inv.csv");
    fs.writeFileSync(csv, "room,seat,ramGB\n301,1,8\n301,x,4\n999,2,4\n");
    const r = examlab(fx("violations.yaml"), "--inventory", csv, "--lang", "en");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${csv}:3: seat: expected number, got "x"`);
    expect(r.stdout).toBe("");
    fs.writeFileSync(csv, "room,seat,ramGB\n999,2,4\n");
    expect(examlab(fx("violations.yaml"), "--inventory", csv, "--lang", "en").stderr).toContain(`${csv}:2: room: room "999" does not exist in site violations (rooms: 301, 302)`);
    expect(examlab(fx("violations.yaml"), "--format", "xml").code).toBe(2);
    expect(examlab(fx("violations.yaml"), "--level", "fatal").code).toBe(2);
    expect(examlab("no-such-site.yaml").code).toBe(2);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
