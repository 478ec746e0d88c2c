import { describe, expect, it } from "vitest";
import { loadSiteFile } from "../../src/model/site";
import { InputError, formatProblem } from "../../src/model/errors";
import { suggest } from "../../src/model/hints";
import { MINIMAL_SITE } from "../foundation/helpers";

/** Errors that help: did-you-mean, Chinese-IME and unit hints, one message per cause, both languages. */
function problems(yaml: string, lang: "zh" | "en"): string[] {
  try {
    loadSiteFile("site.yaml", yaml);
    return [];
  } catch (e) {
    if (e instanceof InputError) return e.problems.map((p) => formatProblem(p, lang));
    throw e;
  }
}
const both = (yaml: string) => ({ en: problems(yaml, "en"), zh: problems(yaml, "zh") });

describe("site file errors", () => {
  it("suggests the field an unknown one was meant to be, in both languages", () => {
    const r = both(MINIMAL_SITE.replace("candidates: 40", "candidats: 40"));
    expect(r.en).toContain('site.yaml:9: rooms[0].candidats: unknown field "candidats": did you mean "candidates"? (see schema/site.schema.json)');
    expect(r.zh).toContain('site.yaml:9: rooms[0].candidats: 未知字段 "candidats"，是否应为 "candidates"？（参见 schema/site.schema.json）');
    // nested and case-only typos; a far-off name gets no guess
    expect(both(MINIMAL_SITE.replace("pitchM: 1.1", "PitchM: 1.1")).en[0]).toContain('did you mean "pitchM"?');
    expect(both(MINIMAL_SITE.replace("name: Mini site", "name: Mini site\nnvr: { disks: [4], riad: raid5 }")).en[0]).toContain('nvr.riad: unknown field "riad": did you mean "raid"?');
    expect(both(MINIMAL_SITE.replace("candidates: 40", "candidates: 40\n    zzzzzz: 1")).en[0]).toBe('site.yaml:10: rooms[0].zzzzzz: unknown field "zzzzzz" (check the spelling; see schema/site.schema.json)');
  });

  it("suggests the enum value meant", () => {
    const r = both(MINIMAL_SITE.replace("levels: [primary]\nnetwork", "levels: [Primary]\nnetwork"));
    expect(r.en).toEqual(['site.yaml:3: levels[0]: expected one of "primary", "intermediate", "advanced", got "Primary": did you mean "primary"?']);
    expect(r.zh).toEqual(['site.yaml:3: levels[0]: 应为以下之一："primary", "intermediate", "advanced"；实际为 "Primary"，是否应为 "primary"？']);
    expect(both(MINIMAL_SITE + "nvr: { disks: [4, 4, 4], raid: raid-5 }\n").en[0]).toContain('did you mean "raid5"?');
    expect(both(MINIMAL_SITE.replace("levels: [primary]\nnetwork", "levels: [intermedate]\nnetwork")).en[0]).toContain('did you mean "intermediate"?');
  });

  it("names a full-width colon typed with a Chinese input method", () => {
    const r = both(MINIMAL_SITE.replace("name: Mini site", "name：Mini site"));
    expect(r.en).toEqual(['site.yaml:2: full-width colon "：" after "name" (typed with a Chinese input method); YAML needs an ASCII colon and a space: name: …']);
    expect(r.zh).toEqual(["site.yaml:2: “name”后面是全角冒号“：”（中文输入法），YAML 须使用半角冒号加空格：name: …"]);
    // inside a flow map the key swallows the colon: still named as such
    const flow = both(MINIMAL_SITE.replace("widthM: 12", "widthM：12"));
    expect(flow.en.some((l) => l.includes('"："') && l.includes("widthM: …"))).toBe(true);
    expect(flow.zh.some((l) => l.includes("全角冒号") && l.includes("widthM: …"))).toBe(true);
  });

  it("reports tab indentation once, naming every line, instead of the parser's cascade", () => {
    const tabbed = MINIMAL_SITE.replace(/\n {4}/g, "\n\t\t").replace(/\n {2}- /, "\n\t- ");
    const r = both(tabbed);
    expect(r.en).toHaveLength(1);
    expect(r.en[0]).toBe("site.yaml:7: YAML does not allow tabs for indentation; indent with spaces (tabs on lines 7, 8, 9, 10)");
    expect(r.zh).toEqual(["site.yaml:7: YAML 不能用 Tab 缩进，请改用空格（Tab 所在行：7, 8, 9, 10）"]);
  });

  it("explains numbers written with a unit or in quotes", () => {
    const unit = both(MINIMAL_SITE.replace("pitchM: 1.1", 'pitchM: "1.1m"'));
    expect(unit.en).toEqual(['site.yaml:10: rooms[0].layout.pitchM: expected a number, got "1.1m": write just the number, 1.1 (the unit is in the field name: pitchM is metres, ramGB is GB)']);
    expect(unit.zh[0]).toContain("请去掉单位，只写 1.1");
    expect(both(MINIMAL_SITE.replace("widthM: 12", "widthM: 12米")).zh[0]).toContain("只写 12");
    expect(both(MINIMAL_SITE + "nvr: { disks: [4TB] }\n").en[0]).toContain("nvr.disks[0]: expected a number, got \"4TB\": write just the number, 4");
    expect(both(MINIMAL_SITE.replace("candidates: 40", 'candidates: "40"')).en[0]).toContain('write it without quotes: 40');
  });

  it("points a Chinese room id to name:", () => {
    const r = both(MINIMAL_SITE.replace('id: "101"', 'id: "实训楼201"'));
    expect(r.en[0]).toBe('site.yaml:7: rooms[0].id: room id "实训楼201" may only contain letters, digits and \'-\' (at most 16 characters), such as "201"; put a Chinese name in name: id: "201", name: "实训楼201"');
    expect(r.zh[0]).toContain('中文名称请写在 name 中');
    // an ASCII id that is merely too long keeps the plain rule
    expect(both(MINIMAL_SITE.replace('id: "101"', 'id: "room_101"')).en[0]).toContain("expected a room id of letters, digits and '-'");
  });

  it("translates schema messages, type names and cross-field checks", () => {
    const r = both(MINIMAL_SITE.replace("widthM: 12", "widthM: -3").replace("candidates: 40", "candidates: 40\n    machines: 60"));
    expect(r.zh).toContain("site.yaml:11: rooms[0].layout.widthM: 应为大于 0 的数");
    const cross = both(MINIMAL_SITE.replace("candidates: 40", "candidates: 40\n    machines: 60"));
    expect(cross.zh).toEqual(["site.yaml:10: rooms[0].machines: 声明了 60 台考试机，但座位网格只有 50 个座位（网格外的备用机请写在 spareMachines 中）"]);
    expect(cross.en).toEqual(["site.yaml:10: rooms[0].machines: 60 machines declared but the seat grid has only 50 seats (put extra machines in spareMachines)"]);
    expect(both(MINIMAL_SITE.replace("name: Mini site\n", "")).zh).toEqual(["site.yaml:1: name: 缺少必填字段（应为文本）"]);
    expect(both(MINIMAL_SITE.replace("candidates: 40", "candidates: forty")).zh).toEqual(['site.yaml:9: rooms[0].candidates: 应为数字，实际为 "forty"']);
  });

  it("suggest() accepts close typos and separator/case variants only", () => {
    expect(suggest("per_seat", ["per-seat", "shared"])).toBe("per-seat");
    expect(suggest("candidate", ["candidates", "cameras"])).toBe("candidates");
    expect(suggest("x", ["candidates"])).toBeUndefined();
    expect(suggest("routers", [])).toBeUndefined();
  });
});
