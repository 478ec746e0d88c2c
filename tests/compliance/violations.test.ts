import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { loadSiteSource } from "../../src/model/sources";
import { runChecks } from "../../src/compliance/engine";
import { inventoryBySite, readInventoryFiles } from "../../src/inventory/read";
import { TODAY } from "./fixtures/base-site";

const dir = path.join(__dirname, "fixtures/violations");

describe("a site full of violations", () => {
  const site = loadSiteSource(path.join(dir, "violations.yaml"));
  const inventory = inventoryBySite([site], readInventoryFiles([path.join(dir, "violations-inventory.csv")])).get("violations");
  const result = runChecks(site, { inventory, today: TODAY });

  it("produces exactly the expected findings, in order", () => {
    const expected = JSON.parse(fs.readFileSync(path.join(dir, "../violations.expected.json"), "utf8"));
    const actual = result.findings.map((f) => ({ rule: f.rule, level: f.severity, target: f.target, ...(f.suppressed ? { suppressed: true } : {}), ...(f.expiredSuppression ? { expiredSuppression: true } : {}) }));
    expect(actual).toEqual(expected);
    expect(result.counts).toEqual({ error: 31, warning: 13, info: 2, suppressed: 1, attestationsMissing: 3 });
  });

  it("every finding carries rule, level, site, target, bilingual message and manual section", () => {
    for (const f of result.findings) {
      expect(f.site).toBe("violations");
      expect(f.section).toMatch(/^§\d/);
      expect(f.message.zh.length).toBeGreaterThan(3);
      expect(f.message.en.length).toBeGreaterThan(3);
    }
  });

  it("names failing machines of the inventory by seat and host name", () => {
    const env = result.findings.find((f) => f.rule === "PC-ENV-CHECK" && f.target === "rooms/301/seats/9")!;
    expect(env.message.zh).toBe("考场 301 座位 9（R301-09）未通过环境检测");
    const net = result.findings.find((f) => f.rule === "PC-NETWORK-ALLOWLIST")!;
    expect(net.data).toEqual({ failures: ["www.baidu.com", "www.qq.com"] });
  });

  it("reports the router capacity against every device on the network", () => {
    const cap = result.findings.find((f) => f.rule === "ROUTER-CAPACITY" && f.severity === "error")!;
    // 50 seats with machines in 301 + 36 in 302, 3 cameras, the NVR and 31 staff devices.
    expect(cap.data).toMatchObject({ devices: 121, maxDevices: 120, staffDevices: 31, byRole: { camera: 3, nvr: 1 } });
  });

  it("suppressions: active ones suppress with their reason, expired ones stop working and say so, unmatched ones are listed", () => {
    const ram = result.findings.find((f) => f.rule === "PC-RAM")!;
    expect(ram.suppressed).toEqual({ reason: "旧机器，组织方书面同意本次使用 accepted old machine", by: "王主考", expires: "2027-06-30" });
    const power = result.findings.find((f) => f.rule === "ROOM-POWER")!;
    expect(power.suppressed).toBeUndefined();
    expect(power.expiredSuppression?.expires).toBe("2026-10-01");
    expect(result.suppressions!.map((s) => s.status)).toEqual(["active", "expired", "unmatched"]);
    expect(result.suppressionNotes).toEqual([
      "suppression ROOM-POWER rooms/302 expired on 2026-10-01 and no longer applies (1 finding(s))",
      "suppression CAM-TIMESTAMP matched no finding and can be removed",
    ]);
    // The same suppression is active the day before it expires.
    const before = runChecks(site, { inventory, today: "2026-09-30" });
    expect(before.findings.find((f) => f.rule === "ROOM-POWER")!.suppressed).toBeDefined();
  });
});
