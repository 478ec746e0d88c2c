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

  const sitesDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "examlab-progress-"));
    const yaml = fs.readFileSync(path.join(ROOT, "sites/demo-intermediate.yaml"), "utf8");
    for (let i = 0; i < MIN_SITES; i++) fs.writeFileSync(path.join(dir, `p${i}.yaml`), yaml.replace(/^id: demo-intermediate$/m, `id: prog-${i}`));
    return dir;
  };

  it("the app draws it on a terminal (a pseudo-terminal from script(1)) and not when piped or in CI", () => {
    requireTool("script", "bsdutils");
    const dir = sitesDir();
    try {
      const env = { ...process.env, EXAMLAB_SITES: dir, CDKTF_OUTDIR: path.join(dir, "out"), EXAMLAB_CACHE: "off" };
      delete (env as Record<string, string | undefined>).CI;
      // script(1) runs the app with a terminal as stdin/stdout/stderr and copies what it wrote.
      const onTty = spawnSync("script", ["-qec", `${process.execPath} ${path.join(ROOT, "dist/main.js")}`, "/dev/null"], { env, encoding: "utf8" });
      expect(onTty.status, onTty.stdout).toBe(0);
      expect(onTty.stdout).toMatch(/examlab synth: \d+\/20 sites/);
      const piped = spawnSync(process.execPath, [path.join(ROOT, "dist/main.js")], { env, encoding: "utf8" });
      expect(piped.status).toBe(0);
      expect(piped.stderr + piped.stdout).not.toContain("examlab synth:");
      const inCi = spawnSync("script", ["-qec", `${process.execPath} ${path.join(ROOT, "dist/main.js")}`, "/dev/null"], { env: { ...env, CI: "true" }, encoding: "utf8" });
      expect(inCi.status).toBe(0);
      expect(inCi.stdout).not.toContain("examlab synth:");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("export draws it on a terminal and not when piped or in CI", () => {
    requireTool("script", "bsdutils");
    const dir = sitesDir();
    try {
      const files = fs.readdirSync(dir).map((f) => path.join(dir, f)).join(" ");
      const env = { ...process.env };
      delete (env as Record<string, string | undefined>).CI;
      const cmd = (out: string) => `${process.execPath} ${path.join(ROOT, "bin/examlab.js")} export ${files} --out ${path.join(dir, out)}`;
      const onTty = spawnSync("script", ["-qec", cmd("o1"), "/dev/null"], { env, encoding: "utf8" });
      expect(onTty.status, onTty.stdout).toBe(0);
      expect(onTty.stdout).toMatch(/examlab export: \d+\/20 sites/);
      const piped = spawnSync("sh", ["-c", cmd("o2")], { env, encoding: "utf8" });
      expect(piped.status, piped.stderr).toBe(0);
      expect(piped.stderr + piped.stdout).not.toContain("examlab export:");
      const inCi = spawnSync("script", ["-qec", cmd("o3"), "/dev/null"], { env: { ...env, CI: "true" }, encoding: "utf8" });
      expect(inCi.status).toBe(0);
      expect(inCi.stdout).not.toContain("examlab export:");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("check draws it on a terminal (stderr) and not when piped or in CI; stdout carries only the report", () => {
    requireTool("script", "bsdutils");
    const dir = sitesDir();
    try {
      const files = fs.readdirSync(dir).map((f) => path.join(dir, f)).join(" ");
      const env = { ...process.env };
      delete (env as Record<string, string | undefined>).CI;
      const cmd = `${process.execPath} ${path.join(ROOT, "bin/examlab.js")} check ${files} --format json`;
      const onTty = spawnSync("script", ["-qec", cmd, "/dev/null"], { env, encoding: "utf8" });
      expect(onTty.stdout).toMatch(/examlab check: \d+\/20 sites/);
      const piped = spawnSync("sh", ["-c", cmd], { env, encoding: "utf8" });
      expect(piped.stderr + piped.stdout).not.toContain("examlab check:");
      expect(() => JSON.parse(piped.stdout)).not.toThrow();
      const inCi = spawnSync("script", ["-qec", cmd, "/dev/null"], { env: { ...env, CI: "true" }, encoding: "utf8" });
      expect(inCi.stdout).not.toContain("examlab check:");
      // Only stderr gets it: with stderr a terminal and stdout a file, the report stays clean.
      const out = path.join(dir, "report.json");
      const split = spawnSync("script", ["-qec", `${cmd} > ${out}`, "/dev/null"], { env, encoding: "utf8" });
      expect(split.stdout).toMatch(/examlab check: \d+\/20 sites/);
      expect(() => JSON.parse(fs.readFileSync(out, "utf8"))).not.toThrow();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
