import type { HelperOptions } from "handlebars";

/**
 * Large generated text encoded piece by piece (issue 14). V8 keeps a string of more than 128 KB
 * (64K characters once one of them is Chinese: two bytes each) in its large-object space, and
 * encoding a rendered template means first flattening it into one such string: for a site's
 * report.html (~180,000 characters) that cost ~2.7 ms against ~0.4 ms for the same text encoded
 * in pieces of some tens of thousands of characters (measured on the real report). The bytes are
 * the same: UTF-8 of the whole is the UTF-8 of its pieces, one after another.
 *
 * In a Handlebars template, `{{#piece}}…{{/piece}}` sets a part aside while rendering and leaves a
 * marker in its place; renderPieces() puts the parts back as bytes. The marker starts with "<`",
 * which an HTML-escaped {{value}} never contains (Handlebars escapes both characters), so only
 * templates that escape (the report) may use pieces. Rendered without renderPieces, the helper
 * leaves its text in place.
 */
const MARKER = /<`examlab-piece=(\d+)`>/g;

interface PieceData {
  examlabPieces?: string[];
}

/** The `piece` block helper (registered by templates that use it). */
export function pieceHelper(this: unknown, options: HelperOptions): string {
  const text = options.fn(this);
  const stash = (options.data as PieceData | undefined)?.examlabPieces;
  if (!stash) return text;
  stash.push(text);
  return `<\`examlab-piece=${stash.length - 1}\`>`;
}

/** Renders `template` and returns the UTF-8 bytes of its output, set-aside pieces put back. */
export function renderPieces(template: (view: object, options: { data: PieceData }) => string, view: object): Buffer {
  const pieces: string[] = [];
  const out = template(view, { data: { examlabPieces: pieces } });
  const segments: string[] = [];
  const used = new Set<number>();
  const expand = (text: string): void => {
    let from = 0;
    for (const m of text.matchAll(MARKER)) {
      const i = Number(m[1]);
      if (i >= pieces.length || used.has(i)) throw new Error(`template output has a stray piece marker ${m[0]}`);
      used.add(i);
      if (m.index > from) segments.push(text.slice(from, m.index));
      expand(pieces[i]);
      from = m.index + m[0].length;
    }
    if (from < text.length) segments.push(from === 0 ? text : text.slice(from));
  };
  expand(out);
  if (used.size !== pieces.length) throw new Error("a piece of the template output was set aside and not put back");
  return encodeSegments(segments);
}

/**
 * UTF-8 of the segments' concatenation, each encoded on its own into one buffer of the exact size
 * (issue 14: no buffer per segment and no copy of them all into a second one; a 12 MB router
 * file was written twice).
 */
export function encodeSegments(segments: readonly string[]): Buffer {
  const parts: string[] = [];
  let carry = "";
  for (let i = 0; i < segments.length; i++) {
    let s = carry + segments[i];
    carry = "";
    // A surrogate pair split between two segments must be encoded as one character.
    const last = s.charCodeAt(s.length - 1);
    if (last >= 0xd800 && last <= 0xdbff && i + 1 < segments.length) {
      carry = s.slice(-1);
      s = s.slice(0, -1);
    }
    if (s.length > 0) parts.push(s);
  }
  if (carry) parts.push(carry);
  if (parts.length === 1) return Buffer.from(parts[0], "utf8");
  let size = 0;
  for (const s of parts) size += Buffer.byteLength(s, "utf8");
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (const s of parts) at += out.write(s, at, "utf8");
  if (at !== size) throw new Error("internal: UTF-8 size of the segments changed while encoding");
  return out;
}
