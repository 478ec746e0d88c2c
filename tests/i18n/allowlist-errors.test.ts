import * as fs from "node:fs";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { CATALOGUES } from "../../src/i18n/catalogue";
import { lintZh } from "../../src/i18n/lint";
import { parseEntry } from "../../src/allowlist/parse-entry";
import { normalise } from "../../src/allowlist/normalise";
import { lanConflicts } from "../../src/allowlist/special-addresses";
import { cidrOf, type Cidr } from "../../src/allowlist/cidr";
import { readCsvList, readList, readListSync, readTextList } from "../../src/allowlist/sources";
import { decodeListFile } from "../../src/allowlist/text-safety";
import { unsupportedRelease } from "../../src/allowlist/target-versions";
import { compileBareAllowlist } from "../../src/allowlist/bare";
import { compileSitePolicy, siteAllowlistProblems } from "../../src/allowlist/site-policy";
import type { AllowEntry } from "../../src/allowlist/model";
import { said, type AllowlistKey, type Said } from "../../src/allowlist/said";
import { InputError, type InputProblem } from "../../src/model/errors";
import { loadSiteFile } from "../../src/model/site";
import { MINIMAL_SITE } from "../foundation/helpers";
import { tmpDir } from "../allowlist/helpers";

/**
 * Issue 12: every message the allowlist reader can write (refusals of entries and files, hostile
 * input, address ranges, host names, encodings, CSV/XLSX, normalising, command-line options,
 * site-compile warnings) comes from the catalogue in both languages. The test walks the keys of
 * the catalogue's `allowlist` section: each key has an input that makes the reader produce it, and
 * what comes out matches that key's template in English AND in Chinese, with every placeholder
 * filled and the Chinese style rules kept. A new message without a trigger here fails.
 */
type Out = Said;
const src = { file: "official.txt", line: 7 };
const refused = (text: string, ports?: string): Out => {
  const r = parseEntry(text, src, ports);
  if (r.ok) throw new Error(`${JSON.stringify(text)} was accepted`);
  return r.reason;
};
const warned = (text: string): Out => {
  const r = parseEntry(text, src);
  if (!r.ok || !r.warning) throw new Error(`${JSON.stringify(text)} gave no warning`);
  return r.warning;
};
const ofProblem = (p: InputProblem | undefined): Out => {
  if (!p) throw new Error("no problem");
  expect(p.zh, p.message).toBeTruthy();
  return { en: p.message, zh: p.zh! };
};
const ofWarning = (w: { message: string; zh: string } | undefined): Out => {
  if (!w) throw new Error("no warning");
  return { en: w.message, zh: w.zh };
};
const entry = (text: string): AllowEntry => {
  const r = parseEntry(text, src);
  if (!r.ok) throw new Error(r.reason.en);
  return r.entry;
};
const lan = (text: string, own: string[] = []): Out => ofProblem(lanConflicts([entry(text)], own.map((c) => cidrOf(c) as Cidr))[0]);
const dir = tmpDir("i18n-al");
const file = (name: string, content: string | Buffer) => {
  const f = path.join(dir, name);
  fs.writeFileSync(f, content);
  return f;
};
async function workbook(name: string, sheets: { name: string; hidden?: boolean; rows: string[][] }[]): Promise<string> {
  const ExcelJS = (await import("exceljs")).default;
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name, s.hidden ? { state: "hidden" } : {});
    for (const r of s.rows) ws.addRow(r);
  }
  const f = path.join(dir, name);
  await wb.xlsx.writeFile(f);
  return f;
}
const siteWith = (extra: string) => loadSiteFile(path.join(dir, "site.yaml"), MINIMAL_SITE + extra);
const siteProblem = (extra: string) => ofProblem(siteAllowlistProblems(siteWith(extra))[0]);
const siteWarning = (extra: string, code: string) => ofWarning(compileSitePolicy(siteWith(extra)).warnings.find((w) => w.code === code));
async function bareProblem(files: string[], opts: Parameters<typeof compileBareAllowlist>[1]): Promise<Out> {
  try {
    await compileBareAllowlist(files, opts);
  } catch (e) {
    if (e instanceof InputError) return ofProblem(e.problems[0]);
    throw e;
  }
  throw new Error("no problem");
}

/** Input → output for every key (phrases are checked inside the message that carries them). */
const TRIGGERS: Record<AllowlistKey, () => Out | Promise<Out>> = {
  invisible: () => refused("exa\u00adm.example.cn"),
  invisibleAt: () => refused("exa\u00adm.example.cn"),
  char_softHyphen: () => refused("exa\u00adm.example.cn"),
  char_zeroWidth: () => refused("exa\u200bm.example.cn"),
  char_bom: () => refused("exa\ufeffm.example.cn"),
  char_bidi: () => refused("exa\u202em.example.cn"),
  char_format: () => refused("exa\u2060m.example.cn"),
  empty: () => refused(""),
  portWithoutHost: () => refused(":443"),
  allowAll: () => refused("*"),
  neverPort: () => refused("8.8.8.8:53"),
  port53: () => refused("exam.example.cn", "443,53"),
  port853: () => refused("dns.example.cn:853"),
  wildcard: () => refused("ex*am.example.cn"),
  entryReason: () => refused("bad name.example.cn"),
  urlWhitespace: () => refused("https://exam.example.cn/a b"),
  urlInvalid: () => refused("http://[zz/"),
  urlScheme: () => refused("ftp://x.example.org"),
  urlCredentials: () => refused("https://u:p@exam.example.cn/"),
  specialUse: () => refused("printer.local"),
  homograph: () => warned("\u0430pple.com"),
  tooManyPorts: () => refused(`exam.example.cn:${Array.from({ length: 17 }, (_, i) => 8000 + i).join(",")}`),
  notAPort: () => refused("exam.example.cn:0"),
  badPrefixLength: () => refused("192.0.2.0/99"),
  notAnAddress: () => refused("999.1.1.1"),
  notAligned: () => refused("192.0.2.5/24"),
  tooBroad: () => refused("10.0.0.0/7"),
  specialRange: () => refused("127.0.0.1"),
  lanConflict: () => lan("10.1.2.3"),
  range_thisNetwork: () => refused("0.1.2.3"),
  range_loopback: () => refused("127.0.0.1"),
  range_metadata: () => refused("169.254.169.254"),
  range_linkLocal4: () => refused("169.254.1.1"),
  range_multicast4: () => refused("224.0.0.1"),
  range_unspecified6: () => refused("[::]:443"),
  range_loopback6: () => refused("::1"),
  range_mapped6: () => refused("::ffff:1.2.3.4"),
  range_translated6: () => refused("::ffff:0:1.2.3.4"),
  range_compatible6: () => refused("::1.2.3.4"),
  range_nat64: () => refused("64:ff9b::1.2.3.4"),
  range_nat64Local: () => refused("64:ff9b:1::1"),
  range_discard6: () => refused("100::1"),
  range_linkLocal6: () => refused("fe80::1"),
  range_siteLocal6: () => refused("fec0::1"),
  range_multicast6: () => refused("ff02::1"),
  range_private10: () => lan("10.1.2.3"),
  range_cgnat: () => lan("100.64.1.1"),
  range_private172: () => lan("172.16.1.1"),
  range_private192: () => lan("192.168.1.1"),
  range_benchmark: () => lan("198.18.0.1"),
  range_ula: () => lan("fd00::1"),
  range_ownNetwork: () => lan("203.0.113.5", ["203.0.113.0/24"]),
  hostEmpty: () => refused("*.:80"),
  hostBadChar: () => refused("exam;x.example.cn"),
  hostChar: () => refused("exam;x.example.cn"),
  hostWhiteSpace: () => refused("bad name.example.cn"),
  hostControl: () => refused("exam\u0001x.example.cn"),
  hostInvalidIdn: () => refused("ex\u0080am.example.cn"),
  hostTooLong: () => refused(`${Array.from({ length: 5 }, () => "a".repeat(60)).join(".")}.cn`),
  hostOneLabel: () => refused("intranet"),
  labelTooLong: () => refused(`${"a".repeat(64)}.example.org`),
  labelNotLdh: () => refused("-bad.example.org"),
  labelBadPunycode: () => refused("xn--99999999999999.example.cn"),
  lastLabelNumeric: () => refused("exam.123"),
  utf16NoBom: () => { const d = decodeListFile(Buffer.from("exam.example.cn\n", "utf16le")); if (d.ok) throw new Error("decoded"); return d.reason; },
  notUtf8: () => { const d = decodeListFile(Buffer.from([0xbf, 0xbc, 0xca, 0xd4, 0x0a])); if (d.ok) throw new Error("decoded"); return d.reason; },
  invalidCsv: () => ofProblem(readCsvList("list.csv", 'url\n"exam.example.cn\n').problems[0]),
  xlsxUnreadable: async () => ofProblem((await readList(file("broken.xlsx", "not a workbook"))).problems[0]),
  xlsxNoSheet: async () => ofProblem((await readList(`${await workbook("one.xlsx", [{ name: "名单", rows: [["exam.example.cn"]] }])}#nope`)).problems[0]),
  xlsxAllHidden: async () => ofProblem((await readList(await workbook("hidden.xlsx", [{ name: "a", hidden: true, rows: [["exam.example.cn"]] }]))).problems[0]),
  xlsxNoWorksheet: async () => ofProblem((await readList(await workbook("empty.xlsx", []))).problems[0]),
  xlsxHiddenSheet: async () => ofWarning((await readList(await workbook("draft.xlsx", [{ name: "草稿", hidden: true, rows: [["old.example.cn"]] }, { name: "白名单", rows: [["exam.example.cn"]] }]))).warnings[0]),
  siteXlsx: () => ofProblem(readListSync("official.xlsx").problems[0]),
  cannotRead: () => ofProblem(readListSync(path.join(dir, "missing.txt")).problems[0]),
  publicSuffixWildcard: () => ofProblem(normalise([entry("*.com.cn")]).problems[0]),
  publicSuffix: () => ofProblem(normalise([entry("com.cn")]).problems[0]),
  cdnShared: () => ofWarning(normalise([entry("104.16.1.1")]).warnings[0]),
  broadNetwork: () => ofWarning(normalise([entry("11.0.0.0/12")]).warnings[0]),
  lanExpected: () => bareProblem([file("ok.txt", "exam.example.cn\n")], { lan: ["2001:db8::/64"] }),
  ipExpected: () => bareProblem([file("ok.txt", "exam.example.cn\n")], { router: "router.lan" }),
  resolverExpected: () => siteProblem("allowlist:\n  upstreamDns: [dns.example.cn]\n"),
  routerOpenwrtVersion: () => unsupportedRelease("openwrt", { osVersion: "snapshot" })!,
  routerOpenwrtTooOld: () => unsupportedRelease("openwrt", { osVersion: "22.03.5" })!,
  routerDnsmasqNoNftset: () => unsupportedRelease("nftables", { dnsmasqVersion: "2.86" })!,
  exampleList: () => siteWarning("", "example-list"),
  chromeCidr: () => siteWarning("allowlist:\n  additions: [198.51.100.0/24]\n", "chrome-cidr"),
  chromeLimit: () => siteWarning(`allowlist:\n  sources: [big.txt]\n`, "chrome-limit"),
  // Defensive branches no input reaches today (kept so a future change cannot print raw text):
  unreadable: () => said("unreadable", { entry: "a:b" }),
  dbPortsUnknown: () => said("dbPortsUnknown"),
};
fs.writeFileSync(path.join(dir, "big.txt"), Array.from({ length: 1001 }, (_, i) => `h${i}.example.cn`).join("\n"));

/** The template as a pattern: placeholders match anything; Chinese spaces around a placeholder are optional. */
function pattern(template: string, lang: "zh" | "en"): RegExp {
  const esc = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const parts = template.split(/( ?\{\w+\} ?)/).map((p, i) => {
    if (i % 2 === 0) return esc(p);
    if (lang === "zh") return " ?[\\s\\S]*? ?";
    return `${p.startsWith(" ") ? " " : ""}[\\s\\S]*?${p.endsWith(" ") ? " " : ""}`;
  });
  return new RegExp(parts.join(""));
}

describe("allowlist messages in both languages (walks the catalogue's allowlist keys)", () => {
  const keys = Object.keys(CATALOGUES.zh.allowlist) as AllowlistKey[];

  it("every key has a trigger (a new message needs one here)", () => {
    expect(Object.keys(TRIGGERS).sort()).toEqual([...keys].sort());
  });

  it.each(keys.map((k) => [k]))("%s: produced from the catalogue in English and Chinese", async (key) => {
    const out = await TRIGGERS[key]();
    for (const lang of ["en", "zh"] as const) {
      const template = (CATALOGUES[lang].allowlist as Record<string, string>)[key];
      expect(out[lang], `${lang} of ${key}`).toMatch(pattern(template, lang));
      expect(out[lang]).not.toMatch(/\{\w+\}|undefined|\[object Object\]/);
    }
    expect(out.zh).not.toBe(out.en);
    expect(out.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(lintZh(out.zh), out.zh).toEqual([]);
  });

  it("a text list reports Chinese and English with file:line and no field for list lines", () => {
    const r = readTextList("official.txt", "ok.example.cn\n127.0.0.1\n");
    expect(r.problems).toEqual([{ file: "official.txt", line: 2, path: "", message: '"127.0.0.1" is a loopback address; it cannot be an allowlist destination', zh: '"127.0.0.1" 是环回地址，不能作为白名单目标' }]);
  });
});

describe("the CLI shows allowlist problems in Chinese by default", () => {
  const bin = path.join(__dirname, "../../bin/examlab.js");
  const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", cwd: dir });
  const bad = file("bad.txt", "exam.example.cn\n1.2.3.4:0\n::ffff:10.0.0.1\nexa\u200bm.example.cn\n");
  const site = (lang?: "en") => file(`site-${lang ?? "zh"}.yaml`, `${lang ? `language: ${lang}\n` : ""}${MINIMAL_SITE}allowlist:\n  sources: [bad.txt]\n  additions: ["8.8.8.8:53"]\n`);

  it("allowlist: Chinese without --lang, English with --lang en; exit 2", () => {
    const zh = run("allowlist", "--in", bad, "--target", "list");
    expect(zh.status).toBe(2);
    expect(zh.stderr).toContain(`${bad}:2: "1.2.3.4:0"："0" 不是端口号（1–65535）`);
    expect(zh.stderr).toContain(`${bad}:3: "::ffff:10.0.0.1" 是 IPv4 映射的 IPv6 地址`);
    expect(zh.stderr).toContain(`${bad}:4: 条目 "exa<U+200B>m.example.cn" 含有零宽字符（U+200B，第 4 个字符）`);
    const en = run("allowlist", "--in", bad, "--target", "list", "--lang", "en");
    expect(en.stderr).toContain(`${bad}:2: "1.2.3.4:0": "0" is not a port number (1–65535)`);
  });

  it("check and validate: a broken allowlist is bad input (exit 2) in the site's language, else Chinese; --lang wins", () => {
    for (const cmd of ["check", "validate"]) {
      const zh = run(cmd, site());
      expect(zh.status, zh.stderr).toBe(2);
      expect(zh.stderr).toContain('bad.txt:2: "1.2.3.4:0"："0" 不是端口号（1–65535）');
      expect(zh.stderr).toMatch(/site-zh\.yaml:\d+: allowlist\.additions\[0\]: "8\.8\.8\.8:53" 指定了 53 端口/);
      expect(zh.stderr).not.toMatch(/ at .*\.js:\d+/);
      const en = run(cmd, site("en"));
      expect(en.stderr).toContain('bad.txt:2: "1.2.3.4:0": "0" is not a port number (1–65535)');
      expect(run(cmd, site("en"), "--lang", "zh").stderr).toContain('bad.txt:2: "1.2.3.4:0"："0" 不是端口号（1–65535）');
    }
  });

  it("export and report: the same problems, in the site's language, and nothing written", () => {
    const out = path.join(dir, "out");
    const zh = run("export", site(), "--out", out);
    expect(zh.status).toBe(2);
    expect(zh.stderr).toContain('bad.txt:3: "::ffff:10.0.0.1" 是 IPv4 映射的 IPv6 地址');
    expect(run("export", site("en"), "--out", out).stderr).toContain('bad.txt:3: "::ffff:10.0.0.1" is an IPv4-mapped IPv6 address');
    expect(fs.existsSync(out)).toBe(false);
    // report: the same bad input, not a "ready" report
    const rep = run("report", site(), "--out", out);
    expect(rep.status).toBe(2);
    expect(rep.stderr).toContain('bad.txt:3: "::ffff:10.0.0.1" 是 IPv4 映射的 IPv6 地址');
    expect(fs.existsSync(out)).toBe(false);
  });
});
