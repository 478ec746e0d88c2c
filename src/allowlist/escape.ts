/**
 * Per-target output guards. Every value is already validated (LDH names, canonical addresses,
 * numeric ports), so these do not "fix" anything: they re-check the value against what the
 * target's syntax can carry safely and throw if anything else ever reaches a template (fail
 * closed; router-targets.md §0.7: no native checker rejects a name containing ; " # or a space).
 */
export class UnsafeOutput extends Error {}

// Character safety only (label structure was checked by host-name.ts); a cheap regex matters at 100k names × targets.
// `*` plus a length check (253) instead of `{0,252}`: the same test, but the bounded form runs several times slower in V8.
const LDH_NAME = /^[a-z0-9][a-z0-9.-]*$/;
const ADDRESS = /^[0-9a-f:.]+(\/\d{1,3})?$/;
const IDENT = /^[A-Za-z][A-Za-z0-9_]{0,30}$/;

function check(value: unknown, re: RegExp, what: string, maxLength = Infinity): string {
  const s = String(value);
  if (s.length > maxLength || !re.test(s)) throw new UnsafeOutput(`refusing to emit ${what} ${JSON.stringify(s.slice(0, 80))}`);
  return s;
}

export const guard = {
  name: (v: unknown) => check(v, LDH_NAME, "host name", 253),
  address: (v: unknown) => check(v, ADDRESS, "address"),
  ident: (v: unknown) => check(v, IDENT, "identifier"),
  port: (v: unknown) => check(v, /^\d{1,5}$/, "port"),
  /** Free text for comments: printable, no quotes, backslashes, control characters or line breaks. */
  comment: (v: unknown) => check(v, /^[^\u0000-\u001f\u007f"'`\\$]*$/u, "comment"),
  /** ASCII-only comment text (nftables inline comments, RouterOS comments). */
  asciiComment: (v: unknown) => check(v, /^[\x20-\x7e]*$/, "comment").replace(/["'`\\$]/g, ""),
  clock: (v: unknown) => check(v, /^([01]\d|2[0-3]):[0-5]\d$/, "time"),
  /** Linux interface name (IFNAMSIZ 16 incl. NUL), as the site schema allows it. */
  ifname: (v: unknown) => check(v, /^[A-Za-z0-9][A-Za-z0-9._@-]{0,14}$/, "interface name"),
  day: (v: unknown) => check(v, /^(Sun|Mon|Tues|Wednes|Thurs|Fri|Satur)day$/, "weekday"),
};

/** nftables double-quoted string: no escape exists for `"`, so only guarded text goes in. */
export const nftString = (v: unknown) => `"${guard.asciiComment(v)}"`;
/** UCI single-quoted value: an embedded quote is written '\'' (openwrt/uci file.c). */
export const uciString = (v: unknown) => `'${String(v).replace(/'/g, `'\\''`)}'`;
/** RouterOS script string: escape \ " $ ? and refuse control characters (MikroTik scripting manual). */
export const rosString = (v: unknown) => {
  const s = String(v);
  if (!/[\u0000-\u001f\u007f\\"$?]/.test(s)) return `"${s}"`; // fast path: nothing to refuse or escape
  if (/[\u0000-\u001f\u007f]/.test(s)) throw new UnsafeOutput(`refusing to emit a control character to RouterOS: ${JSON.stringify(s.slice(0, 80))}`);
  return `"${s.replace(/[\\"$?]/g, (c) => `\\${c}`)}"`;
};
/** PowerShell single-quoted literal: only `'` is special (doubled); typographic quotes too. */
export const psString = (v: unknown) => {
  const s = String(v);
  if (!/[\u0000-\u001f\u007f'\u2018\u2019\u201a\u201b]/.test(s)) return `'${s}'`; // fast path: nothing to refuse or escape
  if (/[\u0000-\u001f\u007f]/.test(s)) throw new UnsafeOutput(`refusing to emit a control character to PowerShell: ${JSON.stringify(s.slice(0, 80))}`);
  return `'${s.replace(/['\u2018\u2019\u201a\u201b]/g, (c) => c + c)}'`;
};
/** .reg string value: backslash and double quote are escaped (regedit format). */
export const regString = (v: unknown) => {
  const s = String(v);
  if (!/[\u0000-\u001f\u007f\\"]/.test(s)) return `"${s}"`; // fast path: nothing to refuse or escape
  if (/[\u0000-\u001f\u007f]/.test(s)) throw new UnsafeOutput(`refusing to emit a control character to a .reg file: ${JSON.stringify(s.slice(0, 80))}`);
  return `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
};
