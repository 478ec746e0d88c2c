/**
 * Nested columns of a CSV inventory (tools.python, os.name, ...) as shared objects (issue 14):
 * a province's rows repeat the same versions, so each distinct combination of a prefix's cells
 * is one object, found cell by cell through a trie keyed by column and (shared) cell value, with
 * its fields in the order setPath would have given them.
 */

/**
 * Columns `prefix.field` whose objects are shared between rows: every column under the prefix has
 * exactly two parts, and the prefix is no column of its own nor a name objects inherit (where
 * setPath's behaviour is kept as it is). `of[i]` is column i's group, or -1.
 */
export function nestedGroups(paths: readonly (readonly string[])[]): { of: number[]; names: string[]; roots: NestNode[] } {
  const names: string[] = [];
  for (const p of paths) {
    const name = p[0];
    if (p.length < 2 || names.includes(name) || name in Object.prototype || name === "__proto__") continue;
    if (paths.every((q) => q[0] !== name || q.length === 2)) names.push(name);
  }
  const of = paths.map((p) => (p.length === 2 ? names.indexOf(p[0]) : -1));
  return { of, names, roots: names.map(() => newNode()) };
}

/** A trie of nested objects: each node is the object of the cells on the path from the root. */
export interface NestNode {
  next: Map<number, Map<unknown, NestNode>>;
  parent?: NestNode;
  field?: string;
  value?: unknown;
  object?: Record<string, unknown>;
}
const newNode = (parent?: NestNode, field?: string, value?: unknown): NestNode => ({ next: new Map(), parent, field, value });

export function step(node: NestNode, column: number, field: string, value: unknown): NestNode {
  let byValue = node.next.get(column);
  if (!byValue) node.next.set(column, (byValue = new Map()));
  let next = byValue.get(value);
  if (!next) byValue.set(value, (next = newNode(node, field, value)));
  return next;
}

/** The node's object: its fields in the order the cells came (as setPath would have built it). */
export function objectOf(node: NestNode): Record<string, unknown> {
  if (node.object) return node.object;
  const path: NestNode[] = [];
  for (let n: NestNode | undefined = node; n?.parent; n = n.parent) path.push(n);
  const object: Record<string, unknown> = {};
  for (let k = path.length - 1; k >= 0; k--) object[path[k].field!] = path[k].value;
  return (node.object = object);
}
