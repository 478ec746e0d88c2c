import { afterAll, describe, expect, it } from "vitest";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runCli } from "../../src/cli/main";
import { produceArtifacts } from "../../src/export/run";
import { PRODUCERS } from "../../src/export/producers";
import { buildApp } from "../../stacks/app";
import { REPO, demoSite } from "./fixtures";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "examlab-report-cli-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const demo = path.join(REPO, "sites/demo-intermediate.yaml");
const primary = path.join(REPO, "sites/demo-primary.ts");

async function quiet<T>(fn: () => Promise<T>): Promise<T> {
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const captured: string[] = [];
  process.stdout.write = ((s: string) => (captured.push(s), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => (captured.push(s), true)) as typeof process.stderr.write;
  try {
    return await fn();
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
    lastOutput = captured.join("");
  }
}
let lastOutput = "";

describe("examlab report", () => {
  it("writes report.html and one SVG per room for every site, deterministically", async () => {
    const out = path.join(tmp, "a");
    expect(await quiet(() => runCli(["report", demo, primary, "--out", out]))).toBe(0);
    expect(lastOutput).toContain("demo-intermediate：已就绪");
    const html = fs.readFileSync(path.join(out, "demo-intermediate/report.html"), "utf8");
    expect(html).toContain('<html lang="zh-CN">');
    expect(fs.readdirSync(path.join(out, "demo-intermediate/rooms")).sort()).toEqual(["201.svg", "202.svg"]);
    expect(fs.existsSync(path.join(out, "demo-primary/rooms/A101.svg"))).toBe(true);
    // the real compliance engine ran: its rules are counted and named
    expect(html).toMatch(/<span class="n">[1-9]\d*<\/span> 条规则已检查/);
    // other features' files are listed (databases seat map from the databases producer)
    expect(html).toContain("databases/seat-ports.csv");
    const again = path.join(tmp, "b");
    await quiet(() => runCli(["report", demo, primary, "--out", again]));
    for (const f of ["demo-intermediate/report.html", "demo-intermediate/rooms/201.svg", "demo-primary/report.html"])
      expect(fs.readFileSync(path.join(again, f))).toEqual(fs.readFileSync(path.join(out, f)));
  });

  it("switches language with --lang and rejects an unknown one", async () => {
    const out = path.join(tmp, "en");
    await quiet(() => runCli(["report", demo, "--lang", "en", "--out", out]));
    expect(fs.readFileSync(path.join(out, "demo-intermediate/report.html"), "utf8")).toContain('<html lang="en">');
    expect(await quiet(() => runCli(["report", demo, "--lang", "fr", "--out", out]))).toBe(2);
    expect(lastOutput).toContain('--lang：应为 zh, en 之一，实际为 "fr"');
  });

  it("colours the inventory grid from an imported inventory and exits 1 when the site is not ready", async () => {
    const inv = path.join(tmp, "inventory.json");
    fs.writeFileSync(inv, JSON.stringify({ site: "demo-intermediate", machines: [{ room: "201", seat: 5, ramGB: 1 }, { room: "201", seat: 6, ramGB: 8 }] }));
    const out = path.join(tmp, "inv");
    const code = await quiet(() => runCli(["report", demo, "--inventory", inv, "--out", out]));
    const html = fs.readFileSync(path.join(out, "demo-intermediate/report.html"), "utf8");
    expect(html).toMatch(/<td class="inv-fail" title="5 R201-05\n[^"]*PC-RAM[^"]*"><span class="seat-no">5</);
    expect(html).toMatch(/class="seat-grid"/);
    expect(html).toContain("PC-RAM");
    expect(code).toBe(1);
    expect(lastOutput).toContain("demo-intermediate：未就绪");
  });

  it("reports bad input as exit 2 without writing anything", async () => {
    const bad = path.join(tmp, "bad-inv.json");
    fs.writeFileSync(bad, JSON.stringify({ site: "demo-intermediate", machines: [{ room: "999", seat: 1 }] }));
    const out = path.join(tmp, "bad");
    expect(await quiet(() => runCli(["report", demo, "--inventory", bad, "--out", out]))).toBe(2);
    expect(lastOutput).toContain('room "999" does not exist');
    expect(fs.existsSync(out)).toBe(false);
  });
});

describe("report in examlab export and the stack output", () => {
  it("is produced last, lists the earlier files and is in the manifest", () => {
    expect(PRODUCERS.at(-1)!.name).toBe("report");
    const files = produceArtifacts(demoSite(), { lang: "zh" });
    const paths = files.map((f) => f.path);
    expect(paths).toContain("report/report.html");
    expect(paths).toContain("report/rooms/201.svg");
    expect(paths).toContain("report/rooms/202.svg");
    const manifest = JSON.parse(String(files.find((f) => f.path === "manifest.json")!.content)) as { files: { path: string; kind: string }[] };
    expect(manifest.files.find((f) => f.path === "report/report.html")?.kind).toBe("report");
    expect(manifest.files.find((f) => f.path === "report/rooms/201.svg")?.kind).toBe("report-floor-plan");
    const html = String(files.find((f) => f.path === "report/report.html")!.content);
    const others = paths.filter((p) => p.startsWith("databases/") || p.startsWith("windows/") || p.startsWith("router/"));
    expect(others.length).toBeGreaterThan(0);
    for (const p of others) expect(html).toContain(p);
  });
});

describe("report in the cdktf stack output", () => {
  it("synth writes files/report/report.html and the room plans next to cdk.tf.json", () => {
    const outdir = path.join(tmp, "cdktf.out");
    buildApp([demoSite()], outdir).synth();
    const files = path.join(outdir, "stacks/demo-intermediate/files");
    const html = fs.readFileSync(path.join(files, "report/report.html"), "utf8");
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(fs.readFileSync(path.join(files, "report/rooms/201.svg"), "utf8")).toContain('class="floor-plan"');
    const manifest = JSON.parse(fs.readFileSync(path.join(files, "manifest.json"), "utf8")) as { files: { path: string }[] };
    expect(manifest.files.map((f) => f.path)).toEqual(expect.arrayContaining(["report/report.html", "report/rooms/201.svg", "report/rooms/202.svg"]));
  });
});
