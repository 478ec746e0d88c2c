import * as fs from "node:fs";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { TerraformStack, Testing } from "cdktf";
import { attachCompliance } from "../../stacks/compliance-aspect";
import { loadSiteSource } from "../../src/model/sources";
import { runChecks } from "../../src/compliance/engine";
import { tmpDir } from "./helpers";

/**
 * Issue 10 item 13: without `allowlist.sources` (or with a copy of the bundled example list) the
 * router configs carry the EXAMPLE list. That is a ROUTER-ALLOWLIST error that `check`, `export`,
 * synth and `report` all print, and the report's verdict stays "not ready".
 */
const root = path.resolve(__dirname, "../..");
const EXAMPLE = path.join(root, "policies/allowlist/example-official-list.txt");

/** The intermediate sample without its demo suppression, with the given allowlist lines. */
function site(dir: string, allowlist: string): string {
  const text = fs.readFileSync(path.join(root, "sites/demo-intermediate.yaml"), "utf8")
    .replace(/^suppressions:\n(  - .*\n)+/m, "")
    .replace(/^network:/m, `${allowlist}network:`);
  const f = path.join(dir, "site.yaml");
  fs.writeFileSync(f, text);
  return f;
}

function examlab(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(root, "bin/examlab.js"), ...args], { cwd: root, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, out: r.stdout + r.stderr };
}

describe("the bundled example list in force is a ROUTER-ALLOWLIST error (item 13)", () => {
  it("check, export and report print it; report says NOT ready; synth annotates it as an error", () => {
    const dir = tmpDir("example");
    const f = site(dir, "");
    const check = examlab("check", f, "--lang", "en");
    expect(check.code).toBe(1);
    expect(check.out).toMatch(/error ROUTER-ALLOWLIST allowlist: no official allowlist \(allowlist\.sources is empty\)/);

    const exp = examlab("export", f, "--out", path.join(dir, "out"), "--lang", "en");
    expect(exp.code).toBe(0);
    expect(exp.out).toMatch(/error ROUTER-ALLOWLIST allowlist: no official allowlist/);

    const rep = examlab("report", f, "--out", path.join(dir, "report"));
    expect(rep.code).toBe(1);
    expect(rep.out).toMatch(/未就绪/);
    expect(fs.readFileSync(path.join(dir, "report/demo-intermediate/report.html"), "utf8")).toMatch(/未配置官方白名单/);

    const s = loadSiteSource(f);
    const stack = new TerraformStack(Testing.app(), s.spec.id);
    attachCompliance(stack, s);
    Testing.synth(stack);
    const ann = stack.node.metadata.filter((m) => m.type === "@cdktf/error").map((m) => String(m.data));
    expect(ann.filter((a) => a.startsWith("ROUTER-ALLOWLIST [allowlist]"))).toHaveLength(1);
  });

  it("a source that is the bundled file, or a byte-identical copy of it, is caught too; the official list is not", () => {
    const dir = tmpDir("example2");
    fs.copyFileSync(EXAMPLE, path.join(dir, "official.txt"));
    const copy = runChecks(loadSiteSource(site(dir, "allowlist: { sources: [official.txt] }\n"))).findings.filter((x) => x.rule === "ROUTER-ALLOWLIST");
    expect(copy.map((x) => x.message.en)).toEqual([expect.stringMatching(/official\.txt is the bundled EXAMPLE list/)]);
    const bundled = runChecks(loadSiteSource(site(dir, `allowlist: { sources: [${JSON.stringify(EXAMPLE)}] }\n`))).findings.filter((x) => x.rule === "ROUTER-ALLOWLIST");
    expect(bundled).toHaveLength(1);
    fs.writeFileSync(path.join(dir, "real.txt"), "exam.1x-python.example.cn\n");
    const real = runChecks(loadSiteSource(site(dir, "allowlist: { sources: [real.txt] }\n"))).findings.filter((x) => x.rule === "ROUTER-ALLOWLIST");
    expect(real).toEqual([]);
    expect(examlab("export", path.join(dir, "site.yaml"), "--out", path.join(dir, "out")).out).not.toMatch(/ROUTER-ALLOWLIST/);
  });
});
