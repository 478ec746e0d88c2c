import { describe, expect, it } from "vitest";
import { checklist, printables, seatChart, seatChartSizes, MIN_SEAT_NUMBER_MM } from "../../src/report/printables";
import { renderReport, reportArtifacts } from "../../src/report/render";
import { renderFloorPlan, roomEquipment, fitLabel, labelWidth } from "../../src/report/floorplan";
import { translator } from "../../src/report/i18n";
import { runChecks } from "../../src/compliance/engine";
import { siteFromObject } from "../../src/model/site";
import { demoSite, HOSTILE, smallSite, checkResult, finding } from "./fixtures";
import { baseSite } from "../compliance/fixtures/base-site";

/** Exam-day printables and the report cosmetics (issue 12); the PDF pages are checked in print-pdf.test.ts. */
describe("seat chart for the door", () => {
  it("has every seat with number, host name and candidate slot, laid out like the room", () => {
    const site = demoSite();
    const room = site.rooms[0];
    const p = seatChart(site, room, "zh");
    expect(p.path).toBe("print/seat-chart-201.html");
    expect(p.html).toContain("@page { size: A4 landscape;");
    expect(p.html).toContain("--cols: 8;");
    const cells = [...p.html.matchAll(/<div class="seat (\w+)" data-seat="(\d+)"><span class="no">(\d+)<\/span>(?:<span class="host">([^<]*)<\/span>)?<span class="slot">([^<]*)<\/span>/g)];
    expect(cells).toHaveLength(48);
    expect(cells[0].slice(1)).toEqual(["candidate", "1", "1", "R201-01", "考生 01"]);
    expect(cells[39].slice(1)).toEqual(["candidate", "40", "40", "R201-40", "考生 40"]);
    expect(cells[40].slice(1)).toEqual(["spare", "41", "41", "R201-41", "备用机"]);
    expect(p.html).toContain("前方（讲台）");
  });

  it("numbers candidate slots over the seats candidates use (every other seat)", () => {
    const input = baseSite();
    Object.assign(input.rooms[0], { candidates: 24, layout: { ...input.rooms[0].layout, everyOtherSeat: true } });
    const site = siteFromObject(input, "b.yaml");
    const html = seatChart(site, site.rooms[0], "en").html;
    expect(html).toMatch(/data-seat="1"><span class="no">1<\/span><span class="host">R201-01<\/span><span class="slot">candidate 01</);
    expect(html).toMatch(/data-seat="2"><span class="no">2<\/span><span class="host">R201-02<\/span><span class="slot">spare</);
    expect(html).toMatch(/data-seat="3"><span class="no">3<\/span><span class="host">R201-03<\/span><span class="slot">candidate 02</);
  });

  it("sizes seat numbers for reading at 2 m on grids up to 8 × 10", () => {
    for (const [rows, cols] of [[5, 8], [6, 8], [5, 10], [8, 10], [6, 6]]) expect(seatChartSizes(rows, cols).noSize, `${rows}×${cols}`).toBeGreaterThanOrEqual(MIN_SEAT_NUMBER_MM);
    expect(seatChartSizes(2, 2).noSize).toBeLessThanOrEqual(24);
  });

  it("escapes hostile names", () => {
    const site = smallSite({ hostile: true });
    const html = seatChart(site, site.rooms[0], "zh").html;
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;script&gt;");
  });
});

describe("exam-day checklist", () => {
  it("one A4 sheet per date and session, every §6.4 step with the staff's names and a box to tick and sign", () => {
    const site = demoSite();
    const p = checklist(site, "zh");
    expect(p.html).toContain("@page { size: A4 portrait;");
    const sheets = p.html.split('<section class="sheet checklist">').length - 1;
    expect(sheets).toBe(site.spec.schedule.dates.length * 2);
    expect(p.html).toContain("<strong>主考</strong>：王主考");
    expect(p.html).toMatch(/<td class="time">08:55<\/td><td>考生启动考试客户端<\/td><td>考生：考场 201 孙监考、钱监考；考场 202 冯监考、陈监考<\/td><td class="box">☐<\/td><td class="sign"><\/td>/);
    expect(p.html).toMatch(/<td class="time">08:20<\/td><td>技术支持确认考场就绪[^<]*<\/td><td>技术支持：考场 201 郑技术；考场 202 褚技术<\/td>/);
    expect(p.html.match(/class="box">☐</g)).toHaveLength(sheets * 11);
    expect(p.html).toContain("主考签字：");
  });

  it("without exam dates prints one set with a blank date line; missing names say so", () => {
    const site = smallSite();
    const input = { ...site.spec, schedule: { ...site.spec.schedule, dates: [] } };
    const s2 = siteFromObject(input as never, "x.yaml");
    const html = checklist(s2, "en").html;
    expect(html.split('<section class="sheet checklist">').length - 1).toBe(2);
    expect(html).toContain("Exam date: __________");
    expect(html).toContain("<strong>Chief examiner</strong>: (not set)");
  });
});

describe("printables in the report", () => {
  it("are linked from the report and exported under report/print/", () => {
    const site = demoSite();
    const files = renderReport({ site, checks: runChecks(site), produced: [] });
    expect(files.printables.map((p) => p.path)).toEqual(["print/exam-day-checklist.html", "print/seat-chart-201.html", "print/seat-chart-202.html"]);
    expect(files.html).toContain('<a href="print/seat-chart-201.html">考场 201 门贴座位表（A4 横向）</a>');
    const art = reportArtifacts(files, "report/").map((a) => a.path);
    expect(art).toContain("report/print/exam-day-checklist.html");
    expect(printables(site, "en")[0].label).toBe("Exam-day checklist (A4, with sign-off boxes)");
  });
});

describe("report cosmetics", () => {
  it("a router check with only warnings reads as a warning, not as 未通过 in red", () => {
    const site = smallSite();
    const checks = checkResult(site, [finding({ rule: "ROUTER-ALLOWLIST", severity: "warning", target: "router" })]);
    const html = renderReport({ site, checks, produced: [] }).html;
    expect(html).toMatch(/<tr class="warn"><td><code class="rule-id">ROUTER-ALLOWLIST<\/code><\/td><td>[^<]*<\/td><td>有警告/);
    const err = renderReport({ site, checks: checkResult(site, [finding({ rule: "ROUTER-ALLOWLIST", severity: "error", target: "router" })]), produced: [] }).html;
    expect(err).toMatch(/<tr class="bad"><td><code class="rule-id">ROUTER-ALLOWLIST<\/code><\/td><td>[^<]*<\/td><td>未通过/);
  });

  it("the network section has one generated-files table, and rule IDs never break inside", () => {
    const site = demoSite();
    const { produced } = { produced: [
      { path: "router/openwrt/a.conf", kind: "router-config", target: "openwrt", content: "", description: "x" },
      { path: "policy/allowlist.normalised.json", kind: "allowlist-policy", target: "people", content: "{}", description: "y" },
    ] };
    const html = renderReport({ site, checks: runChecks(site), produced }).html;
    const network = html.slice(html.indexOf('<section id="network"'), html.indexOf("</section>", html.indexOf('<section id="network"')));
    expect(network.match(/已生成的文件/g)).toHaveLength(1);
    expect(html).toContain("code.rule-id { white-space: nowrap;");
    expect(html).not.toMatch(/<td><code>[A-Z]+-[A-Z-]+<\/code><br>/);
  });

  it("labels of a lab server or router at a wall stay inside the room", () => {
    const input = baseSite();
    input.labServers = [{ id: "lab-server-with-a-long-name", cpus: 16, memoryGB: 64, placement: { room: "201", x: 0.2, y: 10.8 } }];
    input.router = { ...input.router!, placement: { room: "201", x: 10.8, y: 0.2 } };
    const site = siteFromObject(input, "b.yaml");
    const t = translator("zh");
    const { svg } = renderFloorPlan(site.rooms[0], { t, idPrefix: "p", standalone: true, equipment: roomEquipment(site, "201") });
    const wall = /<rect class="room" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"/.exec(svg)!.slice(1).map(Number);
    const [left, top, w, h] = wall;
    const labels = [...svg.matchAll(/<g class="equipment"[^>]*>[\s\S]*?<text x="([\d.]+)" y="([\d.]+)" text-anchor="(\w+)" font-size="10"[^>]*>([^<]*)<\/text>/g)];
    expect(labels).toHaveLength(2);
    for (const [, xs, ys, anchor, text] of labels) {
      const x = Number(xs);
      const width = labelWidth(text.replace(/&amp;/g, "&"), 10);
      const from = anchor === "start" ? x : anchor === "end" ? x - width : x - width / 2;
      expect(from, text).toBeGreaterThanOrEqual(left);
      expect(from + width, text).toBeLessThanOrEqual(left + w);
      expect(Number(ys)).toBeLessThanOrEqual(top + h);
      expect(Number(ys) - 10).toBeGreaterThanOrEqual(top);
    }
  });

  it("fitLabel centres what fits and anchors the rest to the nearer wall", () => {
    const frame = { left: 100, roomW: 400 };
    expect(fitLabel(300, "abc", 10, frame)).toEqual({ x: 300, anchor: "middle" });
    expect(fitLabel(105, "实验服务器 lab1 10.0.0.10", 10, frame)).toEqual({ x: 104, anchor: "start" });
    expect(fitLabel(495, "实验服务器 lab1 10.0.0.10", 10, frame)).toEqual({ x: 496, anchor: "end" });
  });
});

void HOSTILE;
