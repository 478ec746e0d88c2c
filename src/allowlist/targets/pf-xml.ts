import { XMLBuilder } from "fast-xml-parser";
import { UnsafeOutput } from "../escape";
import type { PfRow, PfRuleset } from "./pf-rules";

/**
 * The pf rule list (./pf-rules.ts) as config.xml sections, in the element forms pfSense writes
 * itself and OPNsense reads for its Firewall ▸ Rules (sources in docs/router-vendor-sources.md):
 * `<aliases><alias>` (name, type host/network/port, space-separated `address`, `descr`),
 * `<schedules><schedule>` (name, `timerange` with `position` 1 = Monday … 7 = Sunday and `hour`
 * `H:MM-H:MM`, `schedlabel`), and `<filter><rule>` (type, interface, ipprotocol inet/inet6,
 * protocol, source/destination with `any`, `address`, `port`, `descr`, `sched`, `disabled`).
 * Neither product can restore the Schedules area on its own (pfSense/OPNsense diag_backup.php
 * restore areas: Aliases, Firewall Rules, …), and a rule whose schedule does not exist is loaded
 * without one (filter.inc only looks the name up): an opening imported before its schedule would
 * hold at all hours. So the opening rules are written `<disabled/>` (the lab stays locked, fail
 * closed) and the checklist enables them once the schedule exists. The XML is
 * built with fast-xml-parser's builder, which escapes `& < > " '`; characters XML 1.0 cannot carry
 * and line breaks (every field is one line) are refused here (fail closed) instead of dropped.
 */
export interface PfXmlOptions {
  root: "pfsense" | "opnsense";
  /** The exam interface as config.xml names it (`lan`, `opt1`, …). */
  iface: string;
  /** OPNsense keeps aliases in its MVC model (imported from the alias files): leave them out. */
  withAliases: boolean;
  /** First tracker number (pfSense identifies a rule by its tracker). */
  trackerBase: number;
}

// XML 1.0 Char production (tab, LF, CR, U+0020 upwards except surrogates and U+FFFE/U+FFFF) minus
// line breaks: every field written here is one line, and a parser turns a CR into an LF anyway.
const NOT_XML_CHAR = /[^\t\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;

export function xmlText(v: unknown): string {
  const s = String(v);
  if (NOT_XML_CHAR.test(s)) throw new UnsafeOutput(`refusing to emit a character XML cannot carry: ${JSON.stringify(s.slice(0, 80))}`);
  return s;
}

const builder = new XMLBuilder({ format: true, indentBy: "\t", suppressEmptyNode: true, processEntities: true, ignoreAttributes: false });

export function pfConfigXml(rs: PfRuleset, o: PfXmlOptions): string {
  const section: Record<string, unknown> = {};
  if (o.withAliases && rs.aliases.length)
    section.aliases = { alias: rs.aliases.map((a) => ({ name: xmlText(a.name), type: a.type, address: xmlText(a.items.join(" ")), descr: xmlText(a.en) })) };
  if (rs.schedule)
    section.schedules = {
      schedule: [{
        name: xmlText(rs.schedule.name),
        descr: xmlText(rs.schedule.en),
        timerange: rs.schedule.ranges.map((r) => ({ position: r.position.join(","), hour: xmlText(r.hour), rangedescr: "examlab" })),
        schedlabel: "examlabopen",
      }],
    };
  section.filter = { rule: rs.rows.map((r, i) => rule(r, o, o.trackerBase + i)) };
  const doc = { "?xml": { "@_version": "1.0" }, [o.root]: section };
  return builder.build(doc) as string;
}

function rule(r: PfRow, o: PfXmlOptions, tracker: number): Record<string, unknown> {
  const out: Record<string, unknown> = {
    tracker,
    type: r.action,
    interface: xmlText(o.iface),
    ipprotocol: r.family,
  };
  if (r.protocol) out.protocol = r.protocol;
  out.source = r.src ? { address: xmlText(r.src) } : { any: "" };
  const dst: Record<string, unknown> = r.dst ? { address: xmlText(r.dst) } : { any: "" };
  if (r.port) dst.port = xmlText(r.port);
  out.destination = dst;
  out.descr = xmlText(`examlab: ${r.en}${r.sched ? ` - enable once schedule ${r.sched} exists` : ""}`);
  if (r.sched) {
    out.sched = xmlText(r.sched);
    out.disabled = "";
  }
  return out;
}
