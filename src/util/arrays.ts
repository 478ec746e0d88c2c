/**
 * Array helpers for inputs of any size. Spreading an array into a call (`a.push(...b)`,
 * `Math.max(...xs)`) passes every element as a function argument on the stack: above ~125,000
 * elements V8 throws "Maximum call stack size exceeded". These loops have no such limit;
 * tests/perf/no-spread-args.test.ts forbids spread arguments in src/, stacks/ and policies/.
 */

/** Appends every item of `items` to `target` (in order) and returns `target`. */
export function pushAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const x of items) target.push(x);
  return target;
}

/** Largest value (-Infinity for an empty list, like Math.max()). */
export function maxOf(values: Iterable<number>): number {
  let m = -Infinity;
  for (const v of values) if (v > m || Number.isNaN(v)) m = v;
  return m;
}

/** Smallest value (Infinity for an empty list, like Math.min()). */
export function minOf(values: Iterable<number>): number {
  let m = Infinity;
  for (const v of values) if (v < m || Number.isNaN(v)) m = v;
  return m;
}
