import * as jsYaml from "js-yaml";
import type { LineOf } from "./load";

/**
 * Line numbers of field paths in a YAML/JSON text, from js-yaml's parse events (issue 14): the
 * line-mapped `yaml` document cost a second, slow parse (18 ms for a site, tens of seconds for a
 * 9 MB inventory) whenever a message or an output needed a line. Built on first use, from the
 * same parser that read the data; same answers as the `yaml` finder it replaces: a map entry is
 * reported at its key's line, a missing field at its deepest existing parent.
 */
type Ev = { type: number; start?: number; valueStart?: number; anchorStart?: number; tagStart?: number };
const { DOCUMENT, SEQUENCE, MAPPING, SCALAR, ALIAS, POP } = jsYaml.EVENT_ID;

/**
 * What the index needs of a document's events, kept compact (issue 14): the events of a 4 KB
 * site take ~57 KB and synth holds up to 1,000 loaded sites, so they are not kept. `nodes` holds
 * each event's type and start offset (anchors and tags come before the node: yaml's ranges start
 * there too); `keys` the name of each mapping key in order (undefined for a key that is not a
 * scalar). Undefined when the stream has no document node.
 */
export interface CompactEvents {
  nodes: Int32Array;
  keys: (string | undefined)[];
}

export function compactEvents(source: string, events: readonly Ev[]): CompactEvents | undefined {
  if (events[0]?.type !== DOCUMENT || events.length < 2 || events[1].type === POP) return undefined;
  const startOf = (ev: Ev, own: number): number => {
    let s = own;
    if (ev.anchorStart !== undefined && ev.anchorStart >= 0 && ev.anchorStart < s) s = ev.anchorStart;
    if (ev.tagStart !== undefined && ev.tagStart >= 0 && ev.tagStart < s) s = ev.tagStart;
    return s;
  };
  // The first document's node, as buildTree reads it: a stack of open collections says which
  // events are mapping keys (a mapping's even children).
  const nodes: number[] = [];
  const keys: (string | undefined)[] = [];
  const open: { map: boolean; children: number }[] = [];
  let i = 1;
  do {
    const ev = events[i++];
    if (ev.type === POP) {
      open.pop();
      nodes.push(POP, 0);
      continue;
    }
    const parent = open[open.length - 1];
    if (parent) {
      if (parent.map && parent.children % 2 === 0) keys.push(ev.type === SCALAR ? jsYaml.getScalarValue(source, ev as jsYaml.ScalarEvent) : undefined);
      parent.children++;
    }
    if (ev.type === SCALAR) nodes.push(SCALAR, startOf(ev, ev.valueStart!));
    else if (ev.type === ALIAS) nodes.push(ALIAS, ev.anchorStart!);
    else if (ev.type === MAPPING || ev.type === SEQUENCE) {
      nodes.push(ev.type, startOf(ev, ev.start!));
      open.push({ map: ev.type === MAPPING, children: 0 });
    } else throw new Error(`unexpected YAML event ${ev.type}`);
  } while (open.length > 0);
  return { nodes: Int32Array.from(nodes), keys };
}

/**
 * Issue 14: a lookup walks the compact events instead of a tree of every node (a Map per mapping,
 * an object per node: 0.13 ms a site, for the one or two lines most commands ask of a site).
 * One pass gives each node the index after its subtree and each mapping key its name's index;
 * a collection on a looked-up path gets its key or item index on first use (a 300,000-row
 * inventory is indexed once, not walked per row). Answers are the tree's: the first of equal
 * keys wins, non-scalar keys are never found.
 */
interface Walker {
  nodes: Int32Array;
  keys: readonly (string | undefined)[];
  /** Node index just after each node's subtree (after its POP for a collection). */
  end: Int32Array;
  /** For a mapping's key node, the index of its name in `keys`; -1 for other nodes. */
  keyIdx: Int32Array;
  maps: Map<number, Map<string, number>>;
  seqs: Map<number, Int32Array>;
}

function walker(c: CompactEvents): Walker {
  const { nodes } = c;
  const n = nodes.length >> 1;
  const end = new Int32Array(n);
  const keyIdx = new Int32Array(n).fill(-1);
  const open: number[] = [];
  const children: number[] = [];
  let k = 0;
  for (let j = 0; j < n; j++) {
    const type = nodes[2 * j];
    if (type === POP) {
      end[open.pop()!] = j + 1;
      children.pop();
      continue;
    }
    const top = open.length - 1;
    if (top >= 0) {
      if (nodes[2 * open[top]] === MAPPING && children[top] % 2 === 0) keyIdx[j] = k++;
      children[top]++;
    }
    if (type === MAPPING || type === SEQUENCE) {
      open.push(j);
      children.push(0);
    } else end[j] = j + 1;
  }
  return { nodes, keys: c.keys, end, keyIdx, maps: new Map(), seqs: new Map() };
}

/** A mapping's keys → their key node, the first of equal names (built on first use). */
function mapOf(w: Walker, i: number): Map<string, number> {
  let m = w.maps.get(i);
  if (!m) {
    m = new Map();
    for (let j = i + 1; w.nodes[2 * j] !== POP; j = w.end[w.end[j]]) {
      const name = w.keys[w.keyIdx[j]];
      if (name !== undefined && !m.has(name)) m.set(name, j);
    }
    w.maps.set(i, m);
  }
  return m;
}

/** A sequence's item nodes (built on first use). */
function seqOf(w: Walker, i: number): Int32Array {
  let s = w.seqs.get(i);
  if (!s) {
    const items: number[] = [];
    for (let j = i + 1; w.nodes[2 * j] !== POP; j = w.end[j]) items.push(j);
    w.seqs.set(i, (s = Int32Array.from(items)));
  }
  return s;
}

/**
 * A LineOf for `source` (which must parse); undefined lines where the path is not in the text.
 * `compact`: its events, when the caller has parsed them already (parseDataFile); else they are
 * parsed on first use.
 */
export function lineIndex(source: string, compact?: CompactEvents | null): LineOf {
  let root: Walker | undefined | null = null;
  let lineStarts: number[] | undefined;
  const lineAt = (offset: number): number => {
    if (!lineStarts) {
      lineStarts = [0];
      for (let k = source.indexOf("\n"); k >= 0; k = source.indexOf("\n", k + 1)) lineStarts.push(k + 1);
    }
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  return (p) => {
    if (root === null) {
      try {
        const c = compact !== undefined ? compact : compactEvents(source, jsYaml.parseEvents(source, {}) as Ev[]);
        root = c ? walker(c) : undefined;
        compact = undefined;
      } catch {
        root = undefined;
      }
    }
    if (!root) return undefined;
    const w = root;
    // Walk as deep as the document goes; a missing field is reported at its parent.
    let node = 0;
    let keyStart: number | undefined;
    for (const k of p) {
      const type = w.nodes[2 * node];
      if (type === MAPPING) {
        const key = mapOf(w, node).get(String(k));
        if (key === undefined) break;
        keyStart = w.nodes[2 * key + 1];
        node = w.end[key];
        continue;
      }
      if (type === SEQUENCE && typeof k !== "symbol" && /^\d+$/.test(String(k))) {
        const items = seqOf(w, node);
        const at = Number(k);
        if (at < items.length) {
          node = items[at];
          keyStart = undefined;
          continue;
        }
      }
      break;
    }
    // For a map entry prefer the key's line: that is where the reader looks.
    return lineAt(keyStart ?? w.nodes[2 * node + 1]);
  };
}
