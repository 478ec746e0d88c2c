import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { COMMANDS } from "../../src/cli/commands";
import { ExamlabCommand } from "../../src/cli/program";
import { ALL_TARGETS } from "../../src/allowlist/targets";

/**
 * Regression (issue 14): `examlab allowlist --out DIR/` crashed with EISDIR when DIR did not
 * exist. The class: every command with --out must create missing folders, whether the path is
 * written with a trailing separator or not, and write the same files either way.
 */
const ROOT = path.resolve(__dirname, "../..");
const run = (args: string[]) =>
  spawnSync(process.execPath, [path.join(ROOT, "bin/examlab.js"), ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, EXAMLAB_BUNDLE_BACKOFF_MS: "10" }, timeout: 120_000 });
const SITE = "sites/demo-intermediate.yaml";

/** How to call each command that has --out (besides --out itself). */
const INVOCATIONS: Record<string, string[][]> = {
  export: [[SITE]],
  report: [[SITE]],
  // Offline here: downloads fail fast (exit 1), but the folder and everything local is written.
  bundle: [[SITE, "--mirror", "http://127.0.0.1:9", "--retries", "1", "--no-images", "--no-windows"]],
  allowlist: [
    ["--in", "policies/allowlist/example-official-list.txt", "--target", "nftables"], // one file
    ["--in", "policies/allowlist/example-official-list.txt", "--target", "dnsmasq"], // one or more files
    ["--in", "policies/allowlist/example-official-list.txt", "--target", "list"],
  ],
};

function commandsWithOut(): string[] {
  const program = new ExamlabCommand("examlab");
  for (const c of COMMANDS) c.register(program, "en");
  return program.commands.filter((c) => c.options.some((o) => o.long === "--out")).map((c) => c.name()).sort();
}

const listFiles = (dir: string): string[] =>
  fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => path.relative(dir, path.join(d.parentPath, d.name))).sort();

describe("--out creates missing folders (every command)", () => {
  it("every command with --out is covered here", () => {
    expect(fs.existsSync(path.join(ROOT, "policies/allowlist/example-official-list.txt"))).toBe(true);
    for (const name of commandsWithOut()) expect(Object.keys(INVOCATIONS), `add ${name} to INVOCATIONS`).toContain(name);
  });

  for (const name of commandsWithOut()) {
    for (const args of INVOCATIONS[name] ?? [[SITE]]) {
      it(`${name} ${args.join(" ")}: --out missing/deep/dir/ and missing/deep/dir`, () => {
        const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "examlab-out-"));
        try {
          const withSlash = path.join(tmp, "a", "b", "slash") + path.sep;
          const r1 = run([name, ...args, "--out", withSlash]);
          expect(r1.stderr).not.toMatch(/EISDIR|internal error|\n\s+at /);
          expect([0, 1]).toContain(r1.status);
          expect(fs.statSync(withSlash).isDirectory()).toBe(true);
          expect(listFiles(withSlash).length).toBeGreaterThan(0);
          const plain = path.join(tmp, "c", "d", "plain");
          const r2 = run([name, ...args, "--out", plain]);
          expect(r2.stderr).not.toMatch(/EISDIR|internal error|\n\s+at /);
          expect(r2.status).toBe(r1.status);
          expect(fs.existsSync(plain)).toBe(true);
          // Same content either way (a folder for a trailing separator, the file itself otherwise).
          const slashFiles = listFiles(withSlash);
          if (fs.statSync(plain).isDirectory()) expect(listFiles(plain)).toEqual(slashFiles);
          else {
            expect(slashFiles.length).toBe(1);
            expect(fs.readFileSync(plain)).toEqual(fs.readFileSync(path.join(withSlash, slashFiles[0])));
          }
          // Nothing left half-written next to the outputs.
          expect(fs.readdirSync(path.join(tmp, "a", "b")).filter((f) => f.includes(".tmp"))).toEqual([]);
          expect(fs.readdirSync(path.join(tmp, "c", "d")).filter((f) => f.includes(".tmp"))).toEqual([]);
        } finally {
          fs.rmSync(tmp, { recursive: true, force: true });
        }
      });
    }
  }
});

/**
 * Regression: `examlab allowlist --out <existing folder>` replaced the whole folder with its
 * output, deleting the user's other files. The class: no command may delete or change a file
 * it did not write in an existing --out folder, for every allowlist target (one file or
 * several), and a file the user named is never replaced by a folder.
 */
describe("an existing --out folder keeps the user's other files (every command, every allowlist target)", () => {
  const LIST = "policies/allowlist/example-official-list.txt";
  const TARGETS = [...Object.keys(ALL_TARGETS), "list", "json"];
  const cases: [string, string[]][] = [
    ...commandsWithOut().filter((n) => n !== "allowlist").flatMap((n) => (INVOCATIONS[n] ?? [[SITE]]).map((a): [string, string[]] => [n, a])),
    ...TARGETS.map((t): [string, string[]] => ["allowlist", ["--in", LIST, "--target", t]]),
  ];
  for (const [name, args] of cases) {
    it(`${name} ${args.join(" ")}`, () => {
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "examlab-out-keep-"));
      try {
        const out = path.join(tmp, "out");
        fs.mkdirSync(path.join(out, "mine"), { recursive: true });
        fs.writeFileSync(path.join(out, "notes.txt"), "用户自己的文件 / the user's own file\n");
        fs.writeFileSync(path.join(out, "mine", "keep.conf"), "keep me\n");
        const r = run([name, ...args, "--out", out]);
        expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
        expect([0, 1]).toContain(r.status);
        expect(fs.readFileSync(path.join(out, "notes.txt"), "utf8")).toBe("用户自己的文件 / the user's own file\n");
        expect(fs.readFileSync(path.join(out, "mine", "keep.conf"), "utf8")).toBe("keep me\n");
        // The same files as in a fresh folder, with the same bytes (bundle: its manifest lists them).
        const fresh = path.join(tmp, "fresh") + path.sep;
        expect(run([name, ...args, "--out", fresh]).status).toBe(r.status);
        const written = listFiles(fresh);
        expect(written.length).toBeGreaterThan(0);
        expect(listFiles(out).sort()).toEqual([...written, "mine/keep.conf", "notes.txt"].sort());
        if (name === "allowlist") for (const f of written) expect(fs.readFileSync(path.join(out, f))).toEqual(fs.readFileSync(path.join(fresh, f)));
        expect(fs.readdirSync(out).filter((f) => f.includes(".tmp"))).toEqual([]);
      } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    });
  }

  it("allowlist refuses to replace a file by a folder (a target writing several files, --out an existing file)", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "examlab-out-file-"));
    try {
      const multi = Object.keys(ALL_TARGETS).find((t) => {
        const r = run(["allowlist", "--in", LIST, "--target", t]);
        return (r.stdout.match(/^# ==> /gm) ?? []).length > 1;
      })!;
      expect(multi).toBeDefined();
      const file = path.join(tmp, "router.conf");
      fs.writeFileSync(file, "mine\n");
      for (const lang of ["zh", "en"]) {
        const r = run(["allowlist", "--in", LIST, "--target", multi, "--out", file, "--lang", lang]);
        expect(r.status).toBe(2);
        expect(r.stderr).toContain(file);
        expect(r.stderr).toMatch(lang === "zh" ? /已有的文件/ : /existing file/);
        expect(r.stderr).not.toMatch(/\n\s+at /);
        expect(fs.readFileSync(file, "utf8")).toBe("mine\n");
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
