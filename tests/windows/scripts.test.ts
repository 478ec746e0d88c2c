import { describe, expect, it } from "vitest";
import * as fs from "node:fs";
import * as path from "node:path";
import { windowsArtifacts } from "../../src/windows/producer";
import { produceArtifacts } from "../../src/export/run";
import type { Artifact } from "../../src/export/artifacts";
import { nodesOfType, parsePs, scriptText } from "./ps-parser";
import { sampleSites } from "./sites";

const sites = sampleSites();
const byLevel = Object.fromEntries(Object.entries(sites).map(([level, site]) => [level, windowsArtifacts(site)])) as Record<string, Artifact[]>;
const scripts = Object.entries(byLevel).flatMap(([level, arts]) => arts.filter((a) => a.path.endsWith(".ps1")).map((a) => ({ level, a })));
const file = (level: string, p: string) => byLevel[level].find((a) => a.path === p)!;
const text = (level: string, p: string) => scriptText(file(level, p).content);

describe("generated PowerShell parses (tree-sitter-powershell, windows.md §6)", () => {
  it.each(scripts.map(({ level, a }) => [`${level}: ${a.path}`, a] as const))("%s has zero syntax errors", async (_name, a) => {
    const { errors } = await parsePs(scriptText(a.content));
    expect(errors).toEqual([]);
  });

  it("the parser catches a deliberately broken script", async () => {
    const good = text("intermediate", "windows/provision-intermediate.ps1");
    const lastBrace = good.lastIndexOf("}");
    const broken = [
      good.slice(0, lastBrace) + good.slice(lastBrace + 1), // unclosed block
      good.replace("Write-Step '安装 PyCharm 社区版'", "Write-Step '安装 PyCharm 社区版"), // unclosed string
      good.replace("$exitCode = 0\n", "$exitCode = (0\n"), // unclosed parenthesis
    ];
    for (const b of broken) expect((await parsePs(b)).errors.length).toBeGreaterThan(0);
  });
});

describe("encoding: UTF-8 with BOM and CRLF (windows.md §3.10)", () => {
  it.each(scripts.map(({ level, a }) => [`${level}: ${a.path}`, a] as const))("%s", (_n, a) => {
    const buf = Buffer.from(a.content as Uint8Array);
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const s = buf.toString("utf8");
    expect(s.includes("\r\n")).toBe(true);
    expect(/(^|[^\r])\n/.test(s)).toBe(false); // no bare LF
    expect(s.endsWith("\r\n")).toBe(true);
  });
});

describe("structure visible in the parse tree", () => {
  const commandNames = async (src: string) => nodesOfType((await parsePs(src)).tree.rootNode, "command_name").map((n) => n.text);

  it.each(["primary", "intermediate", "advanced"])("%s provisioning: transcript, idempotent steps, exit code, stop on error", async (level) => {
    const src = text(level, `windows/provision-${level}.ps1`);
    const { tree } = await parsePs(src);
    const names = await commandNames(src);
    expect(names).toContain("Start-Transcript");
    expect(names).toContain("Stop-Transcript");
    // every change goes through Invoke-Step (probe → act → re-probe)
    const functions = nodesOfType(tree.rootNode, "function_statement").map((f) => f.childForFieldName?.("name")?.text ?? f.namedChildren.find((c) => c?.type === "function_name")?.text);
    expect(functions).toContain("Invoke-Step");
    expect(names.filter((n) => n === "Invoke-Step").length).toBeGreaterThanOrEqual(8);
    expect(src).toContain("this run changed nothing");
    // exit $exitCode is the last statement; catch sets it to 1; $ErrorActionPreference = 'Stop'
    const statements = tree.rootNode.namedChildren.find((c) => c?.type === "statement_list")!.namedChildren;
    expect(statements.at(-1)!.text).toBe("exit $exitCode");
    const catches = nodesOfType(tree.rootNode, "catch_clause");
    expect(catches.some((c) => /\$exitCode = 1/.test(c.text))).toBe(true);
    expect(nodesOfType(tree.rootNode, "finally_clause").some((f) => f.text.includes("Stop-Transcript"))).toBe(true);
    expect(src).toMatch(/\$ErrorActionPreference = 'Stop'/);
  });

  it("refuses a package whose manifest hash is missing, and stops on a mismatch", async () => {
    const src = text("intermediate", "windows/provision-intermediate.ps1");
    const { tree } = await parsePs(src);
    const fn = nodesOfType(tree.rootNode, "function_statement").find((f) => f.text.startsWith("function Get-VerifiedPackage"))!;
    expect(fn).toBeDefined();
    const ifs = nodesOfType(fn, "if_statement").map((n) => n.text);
    expect(ifs.some((t) => t.startsWith("if (-not $entry.sha256)") && t.includes("throw"))).toBe(true);
    expect(ifs.some((t) => t.includes("-ne $entry.sha256.ToUpperInvariant()") && t.includes("throw"))).toBe(true);
    // every installer goes through Get-VerifiedPackage; wheels through pip --require-hashes
    expect(src.match(/Get-VerifiedPackage '/g)!.length).toBeGreaterThanOrEqual(3);
    expect(src).toContain("--require-hashes");
    expect(src).not.toMatch(/--index-url|pypi\.org/);
  });

  it("applies the network-policy files from ../endpoint and fails clearly when they are missing", () => {
    const src = text("primary", "windows/provision-primary.ps1");
    expect(src).toContain("Join-Path $PSScriptRoot '..\\endpoint'");
    expect(src).toContain("'chrome-policy.reg'");
    expect(src).toContain("'firewall-allowlist.ps1'");
    expect(src).toContain("& reg.exe import $ChromePolicy");
    expect(src).toMatch(/if \(-not \(Test-Path -LiteralPath \$required\)\) \{\n\s+throw/);
  });

  it("level contents follow policies/levels.ts", () => {
    const p = text("primary", "windows/provision-primary.ps1");
    const i = text("intermediate", "windows/provision-intermediate.ps1");
    const a = text("advanced", "windows/provision-advanced.ps1");
    expect(p).not.toContain("ChromeDriver");
    expect(p).not.toContain("'scrapy'");
    expect(i).toContain("'chromedriver' = [ordered]@{");
    expect(i).toContain("'project' = 'Scrapy'");
    expect(i).toContain("'version' = '22.10.0'"); // Twisted pin
    expect(i).toContain("portproxy"); // demo-intermediate has a lab server → lab-server mode
    expect(i).not.toContain("MySQL57");
    expect(a).toContain("Anaconda");
    expect(a).toContain("MySQL57");
    expect(a).toContain("Redis 6.2.5 has no Windows build");
  });

  it("first-boot refuses to guess and sets the per-seat portproxy", () => {
    const src = text("intermediate", "windows/first-boot-identity.ps1");
    expect(src).toContain("refusing to guess");
    expect(src).toContain("'mac' = '00-1A-2B-20-01-01'");
    expect(src).toMatch(/'listenPort' = 3306\n\s+'host' = '10\.20\.0\.\d+'/);
    expect(src).toContain("netsh.exe interface portproxy add v4tov4");
  });
});

describe("export", () => {
  it("lists every windows file in the manifest, deterministically", () => {
    const a = produceArtifacts(sites.intermediate);
    const b = produceArtifacts(sites.intermediate);
    const manifest = JSON.parse(a.find((x) => x.path === "manifest.json")!.content as string);
    const paths = manifest.files.map((f: { path: string }) => f.path);
    for (const p of ["windows/provision-intermediate.ps1", "windows/first-boot-identity.ps1", "windows/check-environment.ps1", "windows/package-cache.json", "windows/packer/windows10-intermediate.pkr.hcl", "windows/packer/autounattend.xml"])
      expect(paths).toContain(p);
    expect(a.map((x) => Buffer.from(x.content as any).toString("base64"))).toEqual(b.map((x) => Buffer.from(x.content as any).toString("base64")));
  });
});

describe("golden files per level", () => {
  const dir = path.join(__dirname, "golden");
  it.each(["primary", "intermediate", "advanced"])("%s", (level) => {
    const got = text(level, `windows/provision-${level}.ps1`);
    const golden = path.join(dir, `provision-${level}.ps1`);
    if (process.env.UPDATE_GOLDEN === "1") fs.writeFileSync(golden, got);
    expect(got).toBe(fs.readFileSync(golden, "utf8"));
  });
});
