/**
 * Bytes of a text file from a spreadsheet or a Windows tool → string. UTF-8 (BOM optional) and
 * UTF-16 LE/BE with a BOM (Excel's "Unicode text", PowerShell 5.1's `>` redirection) are decoded;
 * UTF-16 without a BOM and anything that is not valid UTF-8 (GBK/GB18030 from Excel's plain "CSV"
 * on Chinese Windows) are refused so the caller can say so, instead of reading mojibake.
 */
export type DecodedText = { ok: true; text: string } | { ok: false; why: "utf16-no-bom" | "not-utf8" };

export function decodeText(buf: Uint8Array): DecodedText {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return { ok: true, text: new TextDecoder("utf-16le").decode(buf.subarray(2)) };
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return { ok: true, text: new TextDecoder("utf-16be").decode(buf.subarray(2)) };
  const start = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  // UTF-16 without a BOM: every other byte of ASCII text is zero.
  const sample = buf.subarray(start, Math.min(buf.length, start + 512));
  let zeros = 0;
  for (const b of sample) if (b === 0) zeros++;
  if (sample.length >= 4 && zeros * 4 >= sample.length) return { ok: false, why: "utf16-no-bom" };
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(buf.subarray(start)) };
  } catch {
    return { ok: false, why: "not-utf8" };
  }
}
