import { domainToASCII } from "node:url";
import * as punycode from "punycode/";
import { getPublicSuffix } from "tldts";
import { said, type Said } from "./said";

/**
 * Strict host-name canonicalisation (router-targets.md §0.6–0.7): UTS-46 mapping to A-labels
 * (Node's WHATWG `domainToASCII`), lower case, then a letters-digits-hyphens whitelist with the
 * DNS length limits. Every target relies on this: their own checkers accept spaces, quotes, `;`
 * and raw UTF-8 that never match, so nothing else may reach a template.
 */
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const MAX_NAME = 253;

export type HostResult = { ok: true; name: string; unicode?: string } | { ok: false; reason: Said };

export function canonicalHost(input: string): HostResult {
  const raw = input.endsWith(".") ? input.slice(0, -1) : input;
  if (raw.length === 0) return no("hostEmpty");
  // Reject what UTS-46 would silently drop or map into something else before converting.
  const bad = /[\s"'`;#$\\/|&<>(){}\[\]!?*,=%@:^~+]/u.exec(raw);
  if (bad) return no("hostBadChar", { char: /\s/.test(bad[0]) ? said("hostWhiteSpace") : said("hostChar", { char: bad[0] }) });
  if (/[\u0000-\u001f\u007f]/.test(raw)) return no("hostControl");
  // Plain ASCII letters/digits/hyphens map to themselves under UTS-46 (lower-cased): skip the conversion.
  const ascii = /^[A-Za-z0-9.-]+$/.test(raw) ? raw : domainToASCII(raw.normalize("NFC"));
  if (!ascii) return no("hostInvalidIdn");
  const name = ascii.toLowerCase();
  if (name.length > MAX_NAME) return no("hostTooLong", { n: name.length, max: MAX_NAME });
  const labels = name.split(".");
  if (labels.length < 2) return no("hostOneLabel");
  for (const l of labels) {
    if (l.length > 63) return no("labelTooLong", { label: l.slice(0, 20), n: l.length });
    if (!LABEL.test(l)) return no("labelNotLdh", { label: l });
    if (l.startsWith("xn--")) {
      try {
        punycode.decode(l.slice(4));
      } catch {
        return no("labelBadPunycode", { label: l });
      }
    }
  }
  if (/^\d+$/.test(labels[labels.length - 1])) return no("lastLabelNumeric");
  const unicode = name.includes("xn--") ? punycode.toUnicode(name) : name;
  return { ok: true, name, ...(unicode !== name ? { unicode } : {}) };
}

/**
 * tldts options for a name canonicalHost has accepted: no URL extraction, no second hostname
 * validation, no IP detection (a third of the cost for 100,000 entries, issue 14);
 * tests/allowlist/normalise.test.ts checks the answers equal tldts' defaults.
 */
export const CANONICAL_NAME = { allowPrivateDomains: true, extractHostname: false, validateHostname: false, detectIp: false, mixedInputs: false } as const;

/** The public suffix a name equals, if any (ICANN or private section: `com.cn`, `github.io`). */
export function publicSuffixOf(name: string): string | undefined {
  const suffix = getPublicSuffix(name, CANONICAL_NAME);
  return suffix !== null && suffix === name ? suffix : undefined;
}

function no(key: Parameters<typeof said>[0], vars?: Parameters<typeof said>[1]): HostResult {
  return { ok: false, reason: said(key, vars) };
}
