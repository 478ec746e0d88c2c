import { describe, expect, it } from "vitest";
import * as fs from "node:fs";
import * as path from "node:path";
import { loadSiteSource } from "../../src/model/sources";
import { siteFromObject } from "../../src/model/site";
import { produceArtifacts } from "../../src/export/run";
import { describeFile } from "../../src/report/file-descriptions";
import { sizeVideoStorage } from "../../src/video/storage";
import { runChecks } from "../../src/compliance/engine";
import { lintZh } from "../../src/i18n/lint";
import type { Artifact } from "../../src/export/artifacts";

/** The readiness report in Chinese has no English left in it (and the reverse), for every generated file and value. */
const ROOT = path.resolve(__dirname, "../..");
const demo = loadSiteSource(path.join(ROOT, "sites/demo-intermediate.yaml"));
const html = (lang: "zh" | "en") => {
  const a = produceArtifacts(demo, { lang }).find((x: Artifact) => x.path === "report/report.html")!;
  return typeof a.content === "string" ? a.content : Buffer.from(a.content).toString("utf8");
};
const zh = html("zh");
const en = html("en");

describe("report translations", () => {
  it("describes every generated file in the report's language", () => {
    const artifacts = produceArtifacts(demo, { lang: "zh" });
    for (const a of artifacts.filter((x) => x.path !== "manifest.json")) {
      const d = describeFile(a.path, "(untranslated)", "zh");
      expect(d, a.path).not.toBe("(untranslated)");
      expect(lintZh(d), a.path).toEqual([]);
      expect(describeFile(a.path, "(untranslated)", "en"), a.path).not.toBe("(untranslated)");
    }
    // the files of every router family (the allowlist goldens hold one set per family)
    const golden = path.join(ROOT, "tests/allowlist/golden/demo-intermediate");
    const routerFiles = fs.readdirSync(golden, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => path.relative(golden, path.join(d.parentPath, d.name)));
    expect(routerFiles.length).toBeGreaterThan(15);
    for (const f of routerFiles.filter((x) => !/^(chrome-policy|windows-firewall)\//.test(x))) expect(describeFile(`router/${f}`, "(untranslated)", "zh"), f).not.toBe("(untranslated)");
    for (const p of ["router/pfsense/CHECKLIST.md", "router/opnsense/CHECKLIST.md", "router/other/CHECKLIST.md", "router/other/allowlist.txt", "router/squid/conf.d/20-examlab-allowlist.conf", "router/routeros/examlab-allowlist.rsc", "router/huawei/examlab-allowlist.huawei.txt", "router/h3c/examlab-allowlist.h3c.txt", "router/pfsense/aliases/EXAMLAB_WEB.txt", "router/unbound/unbound-allowlist.conf", "router/dnsmasq/dnsmasq-allowlist.conf", "router/nftables/examlab-allowlist.nft"])
      expect(describeFile(p, "(untranslated)", "zh"), p).not.toBe("(untranslated)");
    expect(zh).toContain("克隆后首次开机运行：按 MAC 或输入的座号设置计算机名");
    expect(zh).toContain("考生机制作脚本（中级；离线、可重复运行）");
    expect(zh).not.toContain("First boot after cloning");
    expect(en).toContain("First boot after cloning: host name, static IPv4");
    expect(en).toContain("Provisioning script for intermediate candidate machines");
  });

  it("names schema values for people: database mode, router family, RAID", () => {
    expect(zh).toContain("模式：每个考位独立的数据库容器（per-seat）");
    expect(zh).not.toMatch(/模式：per-seat/);
    expect(zh).toContain("路由器类型：OpenWrt");
    expect(zh).toContain("可用容量（RAID 5）");
    expect(en).toContain("Mode: per seat: each seat has its own database containers");
    expect(en).toContain("Usable (RAID 5)");
  });

  it("summarises the allowlist in words, not group keys", () => {
    expect(zh).toMatch(/共 \d+ 条：域名（端口 80、443） \d+ 条，IPv4 地址（端口 80、443） \d+ 条/);
    expect(zh).not.toMatch(/domain :80,443/);
    expect(en).toMatch(/\d+ entries: host names \(ports 80, 443\): \d+, IPv4 addresses \(ports 80, 443\): \d+/);
  });

  it("count tiles read as Chinese: number, measure word, noun", () => {
    expect(zh).toMatch(/<span class="n">\d+<\/span> 项声明待补充/);
    expect(zh).toMatch(/<span class="n">\d+<\/span> 条规则已检查/);
    expect(zh).not.toContain("缺少的声明");
    expect(en).toMatch(/<span class="n">\d+<\/span> attestations missing/);
  });

  it("RAID problems are translated in the report and the rule", () => {
    const input = JSON.parse(JSON.stringify({ ...demo.spec, nvr: { disks: [8, 8], raid: "raid5" } }));
    const site = siteFromObject(input, "raid.json");
    expect(sizeVideoStorage(site.spec).raidProblem).toEqual({ zh: "RAID 5 至少需要 3 块硬盘", en: "RAID 5 needs at least 3 disks" });
    const f = runChecks(site, {}).findings.find((x) => x.rule === "VIDEO-RETENTION")!;
    expect(f.message.zh).toBe("硬盘无法组成 RAID 5：RAID 5 至少需要 3 块硬盘");
  });

  it("uses 考场, never 机房, and 带宽, never 宽带", () => {
    expect(zh).not.toMatch(/机房|宽带/);
  });
});
