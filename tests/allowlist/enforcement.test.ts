import * as fs from "node:fs";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { compileSitePolicy, ROUTER_TARGETS } from "../../src/allowlist";
import { enforcementTableMarkdown } from "../../src/allowlist/enforcement-table";
import type { RenderInput } from "../../src/allowlist/model";
import { loadSiteSource } from "../../src/model/sources";
import { tmpDir } from "./helpers";

/**
 * Issue 10 item 14 and the README table: each target states what its generated files enforce
 * (Target.enforces); the report prints exactly that per target, window included, and the README
 * table of targets × aspects is generated from the same data (EXAMLAB_UPDATE_GENERATED=1 rewrites
 * the README block; then read the diff).
 */
const root = path.resolve(__dirname, "../..");

function site(dir: string, extra: string, family?: string): string {
  let text = fs.readFileSync(path.join(root, "sites/demo-intermediate.yaml"), "utf8").replace(/^network:/m, `${extra}network:`);
  if (family) text = text.replace(/^(\s+family:\s*)\S+/m, `$1${family}`);
  const f = path.join(dir, "site.yaml");
  fs.writeFileSync(f, text);
  return f;
}

function input(file: string): RenderInput {
  const s = loadSiteSource(file);
  const c = compileSitePolicy(s);
  return { policy: c.policy, lan: c.lan, ...(c.window ? { window: c.window } : {}), lang: "en", label: s.spec.id };
}

describe("what the generated files enforce (item 14)", () => {
  it("the report states, per target, the window the files really enforce (not the manual's requirement)", () => {
    const dir = tmpDir("enf");
    const report = (extra: string, family: string) => {
      const out = path.join(dir, `r-${family}-${extra ? "w" : "a"}`);
      spawnSync(process.execPath, [path.join(root, "bin/examlab.js"), "report", site(dir, extra, family), "--out", out], { encoding: "utf8" });
      return fs.readFileSync(path.join(out, "demo-intermediate/report.html"), "utf8");
    };
    const hoursRos = report("allowlist: { enforcement: exam-hours }\n", "routeros");
    const rosRow = /<th scope="row"><code>routeros<\/code><\/th>(.*?)<\/tr>/s.exec(hoursRos)![1];
    expect(rosRow).toMatch(/周六 08:30–17:00（Asia\/Shanghai）生效.*失败即关闭/);
    const fwRow = /<th scope="row"><code>windows-firewall<\/code><\/th>(.*?)<\/tr>/s.exec(hoursRos)![1];
    expect(fwRow).toMatch(/不按时段：全天生效/);
    const alwaysHuawei = report("", "huawei");
    const hwRow = /<th scope="row"><code>huawei<\/code><\/th>(.*?)<\/tr>/s.exec(alwaysHuawei)![1];
    expect(hwRow).toMatch(/全天生效（enforcement: always/);
    expect(hwRow).not.toMatch(/08:20|16:30/);
    // The manual's window is labelled as the requirement, not as what is configured.
    expect(alwaysHuawei).toMatch(/手册要求白名单生效的时段/);
  });

  it("pfSense and OPNsense state the window their schedule enforces (a clock test: partial) and IPv6 (enforced)", () => {
    const dir = tmpDir("enf-pf");
    const hours = input(site(dir, "allowlist: { enforcement: exam-hours }\n"));
    for (const id of ["pfsense", "opnsense"] as const) {
      const e = ROUTER_TARGETS[id].enforces!(hours);
      expect(e.examWindow.support).toBe("partial");
      expect(e.examWindow.zh).toMatch(/^周日、周六 08:30–17:00（Asia\/Shanghai）生效，其余时间放行；时钟未知时不保证生效：.*examlab_open/);
      expect(e.examWindow.en).toMatch(/examlab_open.*clock/);
      expect(e.ipv6.support).toBe("enforced");
      expect(e.managementLockdown.en).toMatch(/link-local/);
    }
    const always = input(site(tmpDir("enf-pf-always"), ""));
    expect(ROUTER_TARGETS.pfsense.enforces!(always).examWindow.support).toBe("not-applicable");
    // The report prints the same words for the site's router family.
    const out = path.join(dir, "report");
    spawnSync(process.execPath, [path.join(root, "bin/examlab.js"), "report", site(dir, "allowlist: { enforcement: exam-hours }\n", "pfsense"), "--out", out], { encoding: "utf8" });
    const row = /<th scope="row"><code>pfsense<\/code><\/th>(.*?)<\/tr>/s.exec(fs.readFileSync(path.join(out, "demo-intermediate/report.html"), "utf8"))![1];
    expect(row).toContain("examlab_open");
    expect(row).not.toMatch(/不按时段/);
  });

  it("the README table of targets is generated from the targets' own descriptions", () => {
    const dir = tmpDir("enf-readme");
    const table = enforcementTableMarkdown(input(site(dir, "allowlist: { enforcement: exam-hours }\n")));
    const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
    const block = /<!-- enforcement-table:start -->\n([\s\S]*?)<!-- enforcement-table:end -->/;
    if (process.env.EXAMLAB_UPDATE_GENERATED) fs.writeFileSync(path.join(root, "README.md"), readme.replace(block, () => `<!-- enforcement-table:start -->\n${table}\n<!-- enforcement-table:end -->`));
    const now = block.exec(fs.readFileSync(path.join(root, "README.md"), "utf8"));
    expect(now, "README.md has no enforcement-table block").not.toBeNull();
    expect(now![1], "README enforcement table is stale (EXAMLAB_UPDATE_GENERATED=1 npx vitest run tests/allowlist/enforcement.test.ts)").toBe(`${table}\n`);
    for (const id of ["huawei", "h3c", "routeros", "pfsense", "opnsense", "windows-firewall", "chrome-policy"]) expect(table).toMatch(new RegExp(`^\\| \`${id}\` \\| [✔◐✘–]`, "m"));
  });
});
