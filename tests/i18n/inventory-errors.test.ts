import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { CATALOGUES, type MessageKey } from "../../src/i18n/catalogue";
import { lintZh } from "../../src/i18n/lint";
import { InputError, type InputProblem } from "../../src/model/errors";
import { csvProblem, readInventoryCsv } from "../../src/inventory/csv";
import { inventoryBySite, readInventoryFile, readInventoryFiles } from "../../src/inventory/read";
import { siteFromObject } from "../../src/model/site";
import { baseSite } from "../compliance/fixtures/base-site";

/**
 * Issue 12: the inventory reader's file-level problems (encoding, CSV syntax, columns, unknown
 * room/seat/spare/site, duplicates) come from the catalogue in both languages. The test walks
 * every inventory key of the `input` section (inv*, csv*): each has an input that produces it,
 * and the problem matches the key's template in English and in Chinese, with file and line.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "examlab-inv-i18n-"));
const write = (name: string, content: string | Buffer) => {
  const f = path.join(dir, name);
  fs.writeFileSync(f, content);
  return f;
};
const site = siteFromObject(baseSite());
const other = siteFromObject({ ...baseSite(), id: "other" });
function first(fn: () => unknown): InputProblem {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e.problems[0];
    throw e;
  }
  throw new Error("expected an InputError");
}
const csv = (text: string) => () => readInventoryCsv("inv.csv", text);
const matched = (text: string, sites = [site]) => () => inventoryBySite(sites, readInventoryCsv("inv.csv", text));
const GBK = Buffer.from([0xbf, 0xbc, 0xb3, 0xa1, 0x2c, 0xd7, 0xf9, 0xce, 0xbb, 0x0a, 0x32, 0x30, 0x31, 0x2c, 0x31, 0x0a]); // 考场,座位\n201,1 in GBK

type Key = MessageKey<"input">;
const TRIGGERS: Partial<Record<Key, () => InputProblem>> = {
  invUnsupportedType: () => first(() => readInventoryFile(write("inv.txt", "x"))),
  invNoSite: () => first(matched("room,seat\n201,1\n", [site, other])),
  invSiteUnknown: () => first(matched("site,room,seat\nnope,201,1\n")),
  invRoomUnknown: () => first(matched("room,seat\n999,1\n")),
  invSeatUnknown: () => first(matched("room,seat\n201,999\n")),
  invSeatTwice: () => first(matched("room,seat\n201,1\n201,1\n")),
  invNotUtf8: () => first(() => readInventoryFile(write("gbk.csv", GBK))),
  invUtf16NoBom: () => first(() => readInventoryFile(write("utf16.json", Buffer.from('{"site":"base","machines":[]}', "utf16le")))),
  invCsvEmpty: () => first(csv("")),
  invCsvDupColumn: () => first(csv("room,seat,座位\n201,1,1\n")),
  invCsvMissingColumn: () => first(csv("考场,内存GB\n201,8\n")),
  invHostnameTwice: () => first(matched("room,seat,hostname\n201,1,PC-1\n201,2,pc-1\n")),
  invMacTwice: () => first(matched("room,seat,mac\n201,1,00-1a-2b-3c-4d-01\n202,2,00:1A:2B:3C:4D:01\n")),
  invSeatOrSpare: () => first(() => inventoryBySite([site], readInventoryFile(write("both.json", JSON.stringify({ site: "base", machines: [{ room: "201", seat: 1, spare: 1 }] }))))),
  invSpareUnknown: () => first(matched("room,seat\n201,备用9\n")),
  invSpareTwice: () => first(matched("room,seat\n201,备用1\n201,SP1\n")),
  csvColumnCount: () => first(csv("room,seat\n201,1,3\n")),
  csvQuoteNotClosed: () => first(csv('room,seat\n201,"1\n')),
  csvBadClosingQuote: () => first(csv('room,seat\n"201"x,1\n')),
  // Any other csv-parse error (none reachable with the reader's options today) keeps its detail.
  csvOther: () => ({ file: "inv.csv", line: 1, path: "", ...csvProblem({ code: "CSV_SOMETHING_NEW", message: "Something new" }) }),
};

function pattern(template: string, lang: "zh" | "en"): RegExp {
  const esc = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(template.split(/( ?\{\w+\} ?)/).map((p, i) => (i % 2 === 0 ? esc(p) : lang === "zh" ? " ?[\\s\\S]*? ?" : `${p.startsWith(" ") ? " " : ""}[\\s\\S]*?${p.endsWith(" ") ? " " : ""}`)).join(""));
}

describe("inventory file problems in both languages (walks the inv*/csv* keys)", () => {
  const keys = (Object.keys(CATALOGUES.zh.input) as Key[]).filter((k) => /^(inv|csv)[A-Z]/.test(k));

  it("every inventory key has a trigger", () => {
    expect(Object.keys(TRIGGERS).sort()).toEqual([...keys].sort());
  });

  it.each(keys.map((k) => [k]))("%s", (key) => {
    const p = TRIGGERS[key]!();
    expect(p.file).toBeTruthy();
    expect(p.zh, p.message).toBeTruthy();
    expect(p.message).toMatch(pattern((CATALOGUES.en.input as Record<string, string>)[key], "en"));
    expect(p.zh!).toMatch(pattern((CATALOGUES.zh.input as Record<string, string>)[key], "zh"));
    for (const t of [p.message, p.zh!]) expect(t).not.toMatch(/\{\w+\}|undefined/);
    expect(lintZh(p.zh!), p.zh).toEqual([]);
    if (!["invUnsupportedType", "invNotUtf8", "invUtf16NoBom", "invSeatOrSpare"].includes(key)) expect(p.line, key).toBeGreaterThan(0);
  });

  it("names the column and the line of a CSV problem", () => {
    expect(first(csv("考场,内存GB\n201,8\n"))).toEqual({ file: "inv.csv", line: 1, path: "seat", message: 'missing required column "seat" (the header may also say 座位、座位号)', zh: "缺少必需的列 \"seat\"（表头也可写作 座位、座位号）" });
    expect(first(csv("room,seat\n201,1\n201,1,3\n"))).toMatchObject({ line: 3, zh: "CSV 格式错误：这一行有 3 列，而表头有 2 列（单元格里的逗号须用英文双引号括起来）" });
  });

  it("decodes UTF-16 with a BOM and UTF-8 with a BOM (PowerShell 5.1 and Excel 'CSV UTF-8')", () => {
    const json = JSON.stringify({ site: "base", machines: [{ room: "201", seat: 1, ramGB: 8 }] });
    const le = write("ps.json", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json, "utf16le")]));
    expect(readInventoryFiles([le]).map((e) => e.machine.ramGB)).toEqual([8]);
    const bom = write("excel.csv", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("考场,座位号,内存GB\n201,1,8\n")]));
    expect(readInventoryFiles([bom]).map((e) => [e.machine.room, e.machine.seat])).toEqual([["201", 1]]);
  });
});

describe("the CLI shows inventory problems in Chinese by default", () => {
  const bin = path.join(__dirname, "../../bin/examlab.js");
  const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: "utf8" });
  const siteFile = path.join(__dirname, "../../sites/demo-intermediate.yaml");

  it("check --inventory with a GBK CSV: exit 2, Chinese (the sample site's language), English with --lang en", () => {
    const gbk = write("excel-gbk.csv", GBK);
    const zh = run("check", siteFile, "--inventory", gbk);
    expect(zh.status).toBe(2);
    expect(zh.stderr).toContain(`${gbk}: 文件不是有效的 UTF-8（可能是 Excel 默认保存的 GBK/GB18030 编码）`);
    expect(zh.stderr).not.toMatch(/ at .*\.js:\d+/);
    const en = run("check", siteFile, "--inventory", gbk, "--lang", "en");
    expect(en.stderr).toContain(`${gbk}: the file is not valid UTF-8 (perhaps GBK/GB18030`);
  });

  it("check and export --inventory with CSV problems: every problem with file:line, in Chinese", () => {
    const bad = write("bad.csv", "考场,座位号,主机名\n201,1,PC-1\n201,备用9,PC-1\n999,2,\n");
    const c = run("check", siteFile, "--inventory", bad);
    expect(c.status).toBe(2);
    expect(c.stderr).toContain(`${bad}:3: spare: 考场 201 没有备用机 9（rooms[].spareMachines 为 2）`);
    expect(c.stderr).toContain(`${bad}:4: room: 考点 demo-intermediate 中没有考场 "999"`);
    const out = path.join(dir, "out");
    const e = run("export", siteFile, "--out", out, "--inventory", bad);
    expect(e.status).toBe(2);
    expect(e.stderr).toContain(`${bad}:3: spare: 考场 201 没有备用机 9`);
    expect(fs.existsSync(out)).toBe(false);
  });
});
