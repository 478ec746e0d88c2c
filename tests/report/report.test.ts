import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { XMLValidator } from "fast-xml-parser";
import { renderReport } from "../../src/report/render";
import { examDayTimeline, enforcementWindow } from "../../src/report/timeline";
import { describeTarget } from "../../src/report/findings";
import { stringKeys, translator } from "../../src/report/i18n";
import { siteFromObject } from "../../src/model/site";
import type { Artifact } from "../../src/export/artifacts";
import { HOSTILE, checkResult, demoSite, finding, smallSite } from "./fixtures";

describe("exam-day timeline (§6.4)", () => {
  it("gives the manual's times for the default schedule", () => {
    const [theory, practical] = examDayTimeline(demoSite().spec.schedule);
    const at = (s: typeof theory, key: string) => s.events.filter((e) => e.key === key).map((e) => (e.until ? `${e.time}-${e.until}` : e.time));
    expect(at(theory, "ev_draw")).toEqual(["08:00"]);
    expect(at(theory, "ev_entry")).toEqual(["08:30"]);
    expect(at(theory, "ev_client")).toEqual(["08:55"]);
    expect(at(theory, "ev_start")).toEqual(["09:00"]);
    expect(at(theory, "ev_late")).toEqual(["09:30"]);
    expect(at(theory, "ev_noHandInFirst")).toEqual(["09:00-09:30"]);
    expect(at(theory, "ev_noHandInLast")).toEqual(["10:25-10:30"]);
    expect(at(theory, "ev_warning")).toEqual(["10:25"]);
    expect(at(theory, "ev_end")).toEqual(["10:30"]);
    expect(at(practical, "ev_client")).toEqual(["13:55"]);
    expect(at(practical, "ev_warning")).toEqual(["16:25"]);
    expect(at(practical, "ev_end")).toEqual(["16:30"]);
    // the lab is confirmed ready before candidates start the client
    expect(at(theory, "ev_ready")[0] < "08:55").toBe(true);
    expect(theory.events.map((e) => e.time)).toEqual([...theory.events.map((e) => e.time)].sort());
  });

  it("derives the afternoon and other sites' times from the schedule", () => {
    const sched = { dates: [], theory: { start: "08:30", end: "10:00" }, practical: { start: "13:30", end: "16:00" }, timezone: "Asia/Shanghai" };
    const [theory, practical] = examDayTimeline(sched);
    expect(theory.events.find((e) => e.key === "ev_client")!.time).toBe("08:25");
    expect(practical.events.find((e) => e.key === "ev_late")!.time).toBe("14:00");
    expect(practical.events.find((e) => e.key === "ev_warning")!.time).toBe("15:55");
    expect(enforcementWindow(sched)).toEqual({ from: "07:50", to: "16:00", timezone: "Asia/Shanghai" });
  });
});

describe("report content", () => {
  it("puts the verdict, counts and failing items first, errors before warnings, with section and fix", () => {
    const site = demoSite();
    const checks = checkResult(site, [
      finding({ rule: "ROOM-POWER", severity: "warning", target: "rooms/202" }),
      finding({ rule: "PC-RAM", severity: "error", target: "rooms/201/seats/17" }),
      finding({ rule: "CAM-COVERAGE", severity: "error", target: "rooms/201/seats/9", suppressed: { reason: "waiver from the organising body", by: "王主考" } }),
    ]);
    const { html } = renderReport({ site, checks, produced: [] });
    const summary = html.slice(html.indexOf('id="summary"'), html.indexOf('id="rooms"'));
    expect(summary).toContain("未就绪");
    expect(summary).toMatch(/<span class="n">1<\/span> 个错误/);
    expect(summary).toMatch(/<span class="n">1<\/span> 个警告/);
    expect(summary.indexOf("PC-RAM")).toBeLessThan(summary.indexOf("ROOM-POWER"));
    expect(summary).toContain("考场 201 · 17 号考位");
    expect(summary).toContain("内存至少 2 GB，建议 4 GB。");
    expect(summary).toContain("§3.2");
    // the suppressed finding is listed with its reason, not among the items to fix
    const failing = summary.slice(0, summary.indexOf("豁免项"));
    expect(failing).not.toContain("CAM-COVERAGE");
    expect(summary).toContain("waiver from the organising body");
    // a clean result says ready
    const ok = renderReport({ site, checks: checkResult(site, []), produced: [] }).html;
    expect(ok).toContain('class="verdict ready"');
    expect(ok).toContain("没有待处理事项。");
  });

  it("switches to English with --lang en or the site's language", () => {
    const site = smallSite({ language: "en" });
    const { html } = renderReport({ site, checks: checkResult(site, [finding({ rule: "PC-RAM", severity: "error", target: "rooms/301/seats/2" })]), produced: [] });
    expect(html).toContain('<html lang="en">');
    expect(html).toContain("Not ready");
    expect(html).toContain("room 301 · seat 2");
    expect(html).toContain("At least 2 GB RAM, 4 GB recommended.");
    const zh = renderReport({ site, checks: checkResult(site, []), produced: [], lang: "zh" }).html;
    expect(zh).toContain('<html lang="zh-CN">');
  });

  it("has every string in both languages", () => {
    const zh = translator("zh");
    const en = translator("en");
    for (const k of stringKeys()) {
      expect(zh(k).length, k).toBeGreaterThan(0);
      expect(en(k).length, k).toBeGreaterThan(0);
    }
    expect(describeTarget("rooms/201/cameras/front", en)).toBe("room 201 · camera front");
    expect(describeTarget("router", zh)).toBe("路由器");
  });

  it("shows other features' outputs only when they exist, and never crashes without them", () => {
    const site = demoSite();
    const bare = renderReport({ site, checks: checkResult(site, []), produced: [] }).html;
    expect(bare).toContain("本次未生成白名单");
    expect(bare).not.toContain("考位端口映射");
    const produced: Artifact[] = [
      { path: "policy/allowlist.normalised.json", kind: "allowlist", target: "router", content: JSON.stringify({ entries: [{ kind: "domain", value: "exam.1x-python.example.cn", source: { file: "official.txt", line: 3 } }, { kind: "cidr", value: "10.20.0.0/24", source: "site" }] }) },
      { path: "router/openwrt/dnsmasq.conf", kind: "router-config", target: "openwrt", content: "x", description: "dnsmasq allowlist" },
      { path: "databases/seat-ports.json", kind: "seat-ports", target: "windows", content: JSON.stringify({ seats: [{ room: "201", seat: 1, hostname: "R201-01", ipv4: "10.20.201.10", labServer: "lab1", services: { mysql: { host: "10.20.0.10", port: 33061 }, redis: { host: "10.20.0.10", port: 63791 } } }] }) },
      { path: "broken.json", kind: "x", target: "x", content: "{not json" },
    ];
    const html = renderReport({ site, checks: checkResult(site, []), produced }).html;
    expect(html).toContain("共 2 条：cidr 1 条，域名 1 条");
    expect(html).toContain("official.txt:3");
    expect(html).toContain("router/openwrt/dnsmasq.conf");
    expect(html).toContain("考位端口映射");
    expect(html).toContain("10.20.0.10:33061");
    // a primary-only site without databases has no database section at all
    const primary = siteFromObject({ ...smallSite().spec, levels: ["primary"], rooms: smallSite().spec.rooms.map((r) => ({ ...r, levels: ["primary"] })) });
    expect(renderReport({ site: primary, checks: checkResult(primary, []), produced: [] }).html).not.toContain('id="databases"');
  });

  it("reads the allowlist feature's normalised policy (port groups) and its enforcement window", () => {
    const site = demoSite();
    const doc = {
      policy: { defaultPorts: [80, 443], groups: [{ id: "web", ports: [80, 443], domains: [{ name: "exam.example.cn", match: "subtree", ports: [80, 443], paths: [], sources: ["official.txt:2"] }, { name: "www.python.org", match: "exact", ports: [80, 443], paths: [], sources: ["site"] }], ipv4: ["10.20.0.10/32"], ipv6: [] }] },
      window: { start: "08:20", end: "16:30", timezone: "Asia/Shanghai", days: ["saturday", "sunday"] },
    };
    const html = renderReport({ site, checks: checkResult(site, []), produced: [{ path: "policy/allowlist.normalised.json", kind: "allowlist", target: "router", content: JSON.stringify(doc) }] }).html;
    expect(html).toContain("共 3 条：域名（端口 80、443） 2 条，IPv4 地址（端口 80、443） 1 条");
    expect(html).toContain("<code>*.exam.example.cn</code>");
    expect(html).toContain("official.txt:2");
    expect(html).toContain("按 08:20–16:30（Asia/Shanghai，saturday, sunday）启用白名单");
  });

  it("escapes hostile site data, finding messages and allowlist entries", () => {
    const site = smallSite({ hostile: true });
    const checks = checkResult(site, [finding({ rule: "PC-RAM", severity: "error", target: `rooms/301/seats/1`, message: { zh: HOSTILE, en: HOSTILE } })]);
    const produced: Artifact[] = [{ path: "policy/allowlist.normalised.json", kind: "allowlist", target: "router", content: JSON.stringify([{ kind: "domain", value: HOSTILE }]) }];
    const { html, svgs } = renderReport({ site, checks, produced });
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    for (const s of svgs) {
      expect(XMLValidator.validate(s.svg)).toBe(true);
      expect(s.svg).not.toContain("<script>");
    }
  });

  it("keeps any room name safe in HTML and SVG (property)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (name) => {
        const base = smallSite();
        const site = siteFromObject({ ...base.spec, name: name.trim() || "x", rooms: base.spec.rooms.map((r) => ({ ...r, name })) });
        const { html, svgs } = renderReport({ site, checks: checkResult(site, []), produced: [] });
        expect(XMLValidator.validate(svgs[0].svg)).toBe(true);
        expect(html).not.toMatch(/<(script|img|iframe)/i);
      }),
      { numRuns: 40 },
    );
  });

  it("is byte-identical for the same input", () => {
    const site = demoSite();
    const a = renderReport({ site, checks: checkResult(site, []), produced: [] });
    const b = renderReport({ site: demoSite(), checks: checkResult(site, []), produced: [] });
    expect(a.html).toBe(b.html);
    expect(a.svgs).toEqual(b.svgs);
  });
});
