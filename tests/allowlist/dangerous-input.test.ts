import * as fs from "node:fs";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ALL_TARGETS, compileSitePolicy, normalise } from "../../src/allowlist";
import { compileBareAllowlist } from "../../src/allowlist/bare";
import type { AllowEntry, RenderInput } from "../../src/allowlist/model";
import { parseEntry } from "../../src/allowlist/parse-entry";
import { readListSync, readList, readTextList } from "../../src/allowlist/sources";
import { formatAddress } from "../../src/ipplan/addresses";
import { InputError } from "../../src/model/errors";
import { siteFromObject } from "../../src/model/site";
import { siteInput, tmpDir } from "./helpers";

/**
 * Issue 10 item 15: allowlist input that used to be accepted but is dangerous. Each class is
 * refused (or warned about) with file:line, by a table over the hostile corpus
 * (corpus/hostile-entries.json) and by fast-check properties over the whole class; whatever is
 * accepted reaches every target only in its validated A-label / canonical form.
 */
interface Case {
  entry: string;
  expect: "refuse" | "warn" | "accept";
  reason?: string;
  name?: string;
}
const CORPUS: Case[] = JSON.parse(fs.readFileSync(path.join(__dirname, "corpus/hostile-entries.json"), "utf8"));
const src = { file: "official.txt", line: 7 };

describe("hostile corpus (item 15)", () => {
  it.each(CORPUS.map((c) => [JSON.stringify(c.entry), c] as const))("%s", (_label, c) => {
    const r = parseEntry(c.entry, src);
    if (c.expect === "refuse") {
      expect(r.ok, `${JSON.stringify(c.entry)} was accepted`).toBe(false);
      if (!r.ok) {
        expect(r.reason.en).toMatch(new RegExp(c.reason!));
        expect(r.reason.en + r.reason.zh).not.toMatch(/[\u0000-\u001f\u00ad\u200b-\u200f\u202a-\u202e\u2060\ufeff]/); // the message shows what it refuses
      }
      return;
    }
    expect(r.ok, JSON.stringify(r)).toBe(true);
    if (!r.ok) return;
    if (c.expect === "warn") expect(r.warning?.en).toMatch(new RegExp(c.reason!));
    else expect(r.warning).toBeUndefined();
    if (c.name && r.entry.kind === "domain") expect(r.entry.name).toBe(c.name);
  });

  it("a text list reports each refused corpus line with file:line, and homographs as warnings with file:line", () => {
    const oneLine = CORPUS.filter((c) => !/[\r\n]/.test(c.entry) && !c.entry.includes("#"));
    const r = readTextList("official.txt", oneLine.map((c) => c.entry).join("\n"));
    const refusedLines = oneLine.flatMap((c, i) => (c.expect === "refuse" ? [i + 1] : []));
    expect(r.problems.map((p) => p.line)).toEqual(refusedLines);
    for (const p of r.problems) expect(p.file).toBe("official.txt");
    const warnLines = oneLine.flatMap((c, i) => (c.expect === "warn" ? [`official.txt:${i + 1}`] : []));
    expect(r.warnings.map((w) => w.source)).toEqual(warnLines);
    expect(r.warnings.every((w) => w.code === "homograph")).toBe(true);
  });

  it("nothing the corpus gets accepted reaches any target except in canonical form", () => {
    const accepted: AllowEntry[] = CORPUS.flatMap((c) => {
      const r = parseEntry(c.entry, src);
      return r.ok ? [r.entry] : [];
    });
    const input: RenderInput = { ...siteInput("sites/demo-primary.ts", "en"), policy: normalise(accepted).policy };
    for (const [id, t] of Object.entries(ALL_TARGETS))
      for (const f of t.render(input)) {
        const s = (typeof f.content === "string" ? f.content : Buffer.from(f.content).subarray(2).toString("utf16le")).replace(/^\uFEFF/, "");
        // No raw Unicode host, no invisible/bidi character, no control character in any output.
        expect(s, `${id}/${f.path}`).not.toMatch(/[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\u0430\u03bf]|Bücher|例子|東京/u);
        expect(s.replace(/\r?\n/g, ""), `${id}/${f.path}`).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
      }
  });
});

const INVISIBLES = ["\u00ad", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202e", "\u2060", "\u2066", "\ufeff", "\u180e", "\ufe0f"];
const label = fc.stringMatching(/^[a-z][a-z0-9]{2,9}$/);
const hostName = fc.tuple(label, label).map(([a, b]) => `${a}.${b}.cn`);
const v4 = fc.integer({ min: 0, max: 0xffffffff }).map((n) => formatAddress(4, BigInt(n)));

describe("item 15 as properties", () => {
  it("an invisible character anywhere in an otherwise valid entry is refused, never dropped", () => {
    fc.assert(
      fc.property(hostName, fc.constantFrom(...INVISIBLES), fc.nat(), fc.constantFrom("", "*.", "https://", "http://"), (name, ch, at, prefix) => {
        const i = at % (name.length + 1);
        const r = parseEntry(prefix + name.slice(0, i) + ch + name.slice(i), src);
        expect(r.ok).toBe(false);
      }),
      { numRuns: 500, seed: 15 },
    );
  });

  it("every IPv4 address in a never-range is refused, and so are its IPv4-mapped and NAT64 forms of ANY IPv4 address", () => {
    const never = fc.oneof(
      fc.integer({ min: 0, max: 0x00ffffff }),
      fc.integer({ min: 0x7f000000, max: 0x7fffffff }),
      fc.integer({ min: 0xa9fe0000, max: 0xa9feffff }),
      fc.integer({ min: 0xe0000000, max: 0xffffffff }),
    ).map((n) => formatAddress(4, BigInt(n)));
    fc.assert(fc.property(never, (ip) => { expect(parseEntry(ip, src).ok, ip).toBe(false); }), { numRuns: 400, seed: 1 });
    fc.assert(
      fc.property(v4, fc.constantFrom("::ffff:", "64:ff9b::", "[::ffff:", "https://[64:ff9b::"), (ip, pre) => {
        const text = pre.startsWith("https") ? `${pre}${ip}]/` : pre.startsWith("[") ? `${pre}${ip}]:443` : pre + ip;
        expect(parseEntry(text, src).ok, text).toBe(false);
      }),
      { numRuns: 400, seed: 2 },
    );
  });

  it("every IPv6 link-local, loopback and multicast address is refused", () => {
    const v6 = fc.tuple(fc.constantFrom(0xfe80, 0xfe90, 0xfebf, 0xff02, 0xff05), fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 7, maxLength: 7 }))
      .map(([top, rest]) => formatAddress(6, [top, ...rest].reduce((acc, g) => (acc << 16n) | BigInt(g), 0n)));
    fc.assert(fc.property(v6, (ip) => { expect(parseEntry(ip, src).ok, ip).toBe(false); }), { numRuns: 300, seed: 3 });
    expect(parseEntry("::1", src).ok).toBe(false);
  });

  it("port 0, 53 and 853 are refused in every entry form; other ports are kept", () => {
    const form = fc.constantFrom((p: number) => `exam.example.cn:${p}`, (p: number) => `https://exam.example.cn:${p}/`, (p: number) => `[2001:db8::7]:${p}`, (p: number) => `192.0.2.9:${p}`);
    fc.assert(
      fc.property(form, fc.constantFrom(0, 53, 853), (f, p) => { expect(parseEntry(f(p), src).ok, f(p)).toBe(false); }),
      { numRuns: 100, seed: 4 },
    );
    fc.assert(
      fc.property(form, fc.integer({ min: 1, max: 65535 }).filter((p) => p !== 53 && p !== 853 && p !== 80 && p !== 443), (f, p) => {
        const r = parseEntry(f(p), src);
        expect(r.ok && r.entry.ports).toEqual([p]);
      }),
      { numRuns: 200, seed: 5 },
    );
    // A port column cannot smuggle them in either.
    expect(parseEntry("exam.example.cn", src, "443,53").ok).toBe(false);
  });

  it("a Latin label with one letter swapped for a Cyrillic or Greek look-alike is accepted with a homograph warning", () => {
    const LOOKALIKE: Record<string, string> = { a: "\u0430", e: "\u0435", o: "\u043e", p: "\u0440", c: "\u0441", x: "\u0445", y: "\u0443", i: "\u0456" };
    const latin = fc.stringMatching(/^[a-z]{3,10}$/).filter((s) => [...s].some((ch) => ch in LOOKALIKE) && [...s].some((ch) => !(ch in LOOKALIKE)));
    fc.assert(
      fc.property(latin, fc.nat(), (word, k) => {
        const idx = [...word].map((ch, i) => (ch in LOOKALIKE ? i : -1)).filter((i) => i >= 0);
        const i = idx[k % idx.length];
        const spoof = word.slice(0, i) + LOOKALIKE[word[i]] + word.slice(i + 1);
        const r = parseEntry(`${spoof}.example.cn`, src);
        expect(r.ok).toBe(true);
        if (r.ok) expect(r.warning?.en).toMatch(/Cyrillic \+ Latin/);
      }),
      { numRuns: 200, seed: 6 },
    );
  });
});

describe("LAN ranges and the site's own block (item 15)", () => {
  const room = { id: "1", levels: ["primary"], candidates: 1, layout: { widthM: 5, depthM: 5, rows: 1, columns: 1, pitchM: 1.2, rowPitchM: 1.5 } };
  const siteWith = (allowlist: object, block = "10.90.0.0/16", block6?: string) =>
    siteFromObject({ id: "lan", name: "l", levels: ["primary"], network: { block, ...(block6 ? { block6 } : {}) }, allowlist, rooms: [room] }, "/tmp/exl-al-lan-site.ts");
  const problems = (allowlist: object, block?: string, block6?: string) => {
    try {
      compileSitePolicy(siteWith(allowlist, block, block6));
    } catch (e) {
      if (e instanceof InputError) return e.problems;
      throw e;
    }
    return [];
  };

  it("refuses additions in the site's own block or any private/ULA/CGNAT range, naming the field", () => {
    for (const bad of ["10.90.0.5", "10.90.0.0/24", "10.0.0.0/8", "192.168.1.0/24", "172.20.3.4", "100.64.1.1", "fd00::/48", "fd12:3456::1", "198.18.0.1"]) {
      const p = problems({ sources: [], additions: ["ok.example.cn", bad] });
      expect(p, bad).toEqual([expect.objectContaining({ path: "allowlist.additions[1]", message: expect.stringMatching(/site's own network|LAN|NAT space|benchmarking/) })]);
    }
  });

  it("refuses a public site block used as an addition (schools with public addresses)", () => {
    const p = problems({ sources: [], additions: ["203.0.113.64/26"] }, "203.0.112.0/22");
    expect(p).toEqual([expect.objectContaining({ message: expect.stringMatching(/inside the site's own network 203\.0\.112\.0\/22/) })]);
    expect(problems({ sources: [], additions: ["2001:db8:5::1"] }, "10.90.0.0/16", "2001:db8:5::/48")).toHaveLength(1);
  });

  it("refuses LAN entries of a list file with file:line, and the bare converter refuses them against --lan", async () => {
    const dir = tmpDir("lan");
    fs.writeFileSync(path.join(dir, "list.txt"), "exam.example.cn\n# nvr\n10.90.0.5\n192.0.2.1\n");
    const p = problems({ sources: [path.join(dir, "list.txt")] });
    expect(p.map((q) => [q.line, q.message.slice(0, 12)])).toEqual([[3, `"10.90.0.5/3`]]);
    fs.writeFileSync(path.join(dir, "bare.txt"), "exam.example.cn\n203.0.113.9\n");
    await expect(compileBareAllowlist([path.join(dir, "bare.txt")], { lan: ["203.0.113.0/24"] })).rejects.toThrow(/bare\.txt|site's own network/);
    const err = await compileBareAllowlist([path.join(dir, "bare.txt")], { lan: ["203.0.113.0/24"] }).catch((e) => e as InputError);
    expect((err as InputError).problems[0]).toMatchObject({ file: path.join(dir, "bare.txt"), line: 2 });
  });
});

describe("file encodings (item 15)", () => {
  const body = "# 官方白名单\nexam.example.cn\n考试.example.cn\n";
  it("decodes UTF-16 LE and BE files by their byte-order mark, like UTF-8", () => {
    const dir = tmpDir("enc");
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(body, "utf16le")]);
    const be = Buffer.from(le); // swap every byte pair → UTF-16 BE with BOM FE FF
    be.swap16();
    const utf8 = readTextList("x.txt", body).entries.map((e) => (e.kind === "domain" ? e.name : ""));
    for (const [name, bytes] of [["le.txt", le], ["be.txt", be], ["le.csv", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`网址\n${body.split("\n").slice(1).join("\n")}`, "utf16le")])]] as const) {
      fs.writeFileSync(path.join(dir, name), bytes);
      const r = readListSync(path.join(dir, name), name);
      expect(r.problems, name).toEqual([]);
      expect(r.entries.map((e) => (e.kind === "domain" ? e.name : "")), name).toEqual(utf8);
    }
  });

  it("refuses UTF-16 without a BOM and non-UTF-8 (GBK) files readably, never as mojibake", () => {
    const dir = tmpDir("enc2");
    fs.writeFileSync(path.join(dir, "nobom.txt"), Buffer.from(body, "utf16le"));
    fs.writeFileSync(path.join(dir, "gbk.txt"), Buffer.from([0xbf, 0xbc, 0xca, 0xd4, 0x2e, 0x65, 0x78, 0x2e, 0x63, 0x6e, 0x0a])); // "考试.ex.cn" in GBK
    expect(readListSync(path.join(dir, "nobom.txt"), "nobom.txt").problems).toEqual([{ file: "nobom.txt", path: "", message: expect.stringMatching(/UTF-16 without a byte-order mark/), zh: expect.stringMatching(/不带字节顺序标记（BOM）的 UTF-16/) }]);
    expect(readListSync(path.join(dir, "gbk.txt"), "gbk.txt").problems).toEqual([{ file: "gbk.txt", path: "", message: expect.stringMatching(/not valid UTF-8.*GBK/), zh: expect.stringMatching(/不是有效的 UTF-8.*GBK/) }]);
  });
});

describe("XLSX sheets (item 15)", () => {
  async function workbook(file: string, sheets: { name: string; state?: "hidden" | "veryHidden"; rows: string[][] }[]) {
    const ExcelJS = (await import("exceljs")).default;
    const wb = new ExcelJS.Workbook();
    for (const s of sheets) {
      const ws = wb.addWorksheet(s.name);
      if (s.state) ws.state = s.state;
      for (const r of s.rows) ws.addRow(r);
    }
    await wb.xlsx.writeFile(file);
  }

  it("skips a hidden first sheet with a warning and reads the visible one; file.xlsx#Sheet reads the declared one", async () => {
    const dir = tmpDir("xlsx");
    const f = path.join(dir, "official.xlsx");
    await workbook(f, [
      { name: "草稿", state: "hidden", rows: [["网址"], ["old-draft.example.cn"]] },
      { name: "Hidden2", state: "veryHidden", rows: [["网址"], ["other.example.cn"]] },
      { name: "白名单", rows: [["网址", "端口"], ["exam.example.cn", ""], ["bad name.example.cn", ""]] },
    ]);
    const r = await readList(f);
    expect(r.entries.map((e) => (e.kind === "domain" ? e.name : ""))).toEqual(["exam.example.cn"]);
    expect(r.warnings).toEqual([expect.objectContaining({ code: "xlsx-hidden-sheet", message: expect.stringMatching(/"草稿".*"Hidden2".*"白名单"/) })]);
    expect(r.problems).toEqual([expect.objectContaining({ file: `${f}#白名单`, line: 3 })]);
    const declared = await readList(`${f}#草稿`);
    expect(declared.entries.map((e) => (e.kind === "domain" ? e.name : ""))).toEqual(["old-draft.example.cn"]);
    expect(declared.warnings).toEqual([]);
    expect((await readList(`${f}#nope`)).problems[0].message).toMatch(/no sheet "nope"/);
  });
});

describe("the CLI on dangerous input (item 15)", () => {
  it("exits 2 naming file:line and the reason for every refused entry, writes nothing, and prints homograph warnings", () => {
    const dir = tmpDir("cli15");
    const list = path.join(dir, "official.txt");
    fs.writeFileSync(list, "exam.example.cn\nexa\u200bm.example.cn\n169.254.169.254\nhttps://exam.example.cn:0/\n:53\n");
    const out = path.join(dir, "out");
    const r = spawnSync(process.execPath, [path.join(__dirname, "../../bin/examlab.js"), "allowlist", "--in", list, "--target", "huawei", "--out", out], { encoding: "utf8" });
    expect(r.status).toBe(2);
    for (const line of [2, 3, 4, 5]) expect(r.stderr).toContain(`${list}:${line}: `);
    expect(r.stderr).not.toMatch(/\u200b|at .*\.js:\d+/); // no invisible character, no stack trace
    expect(fs.existsSync(out)).toBe(false);
    fs.writeFileSync(list, "exam.example.cn\n\u0430pple.com\n");
    const w = spawnSync(process.execPath, [path.join(__dirname, "../../bin/examlab.js"), "allowlist", "--in", list, "--target", "list"], { encoding: "utf8" });
    expect(w.status).toBe(0);
    // Chinese by default (no site, no --lang), English on request
    const shown = list.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    expect(w.stderr).toMatch(new RegExp(`警告：${shown}:2: .*同形异义字`));
    const wEn = spawnSync(process.execPath, [path.join(__dirname, "../../bin/examlab.js"), "allowlist", "--in", list, "--target", "list", "--lang", "en"], { encoding: "utf8" });
    expect(wEn.stderr).toMatch(new RegExp(`warning: ${shown}:2: .*homograph`));
  });
});
