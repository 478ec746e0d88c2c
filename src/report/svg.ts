/** Small helpers for writing SVG/HTML text by hand: escaping and stable number formatting. */

const XML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

const NEEDS_ESCAPE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF&<>"']/;

/** Escapes text for XML/HTML content and quoted attributes; drops characters XML forbids. */
export function esc(value: unknown): string {
  const text = String(value);
  // Most text has nothing to escape: one scan instead of two replaces (issue 14).
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "")
    .replace(/[&<>"']/g, (c) => XML_ESCAPES[c]);
}

/** A coordinate with at most two decimals and no "-0": byte-identical output across runs. */
export function num(v: number): string {
  const r = Math.round(v * 100) / 100;
  return Object.is(r, -0) ? "0" : String(r);
}

/** Metres for labels: "1.2", "11". */
export function metres(v: number): string {
  return String(Math.round(v * 100) / 100);
}
