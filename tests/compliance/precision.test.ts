import { describe, expect, it } from "vitest";
import { zhJoin } from "../../src/util/zh-space";
import { readInventoryCsv } from "../../src/inventory/csv";
import type { InventoryMachine } from "../../src/inventory/types";
import type { Finding } from "../../src/compliance/types";
import { baseInventory, baseSite, check } from "./fixtures/base-site";

/**
 * Compliance precision (issue 12): violating and boundary sites for each corrected rule.
 * The missing-tool policy, one for every rule: a version → checked; measured and not found → error
 * (未安装); not declared in the profile or not measured (no CSV column, empty cell) → warning.
 */
const of = (findings: Finding[], rule: string, target?: string) => findings.filter((f) => f.rule === rule && !f.suppressed && (target === undefined || f.target === target));

/** Inventory of every candidate seat read from a CSV with the given tool columns and cells. */
function csvInventory(site: Parameters<typeof baseInventory>[0], columns: string[], cell: (col: string, room: string, seat: number) => string): InventoryMachine[] {
  const rows = baseInventory(site).map((m) => [m.room, String(m.seat), ...columns.map((c) => cell(c, m.room, m.seat))].join(","));
  const csv = ["room,seat," + columns.join(","), ...rows].join("\n") + "\n";
  const byKey = new Map(baseInventory(site).map((m) => [`${m.room}/${m.seat}`, m]));
  // Keep the other measured facts of the base inventory except tools/browsers: the CSV is the tool measurement.
  return readInventoryCsv("inv.csv", csv).map((e) => {
    const base = { ...byKey.get(`${e.machine.room}/${e.machine.seat}`)! };
    delete (base as Partial<InventoryMachine>).tools;
    delete (base as Partial<InventoryMachine>).browsers;
    return { ...base, ...e.machine };
  });
}

describe("missing tools: one policy across rules", () => {
  it("a CSV without a tool's column means not measured (warning), not not installed (error)", () => {
    const input = baseSite();
    for (const r of input.rooms) delete r.machineProfile!.tools;
    for (const r of input.rooms) delete r.machineProfile!.browsers;
    const { result } = check(input, (site) => csvInventory(site, ["tools.python"], () => "3.7.9"));
    const chrome = of(result.findings, "TOOL-CHROME");
    expect(chrome.length).toBeGreaterThan(0);
    expect(chrome.every((f) => f.severity === "warning")).toBe(true);
    expect(chrome[0].message.zh).toMatch(/未测量谷歌浏览器/);
    expect(chrome[0].message.en).toMatch(/was not measured/);
    expect(of(result.findings, "TOOL-PYTHON")).toEqual([]);
    expect(of(result.findings, "PC-BROWSER").every((f) => f.severity === "warning")).toBe(true);
  });

  it("an unmeasured tool falls back to the room's declared profile", () => {
    const { result } = check(baseSite(), (site) => csvInventory(site, ["tools.python"], () => "3.7.9"));
    expect(of(result.findings, "TOOL-CHROME")).toEqual([]);
    expect(of(result.findings, "TOOL-SELENIUM")).toEqual([]);
  });

  it("a CSV cell 未安装 / absent / - is measured absent: an error on that seat only", () => {
    const { result } = check(baseSite(), (site) => csvInventory(site, ["tools.selenium"], (_c, room, seat) => (room === "201" && seat === 3 ? "未安装" : room === "201" && seat === 4 ? "-" : "3.141.0")));
    const f = of(result.findings, "TOOL-SELENIUM");
    expect(f.map((x) => [x.target, x.severity])).toEqual([["rooms/201/seats/3", "error"], ["rooms/201/seats/4", "error"]]);
    expect(f[0].message.zh).toMatch(/未安装 Selenium/);
  });

  it("a check-environment.ps1 JSON record lists every tool found: an unlisted one is not installed (error)", () => {
    const { result } = check(baseSite(), (site) =>
      baseInventory(site).map((m) => (m.room === "201" && m.seat === 17 ? { ...m, tools: { ...m.tools, selenium: undefined } } : m)),
    );
    expect(of(result.findings, "TOOL-SELENIUM").map((f) => [f.target, f.severity])).toEqual([["rooms/201/seats/17", "error"]]);
  });

  it("a declared profile that omits a tool is not declared (warning), the same as PC-BROWSER and SCRAPY-PINS", () => {
    const input = baseSite();
    delete (input.rooms[0].machineProfile!.tools as Record<string, string | undefined>).selenium;
    const { result } = check(input, () => []);
    expect(of(result.findings, "TOOL-SELENIUM").map((f) => [f.target, f.severity])).toEqual([["rooms/201", "warning"]]);
    expect(of(result.findings, "TOOL-SELENIUM")[0].message.zh).toMatch(/未声明 Selenium/);
  });
});

describe("TOOL-CHROME accepts Firefox (§3.3 'Chrome or Firefox', as PC-BROWSER)", () => {
  const firefoxRoom = (withFirefox: boolean) => {
    const input = baseSite();
    const p = input.rooms[0].machineProfile!;
    delete (p.tools as Record<string, string | undefined>).chrome;
    p.browsers = withFirefox ? { firefox: "78.15.0" } : {};
    return check(input, () => []).result;
  };
  it("passes a room whose browser is Firefox, on every seat", () => {
    const r = firefoxRoom(true);
    expect(of(r.findings, "TOOL-CHROME")).toEqual([]);
    expect(of(r.findings, "PC-BROWSER")).toEqual([]);
  });
  it("boundary: no Chrome and no Firefox still fails both rules the same way", () => {
    const r = firefoxRoom(false);
    expect(of(r.findings, "TOOL-CHROME", "rooms/201").map((f) => f.severity)).toEqual(["warning"]);
    expect(of(r.findings, "PC-BROWSER", "rooms/201").map((f) => f.severity)).toEqual(["warning"]);
  });
  it("measured machines with Firefox pass, measured machines without any browser fail", () => {
    const { result } = check(baseSite(), (site) =>
      baseInventory(site).map((m) => {
        if (m.room !== "201" || (m.seat !== 1 && m.seat !== 2)) return m;
        const tools = { ...m.tools, chrome: undefined };
        return { ...m, tools, browsers: m.seat === 1 ? { firefox: "91.0" } : {} };
      }),
    );
    expect(of(result.findings, "TOOL-CHROME").map((f) => [f.target, f.severity])).toEqual([["rooms/201/seats/2", "error"]]);
    expect(of(result.findings, "PC-BROWSER").map((f) => [f.target, f.severity])).toEqual([["rooms/201/seats/2", "error"]]);
  });
});

describe("zhJoin", () => {
  it("puts one space between Chinese and Latin text at every seam, none elsewhere", () => {
    expect(zhJoin("考场 201 座位 3", "未安装", "Selenium", "，需要")).toBe("考场 201 座位 3 未安装 Selenium，需要");
    expect(zhJoin("路由器的", "带机量")).toBe("路由器的带机量");
    expect(zhJoin("pymongo", "版本")).toBe("pymongo 版本");
    expect(zhJoin("（", "A", "）")).toBe("（A）");
  });
});
