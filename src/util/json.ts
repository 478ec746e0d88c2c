import { encodeSegments } from "./text-pieces";

/** Deterministic JSON: two-space indent, trailing newline (key order is the producer's). */
export function toJson(value: unknown): string {
  return JSON.stringify(value, null, 2) + "\n";
}

/**
 * The UTF-8 bytes of toJson(value), stringified member by member (issue 14): a site's compliance
 * report is ~90,000 characters of mostly Chinese text, and one string of that size is a V8
 * large object (see src/util/text-pieces.ts). The top level and the level below are written here
 * exactly as JSON.stringify lays them out; deeper values are JSON.stringify's own.
 */
export function toJsonBytes(value: unknown): Buffer {
  const segments: string[] = [];
  writeJson(value, "", 2, segments);
  segments.push("\n");
  return encodeSegments(segments);
}

function writeJson(value: unknown, indent: string, levels: number, out: string[]): void {
  if (levels > 0 && splittable(value)) {
    const inner = indent + "  ";
    let first = true;
    const open = Array.isArray(value) ? "[" : "{";
    const close = Array.isArray(value) ? "]" : "}";
    const member = (head: string, v: unknown): void => {
      out.push((first ? open + "\n" : ",\n") + inner + head);
      first = false;
      writeJson(v, inner, levels - 1, out);
    };
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        // As JSON.stringify: an element with no JSON form is null.
        member("", noJson(value[i]) ? null : value[i]);
      }
    } else {
      for (const [k, v] of Object.entries(value)) {
        if (noJson(v)) continue; // omitted, as JSON.stringify does
        member(JSON.stringify(k) + ": ", v);
      }
    }
    out.push(first ? open + close : "\n" + indent + close);
    return;
  }
  // JSON.stringify of a nested value is laid out from column 0: its lines are indented here.
  // (A string value holds no raw line break: JSON escapes it.)
  const text = String(JSON.stringify(value, null, 2));
  out.push(indent && text.includes("\n") ? text.replaceAll("\n", "\n" + indent) : text);
}

/** Values JSON.stringify leaves out of an object (and writes as null in an array). */
function noJson(v: unknown): boolean {
  if (v === undefined || typeof v === "function" || typeof v === "symbol") return true;
  return typeof v === "object" && v !== null && typeof (v as { toJSON?: unknown }).toJSON === "function" && JSON.stringify(v) === undefined;
}

/** Plain arrays and objects, laid out here; anything with toJSON or another prototype is left to JSON.stringify. */
function splittable(value: unknown): value is object {
  if (value === null || typeof value !== "object") return false;
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") return false;
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
