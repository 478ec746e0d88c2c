import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { commitFolders, stageFolder } from "../../src/util/atomic-write";

/**
 * `examlab export` of many sites stages each site's folder as soon as it is produced instead of
 * holding every site's files in memory (issue 14), and still writes nothing when any site fails:
 * staged folders are removed, earlier exports stay as they were.
 */
const ROOT = path.resolve(__dirname, "../..");
const exportCmd = (files: string[], out: string) => spawnSync(process.execPath, [path.join(ROOT, "bin/examlab.js"), "export", ...files, "--out", out], { encoding: "utf8" });
const tree = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true }).map(String).sort() : []);

describe("export stages sites and commits them together", () => {
  const demo = fs.readFileSync(path.join(ROOT, "sites/demo-intermediate.yaml"), "utf8");
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "examlab-export-stage-"));
  const good = (id: string) => {
    const f = path.join(work, `${id}.yaml`);
    fs.writeFileSync(f, demo.replace(/^id: demo-intermediate$/m, `id: ${id}`));
    return f;
  };
  // Loads fine; fails while its files are produced (databases for primary-only rooms, manual §3.3).
  const failsWhenProduced = () => {
    const f = path.join(work, "zz-bad.yaml");
    fs.writeFileSync(f, demo.replace(/^id: demo-intermediate$/m, "id: zz-bad").replace(/levels: \[intermediate\]/g, "levels: [primary]"));
    return f;
  };

  it("a site failing after others were staged: exit 2, no folder written, no staging left, the previous export untouched", () => {
    const out = path.join(work, "out");
    const a = good("site-a");
    const first = exportCmd([a], out);
    expect(first.status, first.stderr).toBe(0);
    const before = tree(out);
    const report = fs.readFileSync(path.join(out, "site-a/report/report.html"));
    const r = exportCmd([a, good("site-b"), failsWhenProduced()], out);
    expect(r.status, r.stdout).toBe(2);
    expect(r.stderr).toContain("zz-bad.yaml");
    expect(tree(out)).toEqual(before);
    expect(fs.readFileSync(path.join(out, "site-a/report/report.html")).equals(report)).toBe(true);
  });

  it("several sites are written in full, each as a single export of it would write it", () => {
    const both = path.join(work, "both");
    const [a, b] = [good("site-c"), good("site-d")];
    expect(exportCmd([a, b], both).status).toBe(0);
    for (const [id, f] of [["site-c", a], ["site-d", b]] as const) {
      const alone = path.join(work, `alone-${id}`);
      expect(exportCmd([f], alone).status).toBe(0);
      const files = tree(path.join(alone, id)).filter((x) => fs.statSync(path.join(alone, id, x)).isFile());
      expect(tree(path.join(both, id)).filter((x) => fs.statSync(path.join(both, id, x)).isFile())).toEqual(files);
      for (const x of files) expect(fs.readFileSync(path.join(both, id, x)).equals(fs.readFileSync(path.join(alone, id, x))), x).toBe(true);
    }
    expect(fs.readdirSync(both).filter((x) => x.includes(".tmp-"))).toEqual([]);
  });

  it("a folder that cannot be put in place: those before it are in place, it and those after leave no staging behind", () => {
    const out = fs.mkdtempSync(path.join(work, "commit-"));
    const file = (text: string) => [{ path: "a.txt", kind: "k", target: "t", content: text }];
    const staged = ["one", "two", "three"].map((id) => stageFolder(path.join(out, id), file(id)));
    // "two" exists and its old copy cannot be moved aside: a non-empty folder already has that name.
    fs.mkdirSync(path.join(out, "two"));
    fs.mkdirSync(`${staged[1].tmp}.old/x`, { recursive: true });
    expect(() => commitFolders(staged)).toThrow();
    expect(fs.readFileSync(path.join(out, "one/a.txt"), "utf8")).toBe("one");
    expect(fs.existsSync(path.join(out, "three"))).toBe(false);
    expect(fs.existsSync(staged[1].tmp)).toBe(false);
    expect(fs.existsSync(staged[2].tmp)).toBe(false);
  });
});
