import type { Artifact } from "../export/artifacts";
import { producedJsonValue } from "../export/json-artifact";
import { artifactBytes } from "../export/bytes";

/**
 * What the other features generated for this site, read from the artifacts produced before the
 * report (ExportContext.produced). Reading their files, not calling their code, keeps the report
 * working whichever features are present: a missing file just hides its section.
 */
export interface GeneratedFile {
  path: string;
  kind: string;
  target: string;
  description: string;
  bytes: number;
}

export type OutputGroup = "router" | "policy" | "windows" | "databases" | "network" | "other";

export function groupOf(a: Pick<Artifact, "path" | "kind">): OutputGroup {
  if (a.kind === "router-config" || a.path.startsWith("router/")) return "router";
  if (a.path.startsWith("policy/") || a.kind.startsWith("allowlist")) return "policy";
  if (a.kind.startsWith("windows") || a.path.startsWith("windows/")) return "windows";
  if (a.path.startsWith("databases/") || a.kind.startsWith("database")) return "databases";
  if (a.path.startsWith("network/")) return "network";
  return "other";
}

export function generatedFiles(produced: readonly Artifact[], group: OutputGroup): GeneratedFile[] {
  return produced
    .filter((a) => groupOf(a) === group && !a.path.startsWith("report/"))
    .map((a) => ({ path: a.path, kind: a.kind, target: a.target, description: a.description ?? "", bytes: artifactBytes(a).byteLength }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Parses a produced JSON file; undefined when absent or not JSON (the section is then hidden). */
export function producedJson(produced: readonly Artifact[], path: string): unknown {
  const a = produced.find((x) => x.path === path);
  return a ? producedJsonValue(a) : undefined;
}

export interface AllowlistEntryView {
  value: string;
  kind: string;
  source: string;
}

const VALUE_FIELDS = ["value", "host", "domain", "address", "cidr", "entry", "name", "pattern"] as const;
const KIND_FIELDS = ["kind", "type"] as const;
const SOURCE_FIELDS = ["source", "origin", "file"] as const;

function firstString(o: Record<string, unknown>, fields: readonly string[]): string | undefined {
  for (const f of fields) {
    const v = o[f];
    if (typeof v === "string" || typeof v === "number") return String(v);
    if (v && typeof v === "object" && "file" in v && typeof (v as { file: unknown }).file === "string") {
      const line = (v as { line?: unknown }).line;
      return `${(v as { file: string }).file}${typeof line === "number" ? `:${line}` : ""}`;
    }
  }
  return undefined;
}

/**
 * Reads the entries of policy/allowlist.normalised.json: the allowlist feature's normalised policy
 * (`groups` of domains and CIDRs, also under `policy`), or a plain list / `{ entries }`.
 */
export function allowlistEntries(doc: unknown): AllowlistEntryView[] | undefined {
  const groups = policyGroups(doc);
  if (groups) return groups;
  const list = Array.isArray(doc) ? doc : doc && typeof doc === "object" && Array.isArray((doc as { entries?: unknown }).entries) ? (doc as { entries: unknown[] }).entries : undefined;
  if (!list) return undefined;
  const out: AllowlistEntryView[] = [];
  for (const e of list) {
    if (typeof e === "string") out.push({ value: e, kind: "", source: "" });
    else if (e && typeof e === "object") {
      const o = e as Record<string, unknown>;
      const value = firstString(o, VALUE_FIELDS);
      if (value === undefined) continue;
      out.push({ value, kind: firstString(o, KIND_FIELDS) ?? "", source: firstString(o, SOURCE_FIELDS) ?? "" });
    }
  }
  return out;
}

interface GroupDoc {
  ports?: unknown;
  domains?: { name?: unknown; match?: unknown; sources?: unknown }[];
  ipv4?: unknown;
  ipv6?: unknown;
}

function policyGroups(doc: unknown): AllowlistEntryView[] | undefined {
  if (!doc || typeof doc !== "object") return undefined;
  const o = doc as { groups?: unknown; policy?: { groups?: unknown } };
  const groups = Array.isArray(o.groups) ? o.groups : Array.isArray(o.policy?.groups) ? o.policy!.groups : undefined;
  if (!groups) return undefined;
  const out: AllowlistEntryView[] = [];
  for (const g of groups as GroupDoc[]) {
    const ports = Array.isArray(g.ports) ? ` :${g.ports.join(",")}` : "";
    for (const d of Array.isArray(g.domains) ? g.domains : [])
      if (typeof d.name === "string") out.push({ value: d.match === "subtree" ? `*.${d.name}` : d.name, kind: `domain${ports}`, source: Array.isArray(d.sources) ? d.sources.join(", ") : "" });
    for (const fam of ["ipv4", "ipv6"] as const) {
      const list = g[fam];
      if (Array.isArray(list)) for (const c of list) if (typeof c === "string") out.push({ value: c, kind: `${fam}${ports}`, source: "" });
    }
  }
  return out;
}

/** The enforcement window the allowlist feature generated, when its file carries one. */
export function generatedWindow(doc: unknown): { start: string; end: string; timezone: string; days: string[] } | undefined {
  if (!doc || typeof doc !== "object") return undefined;
  const w = (doc as { window?: unknown }).window;
  if (!w || typeof w !== "object") return undefined;
  const { start, end, timezone, days } = w as Record<string, unknown>;
  if (typeof start !== "string" || typeof end !== "string") return undefined;
  return { start, end, timezone: typeof timezone === "string" ? timezone : "", days: Array.isArray(days) ? days.map(String) : [] };
}

export interface SeatPortView {
  room: string;
  seat: string;
  hostname: string;
  ipv4: string;
  labServer: string;
  ports: Record<string, string>;
}

/** Reads databases/seat-ports.json: SeatEndpoint[] (src/databases/port-map.ts) or { seats: [...] }. */
export function seatPorts(doc: unknown): SeatPortView[] | undefined {
  const list = Array.isArray(doc) ? doc : doc && typeof doc === "object" && Array.isArray((doc as { seats?: unknown }).seats) ? (doc as { seats: unknown[] }).seats : undefined;
  if (!list) return undefined;
  const out: SeatPortView[] = [];
  for (const e of list) {
    if (!e || typeof e !== "object") continue;
    const o = e as Record<string, unknown>;
    const services = o.services && typeof o.services === "object" ? (o.services as Record<string, unknown>) : {};
    const ports: Record<string, string> = {};
    for (const [name, ep] of Object.entries(services)) {
      if (ep && typeof ep === "object") {
        const p = ep as { host?: unknown; port?: unknown };
        if (typeof p.port === "number" || typeof p.port === "string") ports[name] = `${typeof p.host === "string" ? p.host : ""}:${p.port}`;
      }
    }
    out.push({ room: String(o.room ?? ""), seat: o.seat === null || o.seat === undefined ? "" : String(o.seat), hostname: String(o.hostname ?? ""), ipv4: String(o.ipv4 ?? ""), labServer: String(o.labServer ?? ""), ports });
  }
  return out;
}

/** One target's row of "what the generated files enforce" (policy/allowlist.normalised.json `enforcement`). */
export interface EnforcementView {
  target: string;
  /** Aspect id → support and the bilingual text; absent when the target does not describe itself. */
  aspects?: Record<string, { support: string; zh: string; en: string }>;
  minOsVersion?: { zh: string; en: string };
}

export function enforcementRows(doc: unknown): EnforcementView[] {
  if (!doc || typeof doc !== "object") return [];
  const list = (doc as { enforcement?: unknown }).enforcement;
  if (!Array.isArray(list)) return [];
  return list.flatMap((e) => {
    if (!e || typeof e !== "object" || typeof (e as { target?: unknown }).target !== "string") return [];
    const { target, minOsVersion, ...rest } = e as Record<string, unknown>;
    const aspects = Object.fromEntries(Object.entries(rest).filter(([, v]) => v && typeof v === "object")) as EnforcementView["aspects"];
    return [{ target: target as string, ...(Object.keys(aspects ?? {}).length ? { aspects } : {}), ...(minOsVersion ? { minOsVersion: minOsVersion as { zh: string; en: string } } : {}) }];
  });
}
