import * as jsYaml from "js-yaml";
import type { LineOf } from "./load";

/**
 * Line numbers of field paths in a YAML/JSON text, from js-yaml's parse events (issue 14): the
 * line-mapped `yaml` document cost a second, slow parse (18 ms for a site, tens of seconds for a
 * 9 MB inventory) whenever a message or an output needed a line. Built on first use, from the
 * same parser that read the data; same answers as the `yaml` finder it replaces: a map entry is
 * reported at its key's line, a missing field at its deepest existing parent.
 */
interface LineNode {
  start: number;
  map?: Map<string, { keyStart: number; node: LineNode }>;
  seq?: LineNode[];
}

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

function buildTree(c: CompactEvents): LineNode {
  const { nodes, keys } = c;
  let i = 0;
  let k = 0;
  const node = (): LineNode => {
    const type = nodes[2 * i];
    const start = nodes[2 * i + 1];
    i++;
    if (type === SCALAR || type === ALIAS) return { start };
    if (type === MAPPING) {
      const map = new Map<string, { keyStart: number; node: LineNode }>();
      while (nodes[2 * i] !== POP) {
        const name = keys[k++];
        const key = node();
        const value = node();
        if (name !== undefined && !map.has(name)) map.set(name, { keyStart: key.start, node: value });
      }
      i++;
      return { start, map };
    }
    const seq: LineNode[] = [];
    while (nodes[2 * i] !== POP) seq.push(node());
    i++;
    return { start, seq };
  };
  return node();
}

/**
 * A LineOf for `source` (which must parse); undefined lines where the path is not in the text.
 * `compact`: its events, when the caller has parsed them already (parseDataFile); else they are
 * parsed on first use.
 */
export function lineIndex(source: string, compact?: CompactEvents | null): LineOf {
  let root: LineNode | undefined | null = null;
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
        root = c ? buildTree(c) : undefined;
        compact = undefined;
      } catch {
        root = undefined;
      }
    }
    if (!root) return undefined;
    // Walk as deep as the document goes; a missing field is reported at its parent.
    let node: LineNode = root;
    let keyStart: number | undefined;
    for (const k of p) {
      const entry = node.map?.get(String(k));
      if (entry) {
        node = entry.node;
        keyStart = entry.keyStart;
        continue;
      }
      const item = node.seq && typeof k !== "symbol" && /^\d+$/.test(String(k)) ? node.seq[Number(k)] : undefined;
      if (item) {
        node = item;
        keyStart = undefined;
        continue;
      }
      break;
    }
    // For a map entry prefer the key's line: that is where the reader looks.
    return lineAt(keyStart ?? node.start);
  };
}
