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

function buildTree(source: string, events: readonly Ev[]): LineNode | undefined {
  let i = 0;
  const startOf = (ev: Ev, own: number): number => {
    // Anchors and tags come before the node: yaml's ranges start there too.
    let s = own;
    if (ev.anchorStart !== undefined && ev.anchorStart >= 0 && ev.anchorStart < s) s = ev.anchorStart;
    if (ev.tagStart !== undefined && ev.tagStart >= 0 && ev.tagStart < s) s = ev.tagStart;
    return s;
  };
  const node = (): LineNode => {
    const ev = events[i++];
    if (ev.type === SCALAR) return { start: startOf(ev, ev.valueStart!) };
    if (ev.type === ALIAS) return { start: ev.anchorStart! };
    if (ev.type === MAPPING) {
      const map = new Map<string, { keyStart: number; node: LineNode }>();
      while (events[i].type !== POP) {
        const keyEvent = events[i];
        const key = node();
        const value = node();
        if (keyEvent.type === SCALAR) {
          const name = jsYaml.getScalarValue(source, keyEvent as jsYaml.ScalarEvent);
          if (!map.has(name)) map.set(name, { keyStart: key.start, node: value });
        }
      }
      i++;
      return { start: startOf(ev, ev.start!), map };
    }
    if (ev.type === SEQUENCE) {
      const seq: LineNode[] = [];
      while (events[i].type !== POP) seq.push(node());
      i++;
      return { start: startOf(ev, ev.start!), seq };
    }
    throw new Error(`unexpected YAML event ${ev.type}`);
  };
  if (events[0]?.type !== DOCUMENT || events.length < 2 || events[1].type === POP) return undefined;
  i = 1;
  return node();
}

/** A LineOf for `source` (which must parse); undefined lines where the path is not in the text. */
export function lineIndex(source: string): LineOf {
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
        root = buildTree(source, jsYaml.parseEvents(source, {}) as Ev[]);
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
