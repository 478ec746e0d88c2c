import { afterAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { dateIn, isTimeZone } from "../../src/util/time-zone";
import { loadSiteFile } from "../../src/model/site";
import { InputError } from "../../src/model/errors";
import { MINIMAL_SITE } from "../foundation/helpers";

const ROOT = path.resolve(__dirname, "../..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "examlab-tz-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** What Intl (ICU's tzdb) says the date is: the reference for every zone. */
const intl = new Map<string, Intl.DateTimeFormat>();
const intlDate = (timeZone: string, at: Date) => {
  let f = intl.get(timeZone);
  if (!f) intl.set(timeZone, (f = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" })));
  return f.format(at);
};

// Instants from 1992 (after China's last DST, 1991) to 2100, plus the instants either side of
// local midnight, where a wrong offset shows.
const FROM = Date.UTC(1992, 0, 1);
const TO = Date.UTC(2100, 11, 31);
const instant = fc.integer({ min: FROM, max: TO }).map((t) => new Date(t));

describe("exam time zones (schedule.timezone, manual §6.4)", () => {
  it("the fixed-offset fast path gives Intl's date for every instant of 1992–2100", () => {
    for (const tz of ["Asia/Shanghai", "Asia/Urumqi", "UTC", "Etc/UTC"]) {
      fc.assert(
        fc.property(instant, (at) => {
          expect(dateIn(tz, at), `${tz} ${at.toISOString()}`).toBe(intlDate(tz, at));
        }),
        { numRuns: 2000 },
      );
      // Around local midnight on days spread over the range.
      for (let day = FROM; day < TO; day += 37 * 86_400_000) {
        const midnight = Date.parse(intlDate(tz, new Date(day)) + "T00:00:00Z");
        for (const d of [-8, -6, 0, 6, 8]) {
          for (const eps of [-1, 0, 1]) {
            const at = new Date(midnight + d * 3_600_000 + eps);
            expect(dateIn(tz, at), `${tz} ${at.toISOString()}`).toBe(intlDate(tz, at));
          }
        }
      }
    }
  });

  it("other zones go through Intl, DST included", () => {
    const summer = new Date(Date.UTC(2026, 6, 1, 22, 30));
    expect(dateIn("Europe/Berlin", summer)).toBe("2026-07-02");
    expect(dateIn("America/Argentina/Salta", summer)).toBe("2026-07-01");
    fc.assert(
      fc.property(instant, fc.constantFrom("Europe/Berlin", "America/New_York", "Asia/Tokyo", "Etc/GMT+8"), (at, tz) => {
        expect(dateIn(tz, at)).toBe(intlDate(tz, at));
      }),
      { numRuns: 300 },
    );
  });

  const HOSTILE = ["Asia/Shangai", "Asia/Shanghai\nflush ruleset", "Asia/Shanghai\r", "Asia/Shanghai; reboot", "\"Asia/Shanghai\"", "$(reboot)", "`id`", "../../etc/passwd", "Asia//Shanghai", "+08:00", "", " Asia/Shanghai", "Asia/Shanghai ", "亚洲/上海", "A".repeat(200), "Asia/Shanghai\u0000", "Asia/Shanghai#", "Asia/Shanghai'", "Asia/Shanghai\u202e"];

  it("accepts the zones of the manual and any zone this Node.js knows; refuses everything else", () => {
    for (const tz of ["Asia/Shanghai", "Asia/Urumqi", "UTC", "Etc/UTC", "Europe/Berlin", "America/Argentina/Salta", "Etc/GMT+8", "Asia/Hong_Kong"]) expect(isTimeZone(tz), tz).toBe(true);
    for (const tz of HOSTILE) {
      expect(isTimeZone(tz), JSON.stringify(tz)).toBe(false);
      expect(() => dateIn(tz, new Date())).toThrow(RangeError);
    }
  });

  it("a site with an unknown or hostile time zone is bad input: file, line, field, both languages", () => {
    for (const tz of HOSTILE) {
      const file = path.join(dir, "tz.yaml");
      const text = `${MINIMAL_SITE}schedule:\n  dates: [2026-12-12]\n  timezone: ${JSON.stringify(tz)}\n`;
      const line = text.split("\n").findIndex((l) => l.startsWith("  timezone:")) + 1;
      let err: unknown;
      try {
        loadSiteFile(file, text);
      } catch (e) {
        err = e;
      }
      expect(err, JSON.stringify(tz)).toBeInstanceOf(InputError);
      const problems = (err as InputError).problems;
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ file, line, path: "schedule.timezone", message: "expected an IANA time zone such as Asia/Shanghai", zh: "应为 IANA 时区名称，例如 Asia/Shanghai" });
    }
  });

  it("check and export refuse it with exit 2 and a message, no internal error (they used to crash in Intl)", () => {
    const text = fs.readFileSync(path.join(ROOT, "sites/demo-intermediate.yaml"), "utf8").replace(/^schedule:\n/m, "schedule:\n  timezone: Asia/Shangai\n");
    expect(text).toContain("Asia/Shangai");
    const file = path.join(dir, "site.yaml");
    fs.writeFileSync(file, text);
    const line = text.split("\n").findIndex((l) => l.includes("Asia/Shangai")) + 1;
    for (const args of [["check", file], ["export", file, "--out", path.join(dir, "out")], ["validate", file]]) {
      const r = spawnSync("node", [path.join(ROOT, "bin/examlab.js"), ...args, "--lang", "en"], { cwd: ROOT, encoding: "utf8" });
      expect(r.status, args[0] + r.stderr).toBe(2);
      expect(r.stderr).toContain(`${file}:${line}: schedule.timezone: expected an IANA time zone such as Asia/Shanghai`);
      expect(r.stderr).not.toMatch(/internal error|内部错误|\n\s+at /);
    }
    expect(fs.existsSync(path.join(dir, "out"))).toBe(false);
  });
});
