/**
 * Natural order ("rooms/2" before "rooms/10", "PC-RAM" before "pc-ram2"), the same order as
 * `a.localeCompare(b, "en", { numeric: true })` but without ICU: that call builds a collator on
 * every comparison and cost 3.5 s when sorting the findings of 1,000 sites (issue 14).
 *
 * ICU's rules for the characters handled here (root collation, numeric on):
 *  1. primary: character by character in the order of PRIMARY_ORDER below, letters case-blind;
 *     runs of digits compare as numbers (leading zeros ignored); a prefix sorts first;
 *  2. only if everything is primary-equal: the first case difference decides, lower case first.
 * Strings with any other character go to a (shared) Intl.Collator, so the result always equals
 * the localeCompare one; tests/perf/natural-compare.test.ts checks that with fast-check.
 */
const PRIMARY_ORDER = " _-,;:!?.'\"()[]{}§@*/\\&#%`^+<=>|~$";

/** Rank of each handled character: punctuation 1…, digits 100 (numeric runs), letters 200 + index. */
const RANK = new Int16Array(0x2000).fill(-1);
for (let i = 0; i < PRIMARY_ORDER.length; i++) RANK[PRIMARY_ORDER.charCodeAt(i)] = 1 + i;
for (let d = 48; d <= 57; d++) RANK[d] = 100;
for (let k = 0; k < 26; k++) RANK[97 + k] = RANK[65 + k] = 200 + k;

let collator: Intl.Collator | undefined;
const slow = (a: string, b: string): number => (collator ??= new Intl.Collator("en", { numeric: true })).compare(a, b);

const rankOf = (c: number): number => (c < 0x2000 ? RANK[c] : -1);

export function naturalCompare(a: string, b: string): number {
  let i = 0;
  let j = 0;
  const n = a.length;
  const m = b.length;
  while (i < n && j < m) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    const ra = rankOf(ca);
    const rb = rankOf(cb);
    if (ra < 0 || rb < 0) return slow(a, b);
    if (ra === 100 && rb === 100) {
      // Two digit runs: compare their values (skip leading zeros, then length, then digits).
      let ea = i;
      while (ea < n && rankOf(a.charCodeAt(ea)) === 100) ea++;
      let eb = j;
      while (eb < m && rankOf(b.charCodeAt(eb)) === 100) eb++;
      let sa = i;
      while (sa < ea - 1 && a.charCodeAt(sa) === 48) sa++;
      let sb = j;
      while (sb < eb - 1 && b.charCodeAt(sb) === 48) sb++;
      const la = ea - sa;
      const lb = eb - sb;
      if (la !== lb) return la < lb ? -1 : 1;
      for (let k = 0; k < la; k++) {
        const da = a.charCodeAt(sa + k);
        const db = b.charCodeAt(sb + k);
        if (da !== db) return da < db ? -1 : 1;
      }
      i = ea;
      j = eb;
      continue;
    }
    if (ra !== rb) return ra < rb ? -1 : 1;
    i++;
    j++;
  }
  // One is a primary prefix of the other: the shorter first, unless the rest is unhandled.
  for (let k = i; k < n; k++) if (rankOf(a.charCodeAt(k)) < 0) return slow(a, b);
  for (let k = j; k < m; k++) if (rankOf(b.charCodeAt(k)) < 0) return slow(a, b);
  if (i < n) return 1;
  if (j < m) return -1;
  // Primary-equal: the first case difference among letters at the same primary position.
  return caseOrder(a, b);
}

/** Tertiary level for primary-equal strings: walk both again, lower case before upper case. */
function caseOrder(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    if (rankOf(ca) === 100) {
      // Equal digit runs (leading zeros aside) carry no case: skip both.
      while (i < a.length && rankOf(a.charCodeAt(i)) === 100) i++;
      while (j < b.length && rankOf(b.charCodeAt(j)) === 100) j++;
      continue;
    }
    if (ca !== cb) {
      const upperA = ca >= 65 && ca <= 90;
      const upperB = cb >= 65 && cb <= 90;
      if (upperA !== upperB) return upperA ? 1 : -1;
    }
    i++;
    j++;
  }
  return 0;
}
