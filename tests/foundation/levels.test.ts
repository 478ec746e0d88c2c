import { describe, expect, it } from "vitest";
import { COMPATIBILITY, TOOLS, toolsForLevel } from "../../policies/levels";
import { TOOL_IDS } from "../../src/levels/tool-ids";
import { majorOf, versionSatisfies } from "../../src/levels/versions";

describe("level profiles (manual §3.3)", () => {
  it("lists every tool id exactly once", () => {
    expect(TOOLS.map((t) => t.id).sort()).toEqual([...TOOL_IDS].sort());
  });

  it("primary needs the base toolchain only; intermediate adds databases, drivers and scraping; advanced adds Anaconda", () => {
    expect(toolsForLevel("primary").map((t) => t.id)).toEqual(["chrome", "python", "pycharm", "requests", "lxml"]);
    const inter = toolsForLevel("intermediate").map((t) => t.id);
    for (const id of ["mysql", "mongodb", "redis", "pymysql", "pymongo", "redis-py", "chromedriver", "selenium", "scrapy", "twisted", "pyopenssl", "cryptography"]) expect(inter).toContain(id);
    expect(inter).not.toContain("anaconda");
    expect(toolsForLevel("advanced").map((t) => t.id)).toEqual([...inter.slice(0, 2), "anaconda", ...inter.slice(2)]);
  });

  it("every reference version satisfies its own accepted range", () => {
    for (const t of TOOLS) expect(versionSatisfies(t.reference, t.accepted), `${t.id} ${t.reference} vs ${t.accepted}`).toBe(true);
  });

  it("ranges accept and reject what the manual says", () => {
    const range = (id: string) => TOOLS.find((t) => t.id === id)!.accepted;
    expect(versionSatisfies("74.0.3729.169", range("chrome"))).toBe(false);
    expect(versionSatisfies("120.0.6099.110", range("chrome"))).toBe(true);
    expect(versionSatisfies("3.7.0", range("python"))).toBe(true);
    expect(versionSatisfies("3.8.10", range("python"))).toBe(false);
    expect(versionSatisfies("5.6.51", range("mysql"))).toBe(false);
    expect(versionSatisfies("23.8.0", range("twisted"))).toBe(false);
    expect(versionSatisfies("22.10.0", range("twisted"))).toBe(true);
    expect(versionSatisfies("anything-goes", "*")).toBe(true);
  });

  it("knows the compatibility facts of the digest §7", () => {
    expect(majorOf("75.0.3770.140")).toBe(majorOf("75.0.3770.100"));
    expect(COMPATIBILITY.pymongoMaxServer["3.11"]).toBe("4.4");
    expect(COMPATIBILITY.mysqlCachingSha2FromMajor).toBe(8);
    expect(COMPATIBILITY.scrapyPins).toEqual({ scrapy: "2.5.0", twisted: "<=22.10.0", pyopenssl: "22.0.0", cryptography: "36.0.2" });
  });
});
