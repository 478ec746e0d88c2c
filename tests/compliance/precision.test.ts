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
  const rows = baseInventory(site).map((m) => [m.room, String(m.seat), ...columns.map((c) => cell(c, m.room, m.seat!))].join(","));
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
    expect(of(result.findings, "TOOL-SELENIUM")[0].message.zh).toMatch(/缺少 Selenium 库数据/);
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

describe("CAM-COUNT judges front and back by coordinates", () => {
  const camsAt = (front: number, back: number, depth = 11) => {
    const input = baseSite();
    const r = input.rooms[0];
    r.layout = { ...r.layout, depthM: depth };
    r.cameras = [
      { id: "front", position: "front", x: 5.5, y: front, directionDeg: 90, fovDeg: 100, rangeM: 14, recordsAudio: true },
      { id: "back", position: "back", x: 5.5, y: back, directionDeg: 270, fovDeg: 100, rangeM: 14, recordsAudio: true },
    ];
    return of(check(input).result.findings, "CAM-COUNT");
  };
  it("a camera labelled back but on the front wall fails: the label contradicts the coordinates, and no camera is at the back", () => {
    const f = camsAt(0.3, 0.5);
    expect(f.map((x) => [x.target, x.severity])).toEqual([["rooms/201/cameras/back", "error"], ["rooms/201", "error"]]);
    expect(f[0].message.zh).toBe("考场 201 摄像头 back 标为后方（position: back），但坐标位于前半部（y = 0.5 m，进深 11 m）；请更正 position 或坐标");
    expect(f[1].message.en).toMatch(/room 201 has 2 camera\(s\); no back camera \(judged by coordinates\)/);
  });
  it("boundary: just behind the middle counts as back; exactly the middle is neither", () => {
    expect(camsAt(0.3, 5.51)).toEqual([]);
    const mid = camsAt(0.3, 5.5);
    expect(mid.map((x) => x.target)).toEqual(["rooms/201/cameras/back", "rooms/201"]);
    expect(mid[0].message.en).toMatch(/in the middle of the room/);
  });
});

describe("compatibility rules see the lab servers' database images in check", () => {
  const withImage = (svc: "mongodb" | "mysql", tag: string) => {
    const input = baseSite();
    input.databases = { mode: "per-seat", images: { [svc]: { tag } } };
    return check(input).result.findings;
  };
  it("PYMONGO-SERVER: MongoDB 6.0 on the lab servers with pymongo 3.11 is an error on every machine (not only in export)", () => {
    const f = of(withImage("mongodb", "6.0"), "PYMONGO-SERVER");
    expect(f.length).toBe(84); // 80 measured seats + 4 spares outside the grid
    expect(f.every((x) => x.severity === "error")).toBe(true);
    expect(f[0].message.zh).toMatch(/实验服务器的 MongoDB 镜像 mongo:6\.0 是 6\.0（databases\.images\.mongodb\.tag）/);
    // Machines themselves declare MongoDB 4.4 locally: the lab server is what the exam code uses.
    expect(of(withImage("mongodb", "4.4"), "PYMONGO-SERVER")).toEqual([]);
  });
  it("boundary: 4.4.29 passes; a tag without a version is a warning, not a pass", () => {
    expect(of(withImage("mongodb", "4.4.29"), "PYMONGO-SERVER")).toEqual([]);
    const latest = of(withImage("mongodb", "latest"), "PYMONGO-SERVER");
    expect(latest.length).toBeGreaterThan(0);
    expect(latest.every((x) => x.severity === "warning")).toBe(true);
  });
  it("TOOL-MYSQL judges the image once for the site; machines need no local MySQL", () => {
    expect(of(withImage("mysql", "5.6"), "TOOL-MYSQL").map((x) => [x.target, x.severity])).toEqual([["site", "error"]]);
    expect(of(withImage("mysql", "5.7"), "TOOL-MYSQL")).toEqual([]);
    const { result } = check(baseSite(), (site) => baseInventory(site).map((m) => ({ ...m, tools: { ...m.tools, mysql: undefined, mongodb: undefined, redis: undefined } })));
    expect(result.findings.filter((x) => /^TOOL-(MYSQL|MONGODB|REDIS)$/.test(x.rule))).toEqual([]);
  });
  it("PYMYSQL-AUTH: lab-server MySQL 8.0 is started with native passwords (passes), 9.x cannot be (warning per machine)", () => {
    const noCrypto = (site: Parameters<typeof baseInventory>[0]) => baseInventory(site).map((m) => ({ ...m, tools: { ...m.tools, cryptography: undefined } }));
    const run = (tag: string) => {
      const input = baseSite();
      input.databases = { mode: "per-seat", images: { mysql: { tag } } };
      return of(check(input, noCrypto).result.findings, "PYMYSQL-AUTH");
    };
    expect(run("8.0")).toEqual([]);
    const nine = run("9.1");
    expect(nine.length).toBe(80);
    expect(nine[0]).toMatchObject({ severity: "warning" });
  });
  it("the same site through `examlab check` exits 1 naming PYMONGO-SERVER", async () => {
    const { spawnSync } = await import("node:child_process");
    const fs = await import("node:fs");
    const os = await import("node:os");
    const path = await import("node:path");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "examlab-pymongo-"));
    const file = path.join(dir, "site.yaml");
    const yaml = fs.readFileSync(path.resolve(__dirname, "../../sites/demo-intermediate.yaml"), "utf8").replace(/databases:.*\n/, 'databases:\n  images: { mongodb: { tag: "6.0" } }\n');
    fs.writeFileSync(file, yaml);
    const r = spawnSync(process.execPath, ["bin/examlab.js", "check", file, "--format", "json"], { cwd: path.resolve(__dirname, "../.."), encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).sites[0].findings.some((x: { rule: string; level: string }) => x.rule === "PYMONGO-SERVER" && x.level === "error")).toBe(true);
  });
});

describe("schema gaps filled: audio, proctors, ad-free input methods, per-room safety, spares", () => {
  const run = (change: (s: ReturnType<typeof baseSite>) => void, inv?: Parameters<typeof check>[1]) => {
    const input = baseSite();
    change(input);
    return check(input, inv).result.findings;
  };
  it("SITE-AV-MONITORING: video without sound is an error, sound not declared a warning, one camera with sound passes", () => {
    expect(of(run((s) => s.rooms[0].cameras!.forEach((c) => (c.recordsAudio = false))), "SITE-AV-MONITORING").map((f) => [f.target, f.severity])).toEqual([["rooms/201", "error"]]);
    expect(of(run((s) => s.rooms[0].cameras!.forEach((c) => delete c.recordsAudio)), "SITE-AV-MONITORING").map((f) => [f.target, f.severity])).toEqual([["rooms/201", "warning"]]);
    expect(of(run((s) => (s.rooms[0].cameras![0].recordsAudio = false)), "SITE-AV-MONITORING")).toEqual([]);
    // A camera that does not record the whole exam does not count for sound either.
    expect(of(run((s) => Object.assign(s.rooms[0].cameras![1], { recordsAudio: false }) && Object.assign(s.rooms[0].cameras![0], { recordsWholeExam: false })), "SITE-AV-MONITORING").map((f) => f.severity)).toEqual(["error"]);
  });
  it("ROOM-PROCTORS: training and conflict of interest declared per room (false = error, missing = warning)", () => {
    const f = of(run((s) => { delete s.rooms[0].staff!.proctorsTrained; s.rooms[1].staff!.proctorsIndependent = { value: false, by: "Chief", date: "2026-11-01" }; }), "ROOM-PROCTORS");
    expect(f.map((x) => [x.target, x.severity, x.data?.field])).toEqual([["rooms/201", "warning", "proctorsTrained"], ["rooms/202", "error", "proctorsIndependent"]]);
    expect(f[1].message.zh).toMatch(/回避制度/);
  });
  it("PC-IME: input methods with ads fail, ad-free not declared is a warning", () => {
    expect(of(run(() => undefined, (site) => baseInventory(site).map((m) => (m.room === "201" && m.seat === 3 ? { ...m, imeAdFree: false } : m))), "PC-IME").map((f) => [f.target, f.severity])).toEqual([["rooms/201/seats/3", "error"]]);
    const undeclared = run((s) => delete s.rooms[0].machineProfile!.imeAdFree, () => []);
    expect(of(undeclared, "PC-IME").map((f) => [f.target, f.severity])).toEqual([["rooms/201", "warning"]]);
  });
  it("ROOM-SAFETY per room: a room's own declaration wins, the site's covers the rest", () => {
    const att = (value: boolean) => ({ value, by: "Chief", date: "2026-11-01" });
    expect(of(run((s) => (s.rooms[0].attestations = { "ROOM-SAFETY": att(false) })), "ROOM-SAFETY").map((f) => [f.target, f.severity])).toEqual([["rooms/201", "error"]]);
    // Without a site-level one, the room without its own is not attested.
    const noSite = run((s) => { delete s.attestations!["ROOM-SAFETY"]; s.rooms[0].attestations = { "ROOM-SAFETY": att(true) }; });
    expect(of(noSite, "ROOM-SAFETY").map((f) => [f.target, f.severity])).toEqual([["rooms/202", "error"]]);
    expect(of(run((s) => s.rooms.forEach((r) => (r.attestations = { "ROOM-SAFETY": att(true) }))), "ROOM-SAFETY")).toEqual([]);
  });
  it("spares outside the grid: checked like the others, unknown ones warned about, MACs in the static leases", () => {
    const bad = run((s) => (s.rooms[0].spareInventory![1].ramGB = 1));
    expect(of(bad, "PC-RAM").map((f) => [f.target, f.severity])).toEqual([["rooms/201/spares/2", "error"]]);
    expect(of(bad, "PC-RAM")[0].message.zh).toMatch(/^考场 201 备用机 2（R201-SP2）的内存为 1 GB/);
    const unknown = run((s) => (s.rooms[0].spareInventory = [s.rooms[0].spareInventory![0]]));
    expect(of(unknown, "ROOM-SPARE-MACHINES").map((f) => [f.target, f.severity, f.data?.unknownSpares])).toEqual([["rooms/201", "warning", [2]]]);
    // Boundary: a room without measurements is covered by its profile, no warning.
    expect(of(run((s) => (s.rooms[0].spareInventory = []), () => []), "ROOM-SPARE-MACHINES")).toEqual([]);
    const input = baseSite();
    input.rooms[0].spareInventory![0].mac = "00:1A:2B:3C:4D:99";
    const { site } = check(input);
    expect(site.plan.leases.find((l) => l.hostname === "R201-SP1")).toMatchObject({ role: "spare", mac: "00:1A:2B:3C:4D:99" });
    input.rooms[0].spareInventory![1].spare = 3;
    expect(() => check(input)).toThrow(/spareInventory\[1\]\.spare: spare 3 does not exist: room 201 has spareMachines: 2/);
  });
});
