import { said, type Said } from "./said";
import { decodeText } from "../util/decode-text";

/**
 * Text that looks harmless but is not (issue 10 item 15):
 *
 * - invisible characters: UTS-46 silently deletes soft hyphens (U+00AD) and zero-width
 *   characters (U+200B…), so `exa\u00ADm.example.cn` became `exam.example.cn` without a word;
 *   bidirectional controls reorder what a reviewer sees (the "Trojan Source" class). Refused.
 * - mixed-script labels: `аpple.com` with a Cyrillic `а` is a different site that looks the same
 *   (UTS #39 "highly restrictive" profile: one script per label, except Han with the Japanese,
 *   Korean or Bopomofo scripts and Latin). Warned about: a real official list may contain IDNs.
 * - encodings: UTF-16 files (Excel's "Unicode text") are decoded by their byte-order mark; files
 *   that are not valid UTF-8 (GBK from older Windows tools) are refused with a readable message
 *   instead of being read as mojibake.
 */

/** Zero-width, soft hyphen, bidi and other default-ignorable format characters. */
const INVISIBLE = /[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\u{1bca0}-\u{1bca3}\u{1d173}-\u{1d17a}\u{e0000}-\u{e0fff}]/u;

/** `text` with every invisible character written as `<U+XXXX>` (for messages). */
export function showInvisible(text: string): string {
  return text.replace(new RegExp(INVISIBLE.source, "gu"), (c) => `<U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}>`);
}

/** The first invisible character in `text`, described for a message (both languages), or undefined. */
export function invisibleCharacter(text: string): Said | undefined {
  const m = INVISIBLE.exec(text);
  if (!m) return undefined;
  const cp = m[0].codePointAt(0)!;
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
  const name = cp === 0xad ? "char_softHyphen" : cp >= 0x200b && cp <= 0x200d ? "char_zeroWidth" : cp === 0xfeff ? "char_bom" : (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp === 0x200e || cp === 0x200f || cp === 0x061c ? "char_bidi" : "char_format";
  return said("invisibleAt", { name: said(name), hex, position: m.index + 1 });
}

const SCRIPTS: readonly [string, RegExp][] = [
  ["Latin", /\p{Script=Latin}/u],
  ["Cyrillic", /\p{Script=Cyrillic}/u],
  ["Greek", /\p{Script=Greek}/u],
  ["Han", /\p{Script=Han}/u],
  ["Hiragana", /\p{Script=Hiragana}/u],
  ["Katakana", /\p{Script=Katakana}/u],
  ["Hangul", /\p{Script=Hangul}/u],
  ["Bopomofo", /\p{Script=Bopomofo}/u],
  ["Arabic", /\p{Script=Arabic}/u],
  ["Hebrew", /\p{Script=Hebrew}/u],
  ["Armenian", /\p{Script=Armenian}/u],
  ["Georgian", /\p{Script=Georgian}/u],
  ["Thai", /\p{Script=Thai}/u],
  ["Cherokee", /\p{Script=Cherokee}/u],
];
/** Script sets UTS #39 accepts in one label besides a single script. */
const ALLOWED_MIXES: readonly ReadonlySet<string>[] = [
  new Set(["Latin", "Han", "Hiragana", "Katakana"]),
  new Set(["Latin", "Han", "Bopomofo"]),
  new Set(["Latin", "Han", "Hangul"]),
];

function scriptOf(ch: string): string | undefined {
  // Digits, hyphen, marks and shared letters such as the prolonged-sound mark ー: no script of their own.
  if (!/\p{L}/u.test(ch) || /[\p{Script=Common}\p{Script=Inherited}]/u.test(ch)) return undefined;
  for (const [name, re] of SCRIPTS) if (re.test(ch)) return name;
  return "Other";
}

/**
 * A label of the Unicode form that mixes scripts (UTS #39 highly restrictive), as
 * `"label" (Latin + Cyrillic)`, or undefined. ASCII-only names return at once.
 */
export function mixedScriptLabel(unicodeName: string): string | undefined {
  if (/^[\x00-\x7f]*$/.test(unicodeName)) return undefined;
  for (const label of unicodeName.split(".")) {
    const scripts = new Set<string>();
    for (const ch of label) {
      const s = scriptOf(ch);
      if (s) scripts.add(s);
    }
    if (scripts.size <= 1) continue;
    if (ALLOWED_MIXES.some((mix) => [...scripts].every((s) => mix.has(s)))) continue;
    return `"${label}" (${[...scripts].sort().join(" + ")})`;
  }
  return undefined;
}

export type Decoded = { ok: true; text: string } | { ok: false; reason: Said };

/**
 * Bytes of a text list → string: UTF-8 (BOM optional), or UTF-16 LE/BE by BOM. Anything else
 * that is not valid UTF-8 is refused with a message naming the likely encoding.
 */
export function decodeListFile(buf: Uint8Array): Decoded {
  const d = decodeText(buf);
  return d.ok ? d : { ok: false, reason: said(d.why === "utf16-no-bom" ? "utf16NoBom" : "notUtf8") };
}
