/**
 * Joins pieces of Chinese text, putting one space between Chinese and Latin text where two
 * pieces meet (考场 301, 未安装 Selenium), as the project's Chinese style asks. Only the seams
 * are looked at, so it is cheap enough for per-finding messages.
 */
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const LATIN = /[A-Za-z0-9]/;

export function zhJoin(...parts: string[]): string {
  let out = "";
  for (const p of parts) {
    if (p === "") continue;
    if (out !== "") {
      const a = out[out.length - 1];
      const b = p[0];
      if ((CJK.test(a) && LATIN.test(b)) || (LATIN.test(a) && CJK.test(b))) out += " ";
    }
    out += p;
  }
  return out;
}
