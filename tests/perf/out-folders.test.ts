import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ExamlabCommand } from "../../src/cli/program";
import { COMMANDS } from "../../src/cli/commands";

/**
 * Regression (issue 14): `examlab allowlist --out DIR/` crashed with EISDIR when DIR did not
 * exist. The class: every command with --out must create missing folders, whether the path is
 * written with a trailing separator or not, and write the same files either way.
 */
const ROOT = path.resolve(__dirname, "../..");
const run = (args: string[]) => spawnSync(process.execPath, [path.join(ROOT, "bin/examlab.js"), ...args], { cwd: ROOT, encoding: "utf8" });
const SITE = "sites/demo-intermediate.yaml";

/** How to call each command that has --out (besides --out itself). */
const INVOCATIONS: Record<string, string[][]> = {
  export: [[SITE]],
  report: [[SITE]],
  allowlist: [
    ["--in", "policies/allowlist/example-official-list.txt", "--target", "nftables"], // one file
    ["--in", "policies/allowlist/example-official-list.txt", "--target", "dnsmasq"], // one or more files
    ["--in", "policies/allowlist/example-official-list.txt", "--target", "list"],
  ],
};

function commandsWithOut(): string[] {
  const program = new ExamlabCommand("examlab");
  for (const c of COMMANDS) c.register(program);
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
