import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** The command line speaks Chinese by default and English with --lang en or a site's `language: en`. */
const ROOT = path.resolve(__dirname, "../..");
const run = (...args: string[]) => spawnSync(process.execPath, [path.join(ROOT, "bin/examlab.js"), ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
const COMMANDS = ["validate", "export", "plan", "check", "report", "allowlist"];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "examlab-i18n-cli-"));

describe("examlab help", () => {
  it("every command's help is in Chinese by default, with exit codes and an example", () => {
    for (const cmd of COMMANDS) {
      const h = run(cmd, "--help");
      expect(h.status, cmd).toBe(0);
      expect(h.stdout, cmd).toContain(`用法： examlab ${cmd}`);
      expect(h.stdout, cmd).toContain("选项：");
      expect(h.stdout, cmd).toMatch(/退出码：\n {2}0 /);
      expect(h.stdout, cmd).toMatch(/ {2}2 {2}输入有误/);
      expect(h.stdout, cmd).toContain(`示例：\n  examlab ${cmd} `);
      expect(h.stdout, cmd).toContain("--lang <lang>");
      expect(h.stdout, cmd).toContain("显示帮助");
      expect(h.stdout, cmd).not.toMatch(/\b(Usage|Options|Arguments|display help|default:)\b/);
    }
  });

  it("--lang en gives the same help in English", () => {
    for (const cmd of COMMANDS) {
      const h = run(cmd, "--help", "--lang", "en");
      expect(h.stdout, cmd).toContain(`Usage: examlab ${cmd}`);
      expect(h.stdout, cmd).toMatch(/Exit codes:\n {2}0 /);
      expect(h.stdout, cmd).toContain(`Example:\n  examlab ${cmd} `);
      expect(h.stdout, cmd).not.toMatch(/[\u4e00-\u9fff]{2}/);
    }
    expect(run("--lang", "en", "--help").stdout).toContain("Commands:");
  });

  it("lists required options as required", () => {
    for (const [cmd, flags] of [["export", ["--out <dir>"]], ["report", ["--out <dir>"]], ["allowlist", ["--in <files...>", "--target <name>"]]] as const) {
      const zh = run(cmd, "--help").stdout;
      const required = zh.slice(zh.indexOf("必填选项："), zh.indexOf("\n选项："));
      for (const f of flags) expect(required, `${cmd} ${f}`).toContain(f);
      const en = run(cmd, "--help", "--lang", "en").stdout;
      const requiredEn = en.slice(en.indexOf("Required options:"), en.indexOf("\nOptions:"));
      for (const f of flags) expect(requiredEn, `${cmd} ${f}`).toContain(f);
    }
    // an optional option is not under the required heading
    const zh = run("export", "--help").stdout;
    expect(zh.indexOf("--inventory")).toBeGreaterThan(zh.indexOf("\n选项："));
  });

  it("shows defaults in the help language", () => {
    expect(run("check", "--help").stdout).toMatch(/--format <format> +输出格式：text、json、junit 或 sarif（默认：text）/);
    expect(run("check", "--help", "--lang", "en").stdout).toMatch(/\(default:\s+text\)/);
  });

  it("the top-level help lists every command and the general exit codes", () => {
    const h = run("--help");
    expect(h.status).toBe(0);
    for (const cmd of COMMANDS) expect(h.stdout).toContain(`  ${cmd} `);
    expect(h.stdout).toContain("命令：");
    expect(h.stdout).toMatch(/ {2}1 {2}check、report 发现问题/);
  });
});

describe("examlab usage errors", () => {
  const cases: [string[], string, string][] = [
    [["chek", "x"], "错误：未知命令 chek，是否应为 check？（运行 examlab --help 查看用法）", "error: unknown command chek: did you mean check? (run examlab --help for usage)"],
    [["export", "sites/demo-primary.ts"], "错误：缺少必填选项 --out <dir>（运行 examlab export --help 查看用法）", "error: required option --out <dir> not given (run examlab export --help for usage)"],
    [["check"], "错误：缺少必需的参数 site-files（运行 examlab check --help 查看用法）", "error: missing required argument site-files (run examlab check --help for usage)"],
    [["check", "sites/demo-primary.ts", "--formt", "json"], "错误：未知选项 --formt，是否应为 --format？（运行 examlab check --help 查看用法）", "error: unknown option --formt: did you mean --format? (run examlab check --help for usage)"],
    [["check", "sites/demo-primary.ts", "--format", "jsno"], '--format：应为 text, json, junit, sarif 之一，实际为 "jsno"，是否应为 "json"？', '--format: expected one of text, json, junit, sarif, got "jsno": did you mean "json"?'],
    [["check", "sites/demo-primary.ts", "--level", "warn"], '--level：应为 error, warning 之一，实际为 "warn"，是否应为 "warning"？', '--level: expected one of error, warning, got "warn": did you mean "warning"?'],
    [["plan", "a.yaml", "b.yaml"], "错误：参数过多，应为 1 个，实际为 2 个（运行 examlab plan --help 查看用法）", "error: too many arguments: expected 1, got 2 (run examlab plan --help for usage)"],
    [["export", "sites/demo-primary.ts", "--out"], "错误：选项 --out <dir> 缺少取值（运行 examlab export --help 查看用法）", "error: option --out <dir> needs a value (run examlab export --help for usage)"],
    [["allowlist", "--in", "x.txt", "--target", "nftable"], '--target：应为', 'did you mean "nftables"?'],
  ];
  for (const [args, zh, en] of cases) {
    it(args.join(" "), () => {
      const z = run(...args);
      expect(z.status).toBe(2);
      expect(z.stderr).toContain(zh);
      const e = run(...args, "--lang", "en");
      expect(e.status).toBe(2);
      expect(e.stderr).toContain(en);
      expect(z.stderr + e.stderr).not.toMatch(/\n\s+at /);
    });
  }

  it("an invalid --lang is itself a clear usage error", () => {
    const r = run("validate", "sites/demo-primary.ts", "--lang", "fr");
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('--lang：应为 zh, en 之一，实际为 "fr"');
  });
});

describe("examlab output language", () => {
  const enSite = path.join(dir, "en.yaml");
  fs.writeFileSync(enSite, fs.readFileSync(path.join(ROOT, "sites/demo-intermediate.yaml"), "utf8").replace(/^id: .*$/m, "id: en-site\nlanguage: en"));

  it("follows --lang, else the site's language, else Chinese", () => {
    expect(run("validate", "sites/demo-primary.ts").stdout).toBe("通过 sites/demo-primary.ts：考点 demo-primary，1 个考场\n");
    expect(run("validate", "sites/demo-primary.ts", "--lang", "en").stdout).toBe("ok sites/demo-primary.ts: site demo-primary, 1 room(s)\n");
    expect(run("validate", enSite).stdout).toBe(`ok ${enSite}: site en-site, 2 room(s)\n`);
    expect(run("validate", enSite, "--lang", "zh").stdout).toContain("：考点 en-site，2 个考场");
    expect(run("plan", "sites/demo-primary.ts").stdout).toContain("考场 A101：10.30.101.0/24，网关 10.30.101.1");
    expect(run("plan", "sites/demo-primary.ts", "--lang", "en").stdout).toContain("room A101: 10.30.101.0/24, gateway 10.30.101.1");
    const out = path.join(dir, "out");
    expect(run("export", "sites/demo-primary.ts", "--out", out).stdout).toMatch(/^已写出 \d+ 个文件到 .*demo-primary（清单见 manifest\.json）\n  首次导出/);
    expect(run("report", "sites/demo-primary.ts", "--out", out, "--lang", "en").stdout).toMatch(/^demo-primary: ready \(0 errors, \d+ warnings\) → /);
    expect(run("--lang", "en", "validate", "sites/demo-primary.ts").stdout).toContain("ok sites/demo-primary.ts");
  });

  it("invalid site files are reported in the file's language, else Chinese, or --lang", () => {
    const zhBad = path.join(dir, "zh-bad.yaml");
    const enBad = path.join(dir, "en-bad.yaml");
    fs.writeFileSync(zhBad, "id: bad\nname: B\nlevels: [primary]\nnetwork: { block: 10.1.0.0/16 }\nrooms:\n  - id: '1'\n    levels: [primary]\n    candidates: 4\n    layut: {}\n");
    fs.writeFileSync(enBad, "language: en\n" + fs.readFileSync(zhBad, "utf8"));
    const zh = run("validate", zhBad);
    expect(zh.status).toBe(2);
    expect(zh.stderr).toContain(`${zhBad}:9: rooms[0].layut: 未知字段 "layut"，是否应为 "layout"？`);
    expect(zh.stderr).toContain(`${zhBad}:6: rooms[0].layout: 缺少必填字段（应为映射（键值对））`);
    const en = run("validate", enBad);
    expect(en.stderr).toContain(`${enBad}:10: rooms[0].layut: unknown field "layut": did you mean "layout"?`);
    expect(run("validate", zhBad, "--lang", "en").stderr).toContain('unknown field "layut"');
    expect(run("validate", "no-such.yaml").stderr).toBe("no-such.yaml: 无法读取文件（ENOENT）\n");
  });
});
