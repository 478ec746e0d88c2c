import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as fs from "node:fs";
import * as path from "node:path";
import * as jsYaml from "js-yaml";
import { siteFromObject } from "../../src/model/site";
import { InputError } from "../../src/model/errors";
import { produceArtifacts } from "../../src/export/run";
import { runChecks } from "../../src/compliance/engine";

/**
 * Bad input is a clear error, never an internal one: the schema must refuse every site value
 * that a later step (Intl, the IP plan, a generator's guard) cannot take. Sites built from the
 * sample with one to three fields replaced by hostile or edge values either fail to load with
 * InputError, or check and export without any other exception. (Issue 14 found two such holes:
 * an unknown time zone and 2026-02-30.) EXAMLAB_FUZZ_RUNS=5000 runs it longer (20 s; clean).
 */
const ROOT = path.resolve(__dirname, "../..");
const sample = jsYaml.load(fs.readFileSync(path.join(ROOT, "sites/demo-intermediate.yaml"), "utf8"), { schema: jsYaml.CORE_SCHEMA }) as Record<string, unknown>;
// The sample with its optional fields written out, so they are edited too (the time zone, the
// router's interfaces and NTP servers, resolvers, additions, margins).
const windowed = {
  ...sample,
  allowlist: { ...(sample.allowlist as object), enforcement: "exam-hours", marginMinutes: 30, ipv6: "auto", upstreamDns: ["223.5.5.5"], additions: ["exam.example.cn:8443", "203.0.113.0/24"] },
  schedule: { ...(sample.schedule as object), timezone: "Asia/Shanghai" },
  router: { ...(sample.router as object), seatInterfaces: ["br-lan"], ntpServers: ["ntp.aliyun.com"] },
};

type Path = (string | number)[];
function leaves(v: unknown, at: Path = [], out: Path[] = []): Path[] {
  if (at.length) out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => leaves(x, [...at, i], out));
  else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) leaves(x, [...at, k], out);
  return out;
}
function valueAt(root: unknown, p: Path): unknown {
  let o = root as Record<string | number, unknown>;
  for (const k of p) o = (o && typeof o === "object" ? o[k] : undefined) as Record<string | number, unknown>;
  return o;
}
function withValue(root: unknown, p: Path, value: unknown): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let o = copy;
  for (const k of p.slice(0, -1)) {
    o = o[k] as Record<string | number, unknown>;
    if (!o || typeof o !== "object") return root; // an earlier edit replaced a parent: skip
  }
  o[p[p.length - 1]] = value;
  return copy;
}

const HOSTILE_TEXT: string[] = ["", " ", "\n", "a\nb", "a\r\nb", "'", "\"", "\\", "$(reboot)", "`id`", "%s%n", "{{x}}", "<script>", "]]>", "中文", "x".repeat(300), "\u0000", "\u202e", "\ufeff", "../../x", "-1", "0", "1e309", "NaN", "2026-02-30", "25:61", "::", "0.0.0.0/0", "10.0.0.0/33", "Asia/Shangai", "a;b", "a|b", "#", "*"];
const text = fc.oneof(fc.constantFrom(...HOSTILE_TEXT), fc.string({ maxLength: 12 }), fc.string({ unit: "grapheme", maxLength: 8 }));
const number = fc.oneof(fc.constantFrom(0, -1, 1, 0.5, 1e9, -1e9, 65535, 65536, 2 ** 53, 3.7, 1e-9), fc.integer({ min: -5, max: 70000 }), fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }));
const other = fc.constantFrom<unknown>(true, false, null, [], {}, [""], { x: 1 });
/** Mostly a value of the field's own type (more of them pass the schema and reach the generators). */
const valueFor = (old: unknown) =>
  typeof old === "string" ? fc.oneof({ arbitrary: text, weight: 4 }, { arbitrary: other, weight: 1 })
  : typeof old === "number" ? fc.oneof({ arbitrary: number, weight: 4 }, { arbitrary: other, weight: 1 })
  : fc.oneof(text, number, other);

/** Loads, checks and exports one edited site: "refused", "exported", or throws for an internal error. */
function attempt(data: unknown, said: string): "refused" | "exported" {
  let site;
  try {
    site = siteFromObject(data as never, "fuzz.yaml");
  } catch (e) {
    if (e instanceof InputError) return "refused";
    throw new Error(`loading threw ${String(e)} for ${said}`);
  }
  try {
    runChecks(site, { today: "2026-11-26" });
    produceArtifacts(site);
    return "exported";
  } catch (e) {
    if (e instanceof InputError) return "refused";
    throw new Error(`${(e as Error).stack}\nfor ${said}`);
  }
}

const NUMBERS = [0, -1, 1, 0.5, 1e9, -1e9, 65535, 65536, 2 ** 53, 3.7, 1e-9];
const OTHERS: unknown[] = [true, false, null, [], {}, [""], { x: 1 }];

describe("site values never cause an internal error", () => {
  // Every field of the sample with its optional fields written out, one at a time, with every
  // edge value of its kind (~12,000 sites; the random pairs below also edit the plain sample).
  it("each field replaced by each edge value: refused as input, or checks and exports", () => {
    const counts = { refused: 0, exported: 0 };
    for (const base of [windowed]) {
      for (const p of leaves(base)) {
        const old = valueAt(base, p);
        const values = typeof old === "string" ? [...HOSTILE_TEXT, ...OTHERS.slice(0, 3)] : typeof old === "number" ? [...NUMBERS, "1", null] : typeof old === "boolean" ? [!old, "true", null, 0] : [null, [], {}, "", 0];
        for (const v of values) counts[attempt(withValue(base, p, v), `${p.join(".")} = ${JSON.stringify(v)}`)]++;
      }
    }
    expect(counts.exported).toBeGreaterThan(100);
  }, 600_000);

  it("random pairs of edits: refused as input, or checks and exports", () => {
    const bases = [sample, windowed];
    const paths = bases.map((b) => leaves(b));
    let exported = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1 }).chain((b) =>
          fc.tuple(fc.constant(b), fc.array(fc.nat({ max: paths[b].length - 1 }).chain((n) => fc.tuple(fc.constant(paths[b][n]), valueFor(valueAt(bases[b], paths[b][n])))), { minLength: 1, maxLength: 2 })),
        ),
        ([b, edits]) => {
        let data: unknown = bases[b];
        const said: string[] = [];
        for (const [p, v] of edits) {
          data = withValue(data, p, v);
          said.push(`${p.join(".")} = ${JSON.stringify(v)}`);
        }
        if (attempt(data, said.join("; ")) === "exported") exported++;
      }),
      { numRuns: Number(process.env.EXAMLAB_FUZZ_RUNS ?? 200) },
    );
    // Enough edited sites must pass the schema for the generators to be exercised (~14 %).
    expect(exported).toBeGreaterThan(10);
  }, 300_000);
});

/** Sizes are bounded before anything is laid out: a 10^9-row grid used to exhaust memory. */
describe("site size limits", () => {
  const problemsOf = (edit: (d: { rooms: { layout: Record<string, number>; spareMachines?: number }[]; network: Record<string, unknown> }) => void) => {
    const d = structuredClone(sample) as never;
    edit(d);
    try {
      siteFromObject(d, "big.yaml");
      return [];
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      return e.problems.map((p) => `${p.path}: ${p.message} / ${p.zh}`);
    }
  };
  it("a room grid side, spares and the site's total seats have limits, said in both languages", () => {
    expect(problemsOf((d) => (d.rooms[0].layout.rows = 1e9))).toEqual(["rooms[0].layout.rows: expected at most 100 / 应不大于 100"]);
    expect(problemsOf((d) => (d.rooms[1].layout.columns = 101))[0]).toMatch(/^rooms\[1\]\.layout\.columns: expected at most 100/);
    expect(problemsOf((d) => (d.rooms[0].spareMachines = 101))[0]).toMatch(/^rooms\[0\]\.spareMachines: expected at most 100/);
    const many = problemsOf((d) => {
      d.network.block = "10.0.0.0/8";
      d.network.roomPrefix = 16;
      for (const r of d.rooms) Object.assign(r.layout, { rows: 100, columns: 100 });
      d.rooms.push(structuredClone(d.rooms[0]), structuredClone(d.rooms[0]));
    });
    expect(many).toEqual(["rooms: expected at most 20000 seats (rows × columns) in all rooms together: describe a bigger site as several sites / 所有考场的座位（rows × columns）合计应不超过 20000 个：更大的考点请拆成多个站点描述"]);
    // At the limits themselves, nothing is refused for size.
    expect(problemsOf((d) => Object.assign(d.rooms[0].layout, { rows: 100, columns: 1 })).filter((p) => /at most/.test(p))).toEqual([]);
  });
});
