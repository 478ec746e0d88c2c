import * as fs from "node:fs";
import * as path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main";
import { produceArtifacts } from "../../src/export/run";
import { loadSiteSource } from "../../src/model/sources";
import { ENDPOINT_PATHS } from "../../src/allowlist";
import { nftCheck, tmpDir } from "./helpers";

const tmp = tmpDir("export");
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function quiet(fn: () => Promise<number>): Promise<{ code: number; out: string }> {
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const captured: string[] = [];
  process.stdout.write = ((s: string | Uint8Array) => (captured.push(String(s)), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array) => (captured.push(String(s)), true)) as typeof process.stderr.write;
  try {
    return { code: await fn(), out: captured.join("") };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

describe("export: router family, endpoint files, normalised policy", () => {
  const files = produceArtifacts(loadSiteSource("sites/demo-intermediate.yaml"));
  const byPath = new Map(files.map((f) => [f.path, f]));

  it("writes the site's family under router/<family>/ and lists everything in the manifest", () => {
    const router = files.filter((f) => f.path.startsWith("router/")).map((f) => f.path);
    expect(router).toContain("router/openwrt/etc/nftables.d/50-examlab-allowlist.nft");
    expect(router).toContain("router/openwrt/etc/dnsmasq.d/examlab-allowlist.conf");
    expect(router.every((p) => p.startsWith("router/openwrt/"))).toBe(true);
    const manifest = JSON.parse(String(byPath.get("manifest.json")!.content)) as { files: { path: string }[] };
    for (const p of [...router, ENDPOINT_PATHS.chromePolicy, ENDPOINT_PATHS.firewall, "policy/allowlist.normalised.json"]) expect(manifest.files.map((f) => f.path)).toContain(p);
  });

  it("chrome-policy.reg is UTF-16LE with BOM and CRLF, with both old and new policy names", () => {
    const buf = Buffer.from(byPath.get(ENDPOINT_PATHS.chromePolicy)!.content as Uint8Array);
    expect([...buf.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    const s = buf.subarray(2).toString("utf16le");
    expect(s.startsWith("Windows Registry Editor Version 5.00\r\n")).toBe(true);
    expect(s.replace(/\r\n/g, "")).not.toContain("\n");
    for (const k of ["URLBlocklist", "URLAllowlist", "URLBlacklist", "URLWhitelist"]) expect(s).toContain(`\\Google\\Chrome\\${k}]\r\n`);
    expect(s).toContain('"DnsOverHttpsMode"="off"');
    expect(s).toContain('"QuicAllowed"=dword:00000000');
    expect(s).toMatch(/URLBlocklist\]\r\n"1"="\*"/);
  });

  it("firewall-allowlist.ps1 is UTF-8 with BOM and CRLF and blocks outbound by default", () => {
    const s = String(byPath.get(ENDPOINT_PATHS.firewall)!.content);
    expect(s.charCodeAt(0)).toBe(0xfeff);
    expect(s.replace(/\r\n/g, "")).not.toContain("\n");
    expect(s).toContain("-DefaultOutboundAction Block");
    expect(s).toContain("'10.20.201.2-10.20.201.254'");
  });

  it("the normalised policy JSON carries policy, LAN plan and warnings for the report", () => {
    const j = JSON.parse(String(byPath.get("policy/allowlist.normalised.json")!.content));
    expect(j.policy.groups[0].id).toBe("web");
    expect(j.lan.candidates4).toEqual(["10.20.201.0/24", "10.20.202.0/24"]);
    expect(j.warnings.map((w: { code: string }) => w.code)).toContain("example-list");
  });

  it("is byte-identical across runs", () => {
    const again = produceArtifacts(loadSiteSource("sites/demo-intermediate.yaml"));
    expect(again.map((f) => [f.path, Buffer.from(f.content as never).toString("base64")])).toEqual(files.map((f) => [f.path, Buffer.from(f.content as never).toString("base64")]));
  });
});

describe("examlab allowlist (bare list, no site file)", () => {
  it("converts an XLSX list into a valid nftables ruleset", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("白名单");
    ws.addRow(["序号", "网址", "端口"]);
    ws.addRow([1, "exam.example.cn", ""]);
    ws.addRow([2, "*.cdn.example.cn", "443"]);
    ws.addRow([3, "203.0.113.0/25", ""]);
    const xlsx = path.join(tmp, "official.xlsx");
    await wb.xlsx.writeFile(xlsx);
    const out = path.join(tmp, "bare-nft");
    const r = await quiet(() => runCli(["allowlist", "--in", xlsx, "--target", "nftables", "--out", out, "--lan", "192.168.10.0/24"]));
    expect(r.code, r.out).toBe(0);
    const nft = fs.readFileSync(path.join(out, "examlab-allowlist.nft"), "utf8");
    expect(nft).toContain("203.0.113.0/25");
    expect(nft).toContain("192.168.10.0/24");
    expect(nftCheck(path.join(out, "examlab-allowlist.nft")).status).toBe(0);
  });

  it("converts to a normalised text list (XLSX → TXT for site sources)", async () => {
    const list = path.join(tmp, "l.txt");
    fs.writeFileSync(list, "b.example.cn\n*.example.cn\n192.0.2.0/25\n192.0.2.128/25\n");
    const outFile = path.join(tmp, "out.txt");
    expect((await quiet(() => runCli(["allowlist", "--in", list, "--target", "list", "--out", outFile]))).code).toBe(0);
    expect(fs.readFileSync(outFile, "utf8")).toBe("*.example.cn\n192.0.2.0/24\n");
  });

  it("exits 2 with file:line for bad entries and for an unknown target", async () => {
    const list = path.join(tmp, "bad.txt");
    fs.writeFileSync(list, "ok.example.cn\nbad name.example.cn\n");
    const r = await quiet(() => runCli(["allowlist", "--in", list, "--target", "dnsmasq"]));
    expect(r.code).toBe(2);
    // Chinese by default (no site file, no --lang); English with --lang en
    expect(r.out).toContain(`${list}:2: "bad name.example.cn"：主机名中含有空白字符；只允许字母、数字、“-” 和 “.”`);
    const en = await quiet(() => runCli(["allowlist", "--in", list, "--target", "dnsmasq", "--lang", "en"]));
    expect(en.out).toContain(`${list}:2: "bad name.example.cn": host name contains white space`);
    expect((await quiet(() => runCli(["allowlist", "--in", list, "--target", "nope"]))).code).toBe(2);
  });
});
