import { describe, expect, it } from "vitest";
import { CATALOGUES, msg, type Section } from "../../src/i18n/catalogue";
import { lintZh, placeholders } from "../../src/i18n/lint";
import { FIELD_DOCS_ZH } from "../../src/model/descriptions.zh";

/** The message catalogue: same keys and placeholders in both languages; the Chinese follows the style rules. */
const sections = Object.keys(CATALOGUES.zh) as Section[];
const entries = sections.flatMap((s) => Object.keys(CATALOGUES.zh[s]).map((k) => [s, k] as const));

describe("message catalogue", () => {
  it("has the same keys and placeholders in zh and en, none empty", () => {
    expect(Object.keys(CATALOGUES.en).sort()).toEqual([...sections].sort());
    for (const s of sections) expect(Object.keys(CATALOGUES.en[s]).sort(), s).toEqual(Object.keys(CATALOGUES.zh[s]).sort());
    for (const [s, k] of entries) {
      const zh = (CATALOGUES.zh[s] as Record<string, string>)[k];
      const en = (CATALOGUES.en[s] as Record<string, string>)[k];
      expect(zh.length, `${s}.${k}`).toBeGreaterThan(0);
      expect(en.length, `${s}.${k}`).toBeGreaterThan(0);
      expect(placeholders(zh), `${s}.${k}`).toEqual(placeholders(en));
    }
  });

  it("fills placeholders and keeps unknown ones visible", () => {
    expect(msg("zh", "report", "roomLabel", { room: "201" })).toBe("考场 201");
    expect(msg("en", "report", "roomLabel", { room: "201" })).toBe("Room 201");
    expect(msg("en", "report", "roomLabel")).toBe("Room {room}");
  });

  it("Chinese messages follow the style rules (spaces, 考场, 带宽, full-width punctuation)", () => {
    const problems: string[] = [];
    for (const [s, k] of entries) for (const p of lintZh((CATALOGUES.zh[s] as Record<string, string>)[k])) problems.push(`${s}.${k}: ${p}`);
    // Examples are YAML values (code), so only the text is linted.
    for (const [k, d] of Object.entries(FIELD_DOCS_ZH)) for (const p of lintZh(typeof d === "string" ? d : d.text)) problems.push(`descriptions.zh ${k}: ${p}`);
    expect(problems).toEqual([]);
  });

  it("the lint catches each kind of mistake", () => {
    expect(lintZh("考场201")).toHaveLength(1);
    expect(lintZh("共 3条")).toHaveLength(1);
    expect(lintZh("机房 201")).toEqual([expect.stringContaining("考场")]);
    expect(lintZh("出口宽带")).toEqual([expect.stringContaining("带宽")]);
    expect(lintZh("考场 201(二楼)").length).toBeGreaterThan(0);
    expect(lintZh("考场 201（二楼），共 40 个考位")).toEqual([]);
  });
});
