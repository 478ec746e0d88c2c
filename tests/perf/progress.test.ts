import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { MIN_SITES, Progress, progressEnabled } from "../../src/util/progress";
import { requireTool } from "../helpers/tools";

/**
 * A progress line on long synth runs (issue 14): shown when stderr is a terminal, silent in CI
 * and when output is piped (the cdktf CLI, logs), and for small runs.
 */
const ROOT = path.resolve(__dirname, "../..");

describe("progress line", () => {
  it("is on only for a terminal, outside CI, from MIN_SITES sites", () => {
    const tty = { isTTY: true };
    expect(progressEnabled(MIN_SITES, tty, {})).toBe(true);
    expect(progressEnabled(MIN_SITES - 1, tty, {})).toBe(false);
    expect(progressEnabled(MIN_SITES, { isTTY: false }, {})).toBe(false);
    expect(progressEnabled(MIN_SITES, {}, {})).toBe(false);
    for (const ci of ["true", "1", "yes"]) expect(progressEnabled(MIN_SITES, tty, { CI: ci })).toBe(false);
    for (const ci of ["", "0", "false"]) expect(progressEnabled(MIN_SITES, tty, { CI: ci })).toBe(true);
  });

  it("redraws one line in place and erases it at the end", () => {
    const writes: string[] = [];
    const stream = { isTTY: true, write: (s: string) => (writes.push(s), true) } as unknown as NodeJS.WriteStream;
    const p = new Progress(40, stream, {});
    for (let i = 0; i < 40; i++) p.tick(1, i < 10);
    p.done();
    expect(writes[0]).toMatch(/^\r\x1b\[Kexamlab synth: 1\/40 sites \(1 unchanged\)$/);
    expect(writes).toContain("\r\x1b[Kexamlab synth: 40/40 sites (10 unchanged)");
    expect(writes[writes.length - 1]).toBe("\r\x1b[K");
    expect(writes.join("")).not.toContain("\n");
  });

  /** Runs `test` with a folder of MIN_SITES sample sites, removed afterwards. */
  const withSites = (test: (dir: string, files: string) => void) => {
    requireTool("script", "bsdutils");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "examlab-progress-"));
    const yaml = fs.readFileSync(path.join(ROOT, "sites/demo-intermediate.yaml"), "utf8");
    for (let i = 0; i < MIN_SITES; i++) fs.writeFileSync(path.join(dir, `p${i}.yaml`), yaml.replace(/^id: demo-intermediate$/m, `id: prog-${i}`));
    const files = fs.readdirSync(dir).map((f) => path.join(dir, f)).join(" ");
    try {
      test(dir, files);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
  /** The environment without CI (the runs that should draw). */
  const noCi = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => {
    const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
    delete env.CI;
    return env;
  };
  // script(1) runs a command line with a terminal as stdin/stdout/stderr and copies what it wrote.
  const onTerminal = (cmd: string, env: NodeJS.ProcessEnv) => spawnSync("script", ["-qec", cmd, "/dev/null"], { env, encoding: "utf8" });
  const piped = (cmd: string, env: NodeJS.ProcessEnv) => spawnSync("sh", ["-c", cmd], { env, encoding: "utf8" });
  const examlab = (args: string) => `${process.execPath} ${path.join(ROOT, "bin/examlab.js")} ${args}`;

  it("the app draws it on a terminal (a pseudo-terminal from script(1)) and not when piped or in CI", () => {
    withSites((dir) => {
      const env = noCi({ EXAMLAB_SITES: dir, CDKTF_OUTDIR: path.join(dir, "out"), EXAMLAB_CACHE: "off" });
      const app = `${process.execPath} ${path.join(ROOT, "dist/main.js")}`;
      const tty = onTerminal(app, env);
      expect(tty.status, tty.stdout).toBe(0);
      expect(tty.stdout).toMatch(/examlab synth: \d+\/20 sites/);
      const pipe = piped(app, env);
      expect(pipe.status).toBe(0);
      expect(pipe.stderr + pipe.stdout).not.toContain("examlab synth:");
      const inCi = onTerminal(app, { ...env, CI: "true" });
      expect(inCi.status).toBe(0);
      expect(inCi.stdout).not.toContain("examlab synth:");
    });
  });

  it("export draws it on a terminal and not when piped or in CI", () => {
    withSites((dir, files) => {
      const env = noCi();
      const cmd = (out: string) => examlab(`export ${files} --out ${path.join(dir, out)}`);
      const tty = onTerminal(cmd("o1"), env);
      expect(tty.status, tty.stdout).toBe(0);
      expect(tty.stdout).toMatch(/examlab export: \d+\/20 sites/);
      const pipe = piped(cmd("o2"), env);
      expect(pipe.status, pipe.stderr).toBe(0);
      expect(pipe.stderr + pipe.stdout).not.toContain("examlab export:");
      const inCi = onTerminal(cmd("o3"), { ...env, CI: "true" });
      expect(inCi.status).toBe(0);
      expect(inCi.stdout).not.toContain("examlab export:");
    });
  });

  it("check draws it on a terminal (stderr) and not when piped or in CI; stdout carries only the report", () => {
    withSites((dir, files) => {
      const env = noCi();
      const cmd = examlab(`check ${files} --format json`);
      expect(onTerminal(cmd, env).stdout).toMatch(/examlab check: \d+\/20 sites/);
      const pipe = piped(cmd, env);
      expect(pipe.stderr + pipe.stdout).not.toContain("examlab check:");
      expect(() => JSON.parse(pipe.stdout)).not.toThrow();
      expect(onTerminal(cmd, { ...env, CI: "true" }).stdout).not.toContain("examlab check:");
      // Only stderr gets it: with stderr a terminal and stdout a file, the report stays clean.
      const out = path.join(dir, "report.json");
      expect(onTerminal(`${cmd} > ${out}`, env).stdout).toMatch(/examlab check: \d+\/20 sites/);
      expect(() => JSON.parse(fs.readFileSync(out, "utf8"))).not.toThrow();
    });
  });
});
