import { afterAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { isCalendarDate } from "../../src/util/calendar-date";
import { loadSiteFile } from "../../src/model/site";
import { InputError } from "../../src/model/errors";
import { MINIMAL_SITE } from "../foundation/helpers";

const ROOT = path.resolve(__dirname, "../..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "examlab-dates-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The reference: JavaScript's own calendar, read back. */
const exists = (s: string) => {
  const [y, m, d] = s.split("-").map(Number);
  const t = new Date(0);
  t.setUTCFullYear(y, m - 1, d);
  return y >= 1 && t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
};
const pad = (n: number, w: number) => String(n).padStart(w, "0");

describe("calendar dates (YYYY-MM-DD in site files and --today)", () => {
  it("accepts exactly the days that exist", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }), (y, m, d) => {
        const s = `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
        expect(isCalendarDate(s), s).toBe(exists(s));
      }),
      { numRuns: 20000 },
    );
    for (const ok of ["2026-12-12", "2024-02-29", "2000-02-29", "2026-01-31", "2026-04-30"]) expect(isCalendarDate(ok), ok).toBe(true);
    for (const bad of ["2026-02-29", "1900-02-29", "2026-02-30", "2026-13-01", "2026-00-10", "2026-04-31", "2026-12-00", "2026-12-32", "0000-01-01", "2026-1-01", "2026-12-12\n", " 2026-12-12", "２０２６-12-12"]) expect(isCalendarDate(bad), bad).toBe(false);
  });

  it("a site with a day that does not exist is bad input wherever a date is written", () => {
    const cases: [string, string][] = [
      ["schedule:\n  dates: [2026-02-30]\n", "schedule.dates[0]"],
      ["attestations:\n  SITE-OFFICE: { value: true, by: 王主考, date: 2026-13-01 }\n", "attestations.SITE-OFFICE.date"],
      ["suppressions:\n  - { rule: PC-RAM, reason: 教学机内存升级中，考前完成, expires: 2026-04-31 }\n", "suppressions[0].expires"],
    ];
    for (const [extra, field] of cases) {
      const text = MINIMAL_SITE + extra;
      let err: unknown;
      try {
        loadSiteFile(path.join(dir, "d.yaml"), text);
      } catch (e) {
        err = e;
      }
      expect(err, field).toBeInstanceOf(InputError);
      const p = (err as InputError).problems;
      expect(p.map((x) => x.path)).toEqual([field]);
      expect(p[0]).toMatchObject({ line: text.split("\n").length - 1, message: "no such date: expected a calendar date as YYYY-MM-DD", zh: "日期不存在：应为真实的日历日期，格式 YYYY-MM-DD" });
    }
  });

  it("export, check and --today refuse impossible dates with exit 2 (export used to stop with an internal error)", () => {
    const text = fs.readFileSync(path.join(ROOT, "sites/demo-intermediate.yaml"), "utf8").replace(/dates: \[[^\]]*\]/, "dates: [2026-02-30]") + "allowlist:\n  enforcement: exam-hours\n";
    expect(text).toContain("2026-02-30");
    const file = path.join(dir, "site.yaml");
    fs.writeFileSync(file, text);
    const run = (...args: string[]) => spawnSync("node", [path.join(ROOT, "bin/examlab.js"), ...args, "--lang", "en"], { cwd: ROOT, encoding: "utf8" });
    for (const r of [run("export", file, "--out", path.join(dir, "out")), run("check", file)]) {
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toContain("schedule.dates[0]: no such date");
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    }
    expect(fs.existsSync(path.join(dir, "out"))).toBe(false);
    const today = run("check", path.join(ROOT, "sites/demo-intermediate.yaml"), "--today", "2026-02-30");
    expect(today.status).toBe(2);
    expect(today.stderr).toContain('--today: expected a date as YYYY-MM-DD, got "2026-02-30"');
  });
});
