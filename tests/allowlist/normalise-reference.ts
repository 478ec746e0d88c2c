// The allowlist normaliser as it was before the issue 14 fast paths (one key string and one
// aggregate per rule, a prefix walk for every name, bigint merging for IPv4): kept as the
// reference tests/allowlist/normalise-fast.test.ts compares normalise() with. Not used by examlab.
import { createHash } from "node:crypto";
import type { InputProblem } from "../../src/model/errors";
import { mergeCidrsBigint as mergeCidrs, type Cidr } from "../../src/allowlist/cidr";
import { sharedFrontEnd } from "../../src/allowlist/cdn";
import { publicSuffixOf } from "../../src/allowlist/host-name";
import type { AllowEntry, DomainRule, NormalisedPolicy, PolicyWarning, PortGroup, SourceRef } from "../../src/allowlist/model";
import { problemAt, said, warningOf } from "../../src/allowlist/said";
import { DEFAULT_PORTS, type NormaliseResult } from "../../src/allowlist/normalise";

export function normaliseReference(entries: readonly AllowEntry[], defaultPorts: readonly number[] = DEFAULT_PORTS): NormaliseResult {
  const problems: InputProblem[] = [];
  const warnings: PolicyWarning[] = [];
  const portsOf = (e: AllowEntry) => (e.ports && e.ports.length ? e.ports : [...defaultPorts]);
  // Read-only use (most domain entries have no ports of their own): one copy, not one per entry.
  const sharedDefault: readonly number[] = [...defaultPorts];
  let duplicates = 0;

  // 1. Domains: one rule per (name, match), ports/paths/sources unioned.
  // `first`: the ports of the rule's first entry; a Set only once a second entry merges in.
  const byKey = new Map<string, { rule: DomainRule; first: readonly number[]; ports?: Set<number>; paths?: Set<string>; sources: string[] }>();
  for (const e of entries) {
    if (e.kind !== "domain") continue;
    const suffix = publicSuffixOf(e.name);
    if (suffix !== undefined) {
      problems.push(problemAt(e.source, said(e.match === "subtree" ? "publicSuffixWildcard" : "publicSuffix", { name: e.name, suffix })));
      continue;
    }
    const key = `${e.match}|${e.name}`;
    const own = e.ports && e.ports.length ? e.ports : sharedDefault;
    let agg = byKey.get(key);
    if (agg) {
      duplicates++;
      agg.ports ??= new Set(agg.first);
      for (const p of own) agg.ports.add(p);
    } else {
      agg = { rule: { name: e.name, match: e.match, ports: [], paths: [], sources: [] }, first: own, sources: [] };
      byKey.set(key, agg);
    }
    if (e.path) (agg.paths ??= new Set()).add(e.path); // most entries have no path: no Set for them
    agg.sources.push(ref(e.source));
  }
  const rules: DomainRule[] = [];
  const sortedDefault = [...new Set(sharedDefault)].sort((a, b) => a - b);
  for (const { rule, first, ports, paths, sources } of byKey.values()) {
    rule.ports = ports ? [...ports].sort((a, b) => a - b) : first === sharedDefault ? sortedDefault.slice() : [...new Set(first)].sort((a, b) => a - b);
    if (paths) rule.paths = [...paths].sort();
    rule.sources = sources;
    rules.push(rule);
  }

  // 2. Coverage: a subtree rule with a superset of the ports makes names below it redundant.
  const subtrees = new Map<string, number[]>();
  for (const r of rules) if (r.match === "subtree") subtrees.set(r.name, r.ports);
  let covered = 0;
  const kept = rules.filter((r) => {
    let name = r.match === "exact" ? r.name : parent(r.name);
    while (name !== undefined) {
      const ports = subtrees.get(name);
      if (ports && r.ports.every((p) => ports.includes(p))) { covered++; return false; }
      name = parent(name);
    }
    return true;
  });

  // 3. Addresses: parsed again as intervals, flagged when shared or broad.
  const nets: { family: 4 | 6; c: Cidr; ports: number[] }[] = [];
  for (const e of entries) {
    if (e.kind === "domain") continue;
    const c: Cidr = { family: e.kind === "ipv4" ? 4 : 6, cidr: e.cidr, first: e.first, last: e.last, prefix: e.prefix };
    const cdn = sharedFrontEnd(c);
    if (cdn) warnings.push(warningOf("cdn-shared-address", ref(e.source), said("cdnShared", { cidr: e.cidr, cdn })));
    if ((c.family === 4 && c.prefix < 16) || (c.family === 6 && c.prefix < 48))
      warnings.push(warningOf("broad-network", ref(e.source), said("broadNetwork", { cidr: e.cidr })));
    nets.push({ family: c.family, c, ports: portsOf(e) });
  }

  // 4. Port groups: the default web ports first, then by port list.
  const groupKey = (ports: readonly number[]) => ports.join(",");
  const groups = new Map<string, { ports: number[]; domains: DomainRule[]; v4: Cidr[]; v6: Cidr[] }>();
  const groupFor = (ports: number[]) => {
    const k = groupKey(ports);
    let g = groups.get(k);
    if (!g) { g = { ports, domains: [], v4: [], v6: [] }; groups.set(k, g); }
    return g;
  };
  for (const r of kept) groupFor(r.ports).domains.push(r);
  for (const n of nets) (n.family === 4 ? groupFor(n.ports).v4 : groupFor(n.ports).v6).push(n.c);
  const webKey = groupKey([...defaultPorts].sort((a, b) => a - b));
  const out: PortGroup[] = [...groups.entries()]
    .sort(([a], [b]) => (a === webKey ? -1 : b === webKey ? 1 : a < b ? -1 : a > b ? 1 : 0))
    .map(([k, g]) => ({
      id: k === webKey ? "web" : `p${createHash("sha1").update(k).digest("hex").slice(0, 6)}`,
      ports: g.ports,
      domains: byNameThenMatch(g.domains),
      ipv4: mergeCidrs(4, g.v4),
      ipv6: mergeCidrs(6, g.v6),
    }));
  const policy: NormalisedPolicy = {
    defaultPorts: [...defaultPorts],
    groups: out,
    stats: {
      inputEntries: entries.length,
      domains: kept.length,
      ipv4: out.reduce((n, g) => n + g.ipv4.length, 0),
      ipv6: out.reduce((n, g) => n + g.ipv6.length, 0),
      removedDuplicates: duplicates,
      removedCovered: covered,
    },
  };
  return { policy, warnings, problems };
}

/**
 * Domains by name, then match ("exact" before "subtree"). A plain string sort of "name\0match"
 * keys gives that order ("\0" sorts before every character a name may hold) without calling a
 * comparator a million times for 100,000 names (issue 14). Keys are unique: rules were merged
 * per (match, name).
 */
function byNameThenMatch(domains: readonly DomainRule[]): DomainRule[] {
  const byKey = new Map<string, DomainRule>();
  for (const d of domains) byKey.set(`${d.name}\u0000${d.match}`, d);
  return [...byKey.keys()].sort().map((k) => byKey.get(k)!);
}

function parent(name: string): string | undefined {
  const i = name.indexOf(".");
  if (i < 0) return undefined;
  const p = name.slice(i + 1);
  return p.includes(".") ? p : undefined;
}

function ref(s: SourceRef): string {
  return s.line !== undefined ? `${s.file}:${s.line}` : s.file;
}

