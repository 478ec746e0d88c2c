import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { PNG } from "pngjs";
import { requireTool } from "../helpers/tools";
import { printables, MIN_SEAT_NUMBER_MM } from "../../src/report/printables";
import { siteFromObject } from "../../src/model/site";
import { demoSite } from "./fixtures";
import { baseSite } from "../compliance/fixtures/base-site";

/**
 * The exam-day printables printed to PDF by real headless Chromium (Debian's chromium through
 * playwright-core, with the page's own @page size), then rasterised with poppler's pdftoppm and
 * measured: page count, A4 orientation, and seat numbers readable at 2 m. Run under the heavy lock.
 */
let browser: Browser;
let dir: string;
const MM_PX = 96 / 25.4;

beforeAll(async () => {
  const exe = requireTool("chromium", "chromium");
  requireTool("pdftoppm", "poppler-utils");
  requireTool("pdfinfo", "poppler-utils");
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "examlab-print-"));
  browser = await chromium.launch({ executablePath: fs.realpathSync(exe) === "/usr/bin/chromium" ? "/usr/bin/chromium" : exe, headless: true, args: ["--no-sandbox", "--disable-gpu", "--no-first-run"] });
});

afterAll(async () => {
  await browser?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Prints one printable; returns the PDF path, pdfinfo's pages/size and the seat-number font size (mm). */
async function print(name: string, html: string) {
  const file = path.join(dir, `${name}.html`);
  fs.writeFileSync(file, html);
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const outside: string[] = [];
  await page.route("**/*", (route) => (route.request().url().startsWith("file:") ? route.continue() : (outside.push(route.request().url()), route.abort())));
  await page.goto(pathToFileURL(file).href);
  await page.emulateMedia({ media: "print" });
  // A string, as tests/report/browser.test.ts does (the test tsconfig has no DOM types).
  const seatNumberPx = (await page.evaluate(`(() => { const el = document.querySelector(".seat .no"); return el ? parseFloat(getComputedStyle(el).fontSize) : 0; })()`)) as number;
  const pdf = path.join(dir, `${name}.pdf`);
  await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
  await context.close();
  const info = execFileSync("pdfinfo", [pdf], { encoding: "utf8" });
  const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
  const [w, h] = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)!.slice(1).map(Number);
  return { pdf, pages, w, h, seatNumberMm: seatNumberPx / MM_PX, outside };
}

/** Renders page `n` to a PNG at `dpi` and returns it decoded. */
function raster(pdf: string, n: number, dpi: number): PNG {
  const prefix = path.join(dir, `${path.basename(pdf, ".pdf")}-p${n}`);
  execFileSync("pdftoppm", ["-png", "-r", String(dpi), "-f", String(n), "-l", String(n), "-singlefile", pdf, prefix]);
  return PNG.sync.read(fs.readFileSync(`${prefix}.png`));
}

/** Rows of a box that hold dark ink. */
function inkRows(png: PNG, x0: number, y0: number, x1: number, y1: number): boolean[] {
  const rows: boolean[] = [];
  for (let y = y0; y < y1; y++) {
    let ink = false;
    for (let x = x0; x < x1 && !ink; x++) {
      const i = (y * png.width + x) * 4;
      ink = png.data[i] < 90 && png.data[i + 1] < 90 && png.data[i + 2] < 90;
    }
    rows.push(ink);
  }
  return rows;
}

/** Height in px of the first unbroken run of inked rows in a box (one line of text: its glyphs). */
function firstInkRun(png: PNG, x0: number, y0: number, x1: number, y1: number): number {
  const rows = inkRows(png, x0, y0, x1, y1);
  const start = rows.indexOf(true);
  if (start < 0) return 0;
  const end = rows.indexOf(false, start);
  return (end < 0 ? rows.length : end) - start;
}

describe("printables printed by Chromium", () => {
  it("a seat chart is one A4 landscape page per room with numbers readable at 2 m", async () => {
    const site = demoSite();
    for (const p of printables(site, "zh").filter((x) => x.path.includes("seat-chart"))) {
      const r = await print(path.basename(p.path, ".html"), p.html);
      expect(r.outside).toEqual([]);
      expect(r.pages, p.path).toBe(1);
      // A4 landscape: 842 × 595 pt.
      expect(Math.round(r.w)).toBe(842);
      expect(Math.round(r.h)).toBe(595);
      expect(r.seatNumberMm).toBeGreaterThanOrEqual(MIN_SEAT_NUMBER_MM);
    }
    // The digits on paper: render at 100 dpi and measure the ink of seat 1's number.
    const png = raster(path.join(dir, "seat-chart-201.pdf"), 1, 100);
    expect(png.width).toBeGreaterThan(png.height);
    const mm = 100 / 25.4;
    // Seat 1 is the top-left cell, below the header and the front bar (which ends about 38.5 mm down).
    // The first run of ink rows there is the number; the host name follows after a gap.
    const h = firstInkRun(png, Math.round(12 * mm), Math.round(40 * mm), Math.round(40 * mm), Math.round(75 * mm));
    // Digit height ≈ 0.7 em: at least 7 mm of ink for a ≥ 10 mm font (the letters of a 2 m sign).
    expect(h / mm).toBeGreaterThanOrEqual(7);
    expect(h / mm).toBeLessThan(20);
  });

  it("a 8 × 10 room still fits one page with readable numbers", async () => {
    const input = baseSite();
    Object.assign(input.rooms[0], { candidates: 40, layout: { ...input.rooms[0].layout, rows: 8, columns: 10, widthM: 14, depthM: 14 } });
    input.rooms[0].cameras = input.rooms[0].cameras!.map((c) => ({ ...c, x: 7, y: c.position === "back" ? 13.7 : 0.3 }));
    const site = siteFromObject(input, "big.yaml");
    const chart = printables(site, "en").find((p) => p.path === "print/seat-chart-201.html")!;
    const r = await print("big-room", chart.html);
    expect(r.pages).toBe(1);
    expect(r.w).toBeGreaterThan(r.h);
    expect(r.seatNumberMm).toBeGreaterThanOrEqual(MIN_SEAT_NUMBER_MM);
  });

  it("the checklist prints one A4 portrait page per exam date and session", async () => {
    const site = demoSite();
    const p = printables(site, "zh").find((x) => x.path === "print/exam-day-checklist.html")!;
    const r = await print("checklist", p.html);
    expect(r.outside).toEqual([]);
    expect(r.pages).toBe(site.spec.schedule.dates.length * 2);
    expect(Math.round(r.w)).toBe(595);
    expect(Math.round(r.h)).toBe(842);
    // Each page has content in its lower half (the table and the signature line), not a spill-over.
    const png = raster(r.pdf, 2, 40);
    expect(png.height).toBeGreaterThan(png.width);
    expect(inkRows(png, 0, Math.round(png.height * 0.5), png.width, png.height).some(Boolean)).toBe(true);
  });
});
