import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "@babel/parser";
import { describe, expect, it } from "vitest";
import { maxOf, minOf, pushAll } from "../../src/util/arrays";

/**
 * The class of the "Maximum call stack size exceeded" crash on big inventories (issue 14):
 * spreading an array into a call's arguments (`a.push(...b)`, `Math.max(...xs)`, `f(...xs)`)
 * puts every element on the stack, and V8 gives up above ~125,000 elements. Code in src/,
 * stacks/ and policies/ may see input of any size, so spread arguments (and `.apply` with an
 * array, the same thing) are forbidden there; src/util/arrays.ts has loop versions.
 */
const ROOT = path.resolve(__dirname, "../..");
const DIRS = ["src", "stacks", "policies"];

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) for (const f of sourceFiles(p)) out.push(f);
    else if (/\.(ts|mts|js|mjs)$/.test(e.name) && !e.name.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

type Node = { type: string; loc?: { start: { line: number } }; [k: string]: unknown };

/** Every call/new expression whose arguments contain a spread, and every `.apply(x, list)`. */
export function spreadArgumentCalls(code: string, file: string): string[] {
  const ast = parse(code, { sourceType: "module", plugins: ["typescript"], sourceFilename: file }) as unknown as Node;
  const hits: string[] = [];
  const visit = (n: unknown): void => {
    if (!n || typeof n !== "object") return;
    if (Array.isArray(n)) return n.forEach(visit);
    const node = n as Node;
    if (typeof node.type !== "string") return;
    if (node.type === "CallExpression" || node.type === "NewExpression" || node.type === "OptionalCallExpression") {
      const args = node.arguments as Node[];
      if (args.some((a) => a.type === "SpreadElement")) hits.push(`${path.relative(ROOT, file)}:${node.loc?.start.line}: spread argument`);
      const callee = node.callee as Node;
      const prop = callee?.type === "MemberExpression" ? (callee.property as Node) : undefined;
      // f.apply(this, list) / Reflect.apply(f, this, list): allowed only to forward a call's own `args`.
      if (prop?.type === "Identifier" && prop.name === "apply") {
        const obj = (callee as { object?: Node }).object as { type?: string; name?: string } | undefined;
        const list = obj?.type === "Identifier" && obj.name === "Reflect" ? args[2] : args[1];
        if (list && !(list.type === "Identifier" && (list as { name?: string }).name === "args")) hits.push(`${path.relative(ROOT, file)}:${node.loc?.start.line}: .apply with a list`);
      }
    }
    for (const [k, v] of Object.entries(node)) if (k !== "loc" && k !== "start" && k !== "end" && k !== "extra") visit(v);
  };
  visit(ast);
  return hits;
}

describe("no spread arguments on unbounded arrays (stack overflow class)", () => {
  it("the scanner finds every form of the pattern", () => {
    const bad = `a.push(...b); Math.max(...xs); new Set(...y); f?.(...z); Math.min.apply(null, xs); Reflect.apply(f, null, xs); const g = (...rest: number[]) => rest; function h(...r: string[]) { return r; } const c = [...b, ...d]; const o = { ...e };`;
    expect(spreadArgumentCalls(bad, path.join(ROOT, "src/x.ts"))).toEqual([
      "src/x.ts:1: spread argument",
      "src/x.ts:1: spread argument",
      "src/x.ts:1: spread argument",
      "src/x.ts:1: spread argument",
      "src/x.ts:1: .apply with a list",
      "src/x.ts:1: .apply with a list",
    ]);
  });

  it("src/, stacks/ and policies/ contain none", () => {
    const hits = DIRS.flatMap((d) => sourceFiles(path.join(ROOT, d))).flatMap((f) => spreadArgumentCalls(fs.readFileSync(f, "utf8"), f));
    expect(hits).toEqual([]);
  });

  it("the loop helpers handle 1,000,000 elements (a spread push overflows well before)", () => {
    const big = Array.from({ length: 1_000_000 }, (_, i) => i);
    expect(() => [].push(...(big as never[]))).toThrow(RangeError);
    const into: number[] = [-1];
    expect(pushAll(into, big).length).toBe(1_000_001);
    expect(into[1_000_000]).toBe(999_999);
    expect(maxOf(big)).toBe(999_999);
    expect(minOf(big)).toBe(0);
    expect(maxOf([])).toBe(-Infinity);
    expect(minOf([])).toBe(Infinity);
    expect(maxOf([1, Number.NaN, 3])).toBeNaN();
    expect(minOf([1, Number.NaN, 3])).toBeNaN();
  });
});
