import { createHash } from "node:crypto";
import type { InputProblem } from "../model/errors";
import { mergeCidrs } from "./cidr";
import { sharedFrontEnd } from "./cdn";
import { publicSuffixOf } from "./host-name";
import type { AllowEntry, DomainRule, NormalisedPolicy, PolicyWarning, PortGroup, SourceRef } from "./model";
import { problemAt, said, warningOf } from "./said";

export const DEFAULT_PORTS = [80, 443];

/** The `paths` of every rule without URL paths: one frozen empty list (issue 14), never mutated. */
const NO_PATHS: readonly string[] = Object.freeze([]);

export interface NormaliseResult {
  policy: NormalisedPolicy;
  warnings: PolicyWarning[];
  problems: InputProblem[];
}

/**
 * Entries → the normalised policy: duplicates merged, names covered by a subtree entry with the
 * same ports removed (Squid 5.7 refuses overlapping dstdomain lists, router-targets.md (e)),
 * public-suffix wildcards refused, networks merged per port set. Output order is sorted, so the
 * same entries in any order give the same policy.
 */
export function normalise(entries: readonly AllowEntry[], defaultPorts: readonly number[] = DEFAULT_PORTS): NormaliseResult {
  const problems: InputProblem[] = [];
  const warnings: PolicyWarning[] = [];
  // Read-only use (most entries have no ports of their own): one copy, not one per entry.
  const sharedDefault: readonly number[] = [...defaultPorts];
  let duplicates = 0;

  // 1. Domains: one rule per (name, match), ports/paths/sources unioned.
  // Issue 14 (100,000 entries): one map per match kind keyed by the name itself (no key string
  // per entry); until the end a rule's `ports` holds its first entry's ports, and the rare
  // second entry of a rule or URL path gets a Set on the side.
  const exactRules = new Map<string, DomainRule>();
  const subtreeRules = new Map<string, DomainRule>();
  const rules: DomainRule[] = [];
  let mergedPorts: Map<DomainRule, Set<number>> | undefined;
  let pathSets: Map<DomainRule, Set<string>> | undefined;
  for (const e of entries) {
    if (e.kind !== "domain") continue;
    const suffix = publicSuffixOf(e.name);
    if (suffix !== undefined) {
      problems.push(problemAt(e.source, said(e.match === "subtree" ? "publicSuffixWildcard" : "publicSuffix", { name: e.name, suffix })));
      continue;
    }
    const byName = e.match === "exact" ? exactRules : subtreeRules;
    const own = e.ports && e.ports.length ? e.ports : sharedDefault;
    let rule = byName.get(e.name);
    if (rule) {
      duplicates++;
      let set = (mergedPorts ??= new Map()).get(rule);
      if (!set) mergedPorts.set(rule, (set = new Set(rule.ports)));
      for (const p of own) set.add(p);
      rule.sources.push(ref(e.source));
    } else {
      // `sources` as a literal: a first push would give every rule room for 16 sources.
      rule = { name: e.name, match: e.match, ports: own as number[], paths: NO_PATHS as string[], sources: [ref(e.source)] };
      byName.set(e.name, rule);
      rules.push(rule);
    }
    if (e.path) {
      let set = (pathSets ??= new Map()).get(rule);
      if (!set) pathSets.set(rule, (set = new Set<string>()));
      set.add(e.path);
    }
  }
  // Rules with the default ports share one sorted array (nothing mutates a policy's port lists).
  const sortedDefault = [...new Set(sharedDefault)].sort((a, b) => a - b);
  for (const rule of rules) {
    const merged = mergedPorts?.get(rule);
    rule.ports = merged ? [...merged].sort((a, b) => a - b) : rule.ports === sharedDefault ? sortedDefault : [...new Set(rule.ports)].sort((a, b) => a - b);
    const paths = pathSets?.get(rule);
    if (paths) rule.paths = [...paths].sort();
  }

  // 2. Coverage: a subtree rule with a superset of the ports makes names below it redundant.
  // A covering name has the same last two labels as the names it covers: names whose last two
  // labels no subtree rule has are kept without walking their parents (issue 14).
  const subtrees = new Map<string, number[]>();
  const subtreeTails = new Set<string>();
  for (const r of rules) if (r.match === "subtree") { subtrees.set(r.name, r.ports); subtreeTails.add(lastTwoLabels(r.name)); }
  let covered = 0;
  const kept = subtrees.size === 0 ? rules : rules.filter((r) => {
    if (!subtreeTails.has(lastTwoLabels(r.name))) return true;
    let name = r.match === "exact" ? r.name : parent(r.name);
    while (name !== undefined) {
      const ports = subtrees.get(name);
      if (ports && r.ports.every((p) => ports.includes(p))) { covered++; return false; }
      name = parent(name);
    }
    return true;
  });

  // 3. Addresses: flagged when shared or broad; entries without ports share one default list.
  const netDefault = [...defaultPorts];
  const nets: { family: 4 | 6; e: AllowEntry & { kind: "ipv4" | "ipv6" }; ports: number[] }[] = [];
  for (const e of entries) {
    if (e.kind === "domain") continue;
    const family = e.kind === "ipv4" ? 4 : 6;
    const cdn = sharedFrontEnd({ family, first: e.first, last: e.last });
    if (cdn) warnings.push(warningOf("cdn-shared-address", ref(e.source), said("cdnShared", { cidr: e.cidr, cdn })));
    if ((family === 4 && e.prefix < 16) || (family === 6 && e.prefix < 48))
      warnings.push(warningOf("broad-network", ref(e.source), said("broadNetwork", { cidr: e.cidr })));
    nets.push({ family, e, ports: e.ports && e.ports.length ? e.ports : netDefault });
  }

  // 4. Port groups: the default web ports first, then by port list.
  const groupKey = (ports: readonly number[]) => ports.join(",");
  type Interval = { first: bigint; last: bigint };
  const groups = new Map<string, { ports: number[]; domains: DomainRule[]; v4: Interval[]; v6: Interval[] }>();
  // Most items share one port list (the default): the group of the last list is kept.
  let lastPorts: number[] | undefined;
  let lastGroup: { ports: number[]; domains: DomainRule[]; v4: Interval[]; v6: Interval[] } | undefined;
  const groupFor = (ports: number[]) => {
    if (ports === lastPorts && lastGroup) return lastGroup;
    const k = groupKey(ports);
    let g = groups.get(k);
    if (!g) { g = { ports, domains: [], v4: [], v6: [] }; groups.set(k, g); }
    lastPorts = ports;
    lastGroup = g;
    return g;
  };
  for (const r of kept) groupFor(r.ports).domains.push(r);
  for (const n of nets) (n.family === 4 ? groupFor(n.ports).v4 : groupFor(n.ports).v6).push(n.e);
  const webKey = groupKey([...defaultPorts].sort((a, b) => a - b));
  const out: PortGroup[] = [...groups.entries()]
    .sort(([a], [b]) => (a === webKey ? -1 : b === webKey ? 1 : a < b ? -1 : a > b ? 1 : 0))
    .map(([k, g]) => ({
      id: k === webKey ? "web" : `p${createHash("sha1").update(k).digest("hex").slice(0, 6)}`,
      ports: g.ports,
      domains: byNameThenMatch(g.domains, exactRules, subtreeRules),
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
 * Domains by name, then match ("exact" before "subtree"). Issue 14: the exact and the subtree
 * names are sorted apart with the plain string sort (no comparator call per comparison for
 * 100,000 names, no key string per name) and merged, the exact rule first on a tie; each name
 * finds its rule in normalise's maps (rules are unique per (match, name)).
 */
function byNameThenMatch(domains: readonly DomainRule[], exactRules: ReadonlyMap<string, DomainRule>, subtreeRules: ReadonlyMap<string, DomainRule>): DomainRule[] {
  const a: string[] = [];
  const b: string[] = [];
  for (const d of domains) (d.match === "exact" ? a : b).push(d.name);
  a.sort();
  b.sort();
  const out: DomainRule[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(a[i] <= b[j] ? exactRules.get(a[i++])! : subtreeRules.get(b[j++])!);
  while (i < a.length) out.push(exactRules.get(a[i++])!);
  while (j < b.length) out.push(subtreeRules.get(b[j++])!);
  return out;
}

/** "example.cn" of "a.b.example.cn" (a name has at least two labels). */
function lastTwoLabels(name: string): string {
  const last = name.lastIndexOf(".");
  const i = last > 0 ? name.lastIndexOf(".", last - 1) : -1;
  return i < 0 ? name : name.slice(i + 1);
}

function parent(name: string): string | undefined {
  const i = name.indexOf(".");
  if (i < 0) return undefined;
  const p = name.slice(i + 1);
  return p.includes(".") ? p : undefined;
}

function ref(s: SourceRef): string {
  // join gives one flat string; `${file}:${line}` kept two concatenation nodes and the line's
  // digits alive per rule (issue 14: ~90 bytes a rule for 100,000 rules).
  return s.line !== undefined ? [s.file, s.line].join(":") : s.file;
}

/** Every domain of the policy, in group order. */
export function allDomains(policy: NormalisedPolicy): DomainRule[] {
  return policy.groups.flatMap((g) => g.domains);
}
