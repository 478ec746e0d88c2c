import { describe, expect, it } from "vitest";
import { formatText, seatRangeText } from "../../src/compliance/format/text";
import { baseInventory, baseSite, check } from "./fixtures/base-site";

/** `examlab check` text: summary first, every finding with its fix, repeated seat findings grouped. */
function textFor(lang: "zh" | "en", missingSelenium: (room: string, seat: number) => boolean) {
  const { site, result } = check(baseSite(), (s) =>
    baseInventory(s).map((m) => (missingSelenium(m.room, m.seat!) ? { ...m, tools: { ...m.tools, selenium: undefined } } : m)),
  );
  return formatText([{ site, result }], lang, false);
}

describe("check text output", () => {
  it("groups the same finding on many seats into one line with seat ranges", () => {
    const missing = (room: string, seat: number) => room === "201" && (seat <= 14 || seat === 17 || seat === 20 || seat === 21);
    const zh = textFor("zh", missing);
    const lines = zh.split("\n").filter((l) => l.includes("TOOL-SELENIUM"));
    expect(lines).toEqual(["    ✖ 错误 TOOL-SELENIUM 座位 1–14, 17, 20–21: 未安装 Selenium 库（中级、高级考试需要） (§3.3)"]);
    const at = zh.split("\n").indexOf(lines[0]);
    expect(zh.split("\n")[at + 1]).toBe("      处理办法：安装 Selenium 3.141.0（examlab 生成的 Windows 部署脚本会安装它）");
    // Counts still count every seat: grouping is presentation only.
    expect(zh.split("\n")[0]).toBe("共 1 个考点：17 个错误，0 个警告，0 条提示，0 条已豁免");
    const en = textFor("en", missing);
    expect(en).toContain("    ✖ error TOOL-SELENIUM seats 1–14, 17, 20–21: Selenium is not installed (needed for the intermediate/advanced exam) (§3.3)\n      fix: install Selenium 3.141.0");
  });

  it("keeps one seat's finding as a full line with its target, and separate rooms apart", () => {
    const zh = textFor("zh", (room, seat) => (room === "201" && seat === 5) || (room === "202" && (seat === 1 || seat === 2)));
    const lines = zh.split("\n").filter((l) => l.includes("TOOL-SELENIUM"));
    expect(lines).toEqual([
      "    ✖ 错误 TOOL-SELENIUM rooms/201/seats/5: 考场 201 座位 5（R201-05）未安装 Selenium 库（中级、高级考试需要） (§3.3)",
      "    ✖ 错误 TOOL-SELENIUM 座位 1–2: 未安装 Selenium 库（中级、高级考试需要） (§3.3)",
    ]);
    expect(zh.indexOf("  考场 201")).toBeLessThan(zh.indexOf("  考场 202"));
  });

  it("puts the summary before any finding, and a passing site says so", () => {
    const zh = textFor("zh", () => false);
    expect(zh.split("\n").slice(0, 4)).toEqual(["共 1 个考点：0 个错误，0 个警告，0 条提示，0 条已豁免", "", "考点 base — Base site (base.yaml)", expect.stringMatching(/^  ✔ 全部检查通过: 0 个错误/)]);
  });

  it("formats seat ranges with en dashes", () => {
    expect(seatRangeText([17, 1, 2, 3, 5, 20, 21])).toBe("1–3, 5, 17, 20–21");
    expect(seatRangeText([4])).toBe("4");
  });
});
