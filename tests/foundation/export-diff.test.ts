import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { actionOf, diffManifests, formatDiff } from "../../src/export/diff";

/** `examlab export` says what changed since the previous export and what to re-apply. */
const root = path.resolve(__dirname, "../..");
const f = (p: string, sha: string) => ({ path: p, sha256: sha, kind: "x", target: "x", bytes: 1 });

describe("export diff", () => {
  it("maps every kind of generated file to what must be re-applied", () => {
    expect(actionOf("router/openwrt/examlab-uci.batch")).toBe("router");
    expect(actionOf("network/static-leases.csv")).toBe("router");
    expect(actionOf("windows/first-boot-identity.ps1")).toBe("first-boot");
    expect(actionOf("databases/seat-ports.json")).toBe("first-boot");
    expect(actionOf("windows/provision-intermediate.ps1")).toBe("image");
    expect(actionOf("windows/packer/windows10-advanced.pkr.hcl")).toBe("image");
    expect(actionOf("endpoint/chrome-policy.reg")).toBe("image");
    expect(actionOf("databases/lab-server-lab1.nft")).toBe("lab-servers");
    expect(actionOf("windows/check-environment.ps1")).toBe("env-check");
    expect(actionOf("report/report.html")).toBeUndefined();
    expect(actionOf("network/ip-plan.json")).toBeUndefined();
  });

  it("lists changed, added and removed files and orders the actions", () => {
    const d = diffManifests(
      { files: [f("router/a.nft", "1"), f("windows/first-boot-identity.ps1", "2"), f("report/report.html", "3"), f("windows/provision-primary.ps1", "4")] },
      { files: [f("router/a.nft", "1"), f("windows/first-boot-identity.ps1", "9"), f("report/report.html", "8"), f("router/b.nft", "5")] },
    )!;
    expect(d).toMatchObject({ changed: ["report/report.html", "windows/first-boot-identity.ps1"], added: ["router/b.nft"], removed: ["windows/provision-primary.ps1"], unchanged: 1 });
    expect(d.actions).toEqual([
      { action: "router", files: ["router/b.nft"] },
      { action: "image", files: ["windows/provision-primary.ps1"] },
      { action: "first-boot", files: ["windows/first-boot-identity.ps1"] },
    ]);
    const zh = formatDiff(d, "zh");
    expect(zh[0]).toBe("  与上次导出相比：2 个文件有变化，新增 1 个，删除 1 个，1 个相同");
    expect(zh).toContain("  需要重新应用：");
    expect(zh.find((l) => l.startsWith("    1. "))).toMatch(/^    1\. 重新应用路由器配置.*——router\/b\.nft$/);
    expect(formatDiff(undefined, "en")).toEqual(["  first export (no previous manifest.json in the output folder)"]);
    expect(diffManifests(undefined, { files: [] })).toBeUndefined();
  });

  it("end to end: a changed room subnet asks to re-apply the router and the first-boot script; a rerun says nothing changed", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "examlab-diff-"));
    const site = path.join(dir, "site.yaml");
    const yaml = fs.readFileSync(path.join(root, "sites/demo-intermediate.yaml"), "utf8");
    fs.writeFileSync(site, yaml);
    const run = () => spawnSync(process.execPath, ["bin/examlab.js", "export", site, "--out", path.join(dir, "out")], { cwd: root, encoding: "utf8" });
    expect(run().stdout).toContain("首次导出");
    expect(run().stdout).toMatch(/与上次导出相比没有变化（\d+ 个文件相同），无需重新应用/);
    fs.writeFileSync(site, yaml.replace('  - id: "202"\n', '  - id: "202"\n    subnet: 10.20.77.0/24\n'));
    const r = run();
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("    ~ network/static-leases.csv");
    expect(r.stdout).toMatch(/\d\. 重新应用路由器配置/);
    expect(r.stdout).toMatch(/\d\. 在每台考生机上重新运行 first-boot-identity\.ps1/);
    // A garbage manifest in the folder is not ours: treated as a first export, never a crash.
    fs.writeFileSync(path.join(dir, "out", "demo-intermediate", "manifest.json"), "{not json");
    expect(run().stdout).toContain("首次导出");
  });
});
