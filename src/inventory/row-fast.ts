import type { z } from "zod";

/**
 * Validating CSV inventory rows field by field, each distinct value once (issue 14): a province's
 * 40,000 rows repeat the same few hundred values, and a whole-row `safeParse` per row was most of
 * reading the file. Sound only for a strict object of independent fields with no row-level
 * refinement (`assertFieldwise` checks that shape): zod then validates each present field on its
 * own, refuses keys outside the shape, and builds its output in shape order. Any doubt (unknown
 * key, a missing field that is not plainly optional, a failing value) returns undefined, and the
 * caller runs the full `safeParse` for the exact same result and messages.
 */
type Fields = Readonly<Record<string, z.ZodType>>;

/** Why `schema` cannot be validated field by field, or undefined when it can. */
export function fieldwiseProblem(schema: z.ZodType): string | undefined {
  const def = (schema as unknown as { _zod: { def: { type: string; catchall?: { _zod: { def: { type: string } } }; checks?: unknown[]; shape?: Fields } } })._zod.def;
  if (def.type !== "object") return `a ${def.type}, not an object`;
  if (def.catchall?._zod.def.type !== "never") return "not strict (unknown keys would be kept or ignored)";
  if (def.checks?.length) return "row-level refinements";
  for (const key of Object.keys(def.shape!)) if (key in Object.prototype || key === "__proto__") return `field ${key} shadows Object.prototype`;
  return undefined;
}

const FAIL: unique symbol = Symbol("invalid");
/** Distinct values remembered per field; past that (host names, MACs) values are checked unremembered. */
const MEMO_LIMIT = 4096;

/**
 * JSON of an object field value as its memo key; undefined for values JSON would blur (-0, NaN,
 * Infinity) or cannot describe (a `__proto__.x` column gives an object another prototype).
 */
function objectKey(v: object): string | undefined {
  return describable(v) ? JSON.stringify(v) : undefined;
}
function describable(v: unknown): boolean {
  if (typeof v === "string" || typeof v === "boolean" || v === null) return true;
  if (typeof v === "number") return Number.isFinite(v) && !Object.is(v, -0);
  if (typeof v !== "object") return false;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (!(i in v) || !describable(v[i])) return false;
    return true;
  }
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return false;
  const o = v as Record<string, unknown>;
  for (const k in o) if (!describable(o[k])) return false;
  return true;
}

/**
 * A row validator for `schema` (see fieldwiseProblem), with its own memo: undefined when the
 * row needs the full parse, else what `schema.safeParse(row).data` would be. Equal values share
 * one output (outputs are never mutated: they are measurements).
 */
export function fieldwiseValidator(schema: z.ZodObject): (row: Record<string, unknown>) => Record<string, unknown> | undefined {
  const why = fieldwiseProblem(schema);
  if (why) throw new Error(`inventory rows cannot be validated field by field: ${why}`);
  const shape = schema.shape as Fields;
  const order = Object.keys(shape);
  const position = new Map(order.map((k, i) => [k, i]));
  // A field may be left out when zod then adds nothing for it (optional in and out).
  const omissible = order.map((k) => {
    const z = (shape[k] as unknown as { _zod: { optin?: string; optout?: string } })._zod;
    return z.optin === "optional" && z.optout === "optional";
  });
  // Per field: primitive values by value (a Map's SameValueZero: -0 is not remembered), objects by JSON.
  const primitives = order.map(() => new Map<unknown, unknown>());
  const objects = order.map(() => new Map<string, unknown>());
  // And by identity first: csv.ts gives rows equal nested objects and lists as one (unmutated) object.
  const same = order.map(() => new Map<object, unknown>());
  // Key lists already seen (a trie over the row's keys, in their order) → the positions of their
  // fields in shape order, or FAIL (a key outside the shape, or a required field missing).
  interface KeyNode { next: Map<string, KeyNode>; layout?: number[] | typeof FAIL }
  const root: KeyNode = { next: new Map() };

  const layoutOf = (row: Record<string, unknown>): number[] | typeof FAIL => {
    const keys = Object.keys(row);
    let node = root;
    for (const k of keys) {
      let next = node.next.get(k);
      if (!next) node.next.set(k, (next = { next: new Map() }));
      node = next;
    }
    if (node.layout === undefined) {
      const present = keys.map((k) => position.get(k));
      const ok = present.every((p) => p !== undefined) && order.every((k, i) => omissible[i] || keys.includes(k));
      node.layout = ok ? (present as number[]).sort((a, b) => a - b) : FAIL;
    }
    return node.layout;
  };

  return (row) => {
    const proto = Object.getPrototypeOf(row);
    if (proto !== Object.prototype && proto !== null) return undefined;
    const layout = layoutOf(row);
    if (layout === FAIL) return undefined;
    const out: Record<string, unknown> = {};
    for (const i of layout) {
      const key = order[i];
      const value = row[key];
      let memo: Map<unknown, unknown> | undefined;
      let mk: unknown = value;
      if (typeof value === "object" && value !== null) {
        const seen = same[i].get(value);
        if (seen !== undefined) {
          out[key] = seen;
          continue;
        }
        mk = objectKey(value);
        if (mk === undefined) return undefined;
        memo = objects[i];
      } else if (!Object.is(value, -0)) memo = primitives[i];
      let data = memo?.get(mk);
      if (data === undefined) {
        const r = shape[key].safeParse(value);
        data = r.success ? r.data : FAIL;
        if (memo && memo.size < MEMO_LIMIT && data !== undefined) memo.set(mk, data);
      }
      if (memo === objects[i] && data !== FAIL && data !== undefined && same[i].size < MEMO_LIMIT) same[i].set(value as object, data);
      if (data === FAIL) return undefined;
      out[key] = data;
    }
    return out;
  };
}
