import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { PNG } from "pngjs";
import { requireTool } from "../helpers/tools";
import { renderReport } from "../../src/report/render";
import { COVERAGE_FILL } from "../../src/report/floorplan";
import { checkResult, finding, smallSite } from "./fixtures";

/**
 * The report in a real browser (Debian's chromium via playwright-core, reference
 * test-validators.md recipes 6–7): opened from a file URL with every non-file request aborted.
 */
let browser: Browser;
let dir: string;
const files: Record<string, string> = {};

function writeReport(name: string, uncovered: boolean): string {
  const site = smallSite({ uncovered });
  const findings = uncovered ? [finding({ rule: "CAM-COVERAGE", severity: "error", target: "rooms/301/seats/13" })] : [];
  const { html, svgs } = renderReport({ site, checks: checkResult(site, findings), produced: [], measuredSeats: [{ room: "301", seat: 1 }] });
  const d = path.join(dir, name);
  fs.mkdirSync(path.join(d, "rooms"), { recursive: true });
  fs.writeFileSync(path.join(d, "report.html"), html);
  for (const s of svgs) fs.writeFileSync(path.join(d, s.path), s.svg);
  return path.join(d, "report.html");
}

beforeAll(async () => {
  const exe = requireTool("chromium", "chromium");
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "examlab-report-browser-"));
  files.uncovered = writeReport("uncovered", true);
  files.covered = writeReport("covered", false);
  browser = await chromium.launch({
    executablePath: fs.realpathSync(exe) === "/usr/bin/chromium" ? "/usr/bin/chromium" : exe,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });
});

afterAll(async () => {
  await browser?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

interface Opened {
  page: Page;
  requests: string[];
  blocked: string[];
  consoleErrors: string[];
}

async function open(file: string, viewport = { width: 1100, height: 1400 }, javaScriptEnabled = true): Promise<Opened> {
  const context = await browser.newContext({ viewport, javaScriptEnabled });
  const page = await context.newPage();
  const out: Opened = { page, requests: [], blocked: [], consoleErrors: [] };
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file:")) return route.continue();
    out.blocked.push(url);
    return route.abort();
  });
  page.on("request", (r) => out.requests.push(r.url()));
  page.on("console", (m) => {
    if (m.type() === "error") out.consoleErrors.push(m.text());
  });
  page.on("pageerror", (e) => out.consoleErrors.push(e.message));
  await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
  return out;
}

function countColour(png: Buffer, hex: string): number {
  const img = PNG.sync.read(png);
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  let n = 0;
  for (let i = 0; i < img.data.length; i += 4) if (img.data[i] === r && img.data[i + 1] === g && img.data[i + 2] === b) n++;
  return n;
}

function distinctColours(png: Buffer): number {
  const img = PNG.sync.read(png);
  const seen = new Set<number>();
  for (let i = 0; i < img.data.length; i += 4) seen.add((img.data[i] << 16) | (img.data[i + 1] << 8) | img.data[i + 2]);
  return seen.size;
}

/** Runs in the page (a string: the test project has no DOM typings). */
const MEASURE_READABILITY = `(() => {
  const overflow = document.documentElement.scrollWidth - document.documentElement.clientWidth;
  let minHtml = Infinity;
  for (const el of Array.from(document.querySelectorAll("body *"))) {
    if (el.closest("svg") || el.classList.contains("sr")) continue;
    const hasText = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!hasText || el.getBoundingClientRect().width === 0) continue;
    minHtml = Math.min(minHtml, parseFloat(getComputedStyle(el).fontSize));
  }
  // effective size of the seat labels once the plan is scaled to the page
  let minPlan = Infinity;
  for (const t of Array.from(document.querySelectorAll("svg.floor-plan .seats text"))) minPlan = Math.min(minPlan, t.getBoundingClientRect().height);
  return { overflow, minHtml, minPlan };
})()`;

describe("report in headless Chromium", () => {
  it("opens offline with no console errors and no request leaving the file", async () => {
    const o = await open(files.uncovered);
    expect(o.consoleErrors).toEqual([]);
    expect(o.blocked).toEqual([]);
    expect(o.requests.every((u) => u.startsWith("file:"))).toBe(true);
    expect(await o.page.title()).toContain("考点准备情况报告");
    await o.page.context().close();
    // the room plan written next to the report is a valid standalone SVG document
    const svg = await open(path.join(path.dirname(files.uncovered), "rooms/301.svg"));
    expect(svg.consoleErrors).toEqual([]);
    expect(svg.blocked).toEqual([]);
    expect(await svg.page.locator("svg.floor-plan g.seat").count()).toBe(16);
    await svg.page.context().close();
  });

  it("screenshots the summary and a floor plan with real content; the uncovered seats show in red", async () => {
    const bad = await open(files.uncovered);
    const summary = await bad.page.locator("#summary").screenshot({ path: path.join(dir, "summary.png") });
    expect(distinctColours(summary)).toBeGreaterThan(50); // text, badges and tables, not a blank box
    expect(countColour(summary, "#c62828")).toBeGreaterThan(100); // the "not ready" bar
    const badPlan = await bad.page.locator("#room-301 svg.floor-plan").screenshot({ path: path.join(dir, "plan-uncovered.png") });
    const good = await open(files.covered);
    const goodPlan = await good.page.locator("#room-301 svg.floor-plan").screenshot({ path: path.join(dir, "plan-covered.png") });
    const red = COVERAGE_FILL[0];
    const seatArea = 40 * 30; // well below one seat box at any zoom the report uses
    // the legend swatch is red in both; only the uncovered site has red seats on top of it
    expect(countColour(badPlan, red) - countColour(goodPlan, red)).toBeGreaterThan(2 * seatArea);
    expect(countColour(goodPlan, red)).toBeLessThan(seatArea);
    expect(distinctColours(goodPlan)).toBeGreaterThan(50);
    // keep the screenshots for people to look at
    const keep = process.env.EXAMLAB_REPORT_SHOTS;
    if (keep) for (const f of ["summary.png", "plan-uncovered.png", "plan-covered.png"]) fs.copyFileSync(path.join(dir, f), path.join(keep, f));
    await bad.page.context().close();
    await good.page.context().close();
  });

  it("prints to an A4 PDF", async () => {
    const o = await open(files.uncovered);
    const pdf = await o.page.pdf({ format: "A4", printBackground: true });
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pdf.length).toBeGreaterThan(20_000);
    // A4 portrait media box (595 × 842 pt)
    expect(pdf.toString("latin1")).toMatch(/MediaBox\s*\[\s*0 0 595(\.\d+)? 841(\.\d+)?|MediaBox\s*\[\s*0 0 595(\.\d+)? 842/);
    await o.page.context().close();
  });

  it("has a language attribute, headings in order and works without JavaScript", async () => {
    const o = await open(files.uncovered, { width: 1100, height: 1400 }, false);
    expect(await o.page.getAttribute("html", "lang")).toBe("zh-CN");
    const levels = (await o.page.evaluate(`Array.from(document.querySelectorAll("h1, h2, h3, h4, h5, h6")).map((h) => Number(h.tagName.slice(1)))`)) as number[];
    expect(levels[0]).toBe(1);
    expect(levels.filter((l) => l === 1)).toHaveLength(1);
    for (let i = 1; i < levels.length; i++) expect(levels[i] - levels[i - 1]).toBeLessThanOrEqual(1);
    expect(levels).toContain(3);
    // static content is all there without scripts
    expect(await o.page.locator("svg.floor-plan").count()).toBe(1);
    expect(await o.page.locator("#timeline tbody tr").count()).toBe(22);
    expect(await o.page.locator("script").count()).toBe(0);
    await o.page.context().close();
  });

  it("stays readable at A4 print width", async () => {
    // A4 minus 12 mm margins at 96 dpi ≈ 703 px
    const o = await open(files.uncovered, { width: 703, height: 1000 });
    await o.page.emulateMedia({ media: "print" });
    const r = (await o.page.evaluate(MEASURE_READABILITY)) as { overflow: number; minHtml: number; minPlan: number };
    expect(r.overflow).toBeLessThanOrEqual(0);
    expect(r.minHtml).toBeGreaterThanOrEqual(10.5); // ≥ 8 pt
    expect(r.minPlan).toBeGreaterThanOrEqual(7); // seat labels ≥ ~5.5 pt on paper
    await o.page.context().close();
  });
});
