import type { Site } from "../model/site";
import type { CheckResult } from "../compliance/types";
import type { Artifact } from "../export/artifacts";
import { sizeVideoStorage } from "../video/storage";
import { toolsForLevel } from "../../policies/levels";
import { versionSatisfies } from "../levels/versions";
import { EXAMLAB_VERSION } from "../version";
import { stringTable, translator, type Lang, type StringKey, type Translate } from "./i18n";
import { findingRows, findingsBySeat, type FindingRow } from "./findings";
import { renderFloorPlan, roomEquipment, type FloorPlan } from "./floorplan";
import { examDayTimeline, enforcementWindow } from "./timeline";
import { migrationNote, subnetReason } from "../ipplan/explain";
import { allowlistEntries, enforcementRows, generatedFiles, generatedWindow, producedJson, seatPorts, type AllowlistEntryView, type GeneratedFile, type SeatPortView } from "./outputs";
import { storageBar } from "./bars";
import { labServerLoad, type LabServerLoad } from "../databases/sizing";
import { describeFile } from "./file-descriptions";
import { raidName } from "../video/storage";
import { msg, type MessageKey } from "../i18n/catalogue";

/** Everything the report shows, as plain data the Handlebars templates only lay out. */
export interface ReportInput {
  site: Site;
  checks: CheckResult;
  /** Artifacts written before the report (router configs, scripts, database files). */
  produced: readonly Artifact[];
  lang?: Lang;
  /** Seats measured by an imported inventory (--inventory); enables the inventory grid. */
  /** Machines the inventory measured: a seat, or a spare outside the grid. */
  measuredSeats?: readonly { room: string; seat?: number; spare?: number }[];
  /** Producers that failed while gathering the other outputs (shown, never fatal). */
  producerFailures?: readonly { name: string; message: string }[];
}

/** The first entries of the allowlist listed in the report; the rest stay in the JSON file. */
export const ALLOWLIST_SHOWN = 200;
export const ALLOWLIST_FILE = "policy/allowlist.normalised.json";
export const SEAT_PORTS_FILE = "databases/seat-ports.json";

export function reportLang(site: Site, lang?: Lang): Lang {
  return lang ?? site.spec.language;
}

export interface ReportView {
  lang: Lang;
  htmlLang: string;
  s: Readonly<Record<StringKey, string>>;
  title: string;
  generatedBy: string;
  plans: FloorPlan[];
  [key: string]: unknown;
}

export function buildReportView(input: ReportInput): ReportView {
  const { site, checks, produced } = input;
  const lang = reportLang(site, input.lang);
  const t = translator(lang);
  const spec = site.spec;
  const s = stringTable(t);

  // Summary and findings.
  const rows = findingRows(checks, lang, t);
  const open = rows.filter((r) => !r.suppressed);
  const counts = checks.counts;
  const ready = counts.error === 0;
  const levelName = (l: string) => t(`level_${l}` as StringKey);

  // Floor plans.
  const plans = site.rooms.map((room, i) => renderFloorPlan(room, { t, idPrefix: `plan-${i}`, equipment: roomEquipment(site, room.spec.id) }));
  const rooms = site.rooms.map((room, i) => {
    const plan = plans[i];
    return {
      id: room.spec.id,
      heading: `${t("roomLabel", { room: room.spec.id })}${room.spec.name ? ` · ${room.spec.name}` : ""}`,
      svg: plan.svg,
      svgFile: t("svgFile", { file: `rooms/${room.spec.id}.svg` }),
      size: t("roomSize", { w: room.spec.layout.widthM, d: room.spec.layout.depthM, n: room.seats.length, c: room.spec.candidates }),
      coverage: plan.uncovered.length ? t("uncoveredSeats", { seats: plan.uncovered.join(", ") }) : t("allCovered"),
      uncovered: plan.uncovered.length > 0,
      levels: room.spec.levels.map(levelName).join(", "),
    };
  });

  // Video storage.
  const sizing = sizeVideoStorage(spec);
  const video = {
    hasNvr: spec.nvr !== undefined,
    rows: [
      [t("cameras"), String(sizing.cameras)],
      [t("totalBitrate"), `${sizing.totalBitrateKbps} kbit/s`],
      [t("hoursPerDay"), t("hours", { n: sizing.hoursPerExamDay })],
      [t("daysPerYear"), String(sizing.examDaysPerYear)],
      [t("retention"), t("years", { n: sizing.retentionYears })],
      [t("raw"), `${sizing.rawTB} TB`],
      [t("usable", { raid: raidName(sizing.raid, lang) }), sizing.usableTB === null ? sizing.raidProblem?.[lang] ?? "" : `${sizing.usableTB} TB`],
      [t("required"), `${sizing.requiredTB} TB`],
    ],
    enough: sizing.usableTB !== null && sizing.usableTB >= sizing.requiredTB,
    verdict: sizing.usableTB !== null && sizing.usableTB >= sizing.requiredTB ? t("enough") : t("notEnough"),
    bar: storageBar(sizing.requiredTB, sizing.usableTB ?? 0, t),
  };

  // Network.
  const plan = site.plan;
  const leaseRole = (r: string) => t(`role_${r}` as StringKey);
  const network = {
    block: plan.block6 ? `${plan.block} + ${plan.block6}` : plan.block,
    infrastructure: `${plan.infrastructure.subnet} (${t("role_router")} ${plan.infrastructure.router})`,
    dns: plan.dns.join(", "),
    // How each subnet was chosen (declared, room number, floor-room, hash) and any migration note.
    rooms: plan.rooms.map((r) => ({ room: r.room, subnet: r.subnet6 ? `${r.subnet} + ${r.subnet6}` : r.subnet, gateway: r.gateway, how: subnetReason(r, lang), note: migrationNote(r, lang) ?? "" })),
    infraLeases: plan.leases.filter((l) => l.room === null).map((l) => ({ role: leaseRole(l.role), hostname: l.hostname, ipv4: l.ipv4, ipv6: l.ipv6 ?? "" })),
    roomLeases: site.rooms.map((room) => ({
      caption: t("seatTable", { room: room.spec.id }),
      leases: room.leases.map((l) => ({ seat: l.seat ?? "", role: leaseRole(l.role), hostname: l.hostname, mac: l.mac ?? "", ipv4: l.ipv4 })),
    })),
  };
  const allowlistDoc = producedJson(produced, ALLOWLIST_FILE);
  const entries = allowlistEntries(allowlistDoc);
  const generated = generatedWindow(allowlistDoc);
  const allowlist = entries ? allowlistView(entries, t, lang) : undefined;
  const window = enforcementWindow(spec.schedule);
  const routerFiles = localFiles(produced, "router", lang);
  const routerRuleIds = new Set(checks.rules.filter((r) => r.id.startsWith("ROUTER-")).map((r) => r.id));
  const routerChecks = [...routerRuleIds].sort().map((id) => {
    const failing = checks.findings.filter((f) => f.rule === id && !f.suppressed && f.severity !== "info");
    const meta = checks.rules.find((r) => r.id === id)!;
    // Warnings read as warnings (orange), only errors as 未通过 (red): the same scale as the findings table.
    const state = failing.some((f) => f.severity === "error") ? "bad" : failing.length ? "warn" : "ok";
    return { id, title: meta.title[lang], passed: state === "ok", state, status: state === "ok" ? t("checkPassed") : state === "bad" ? t("checkFailed") : t("checkWarning"), messages: failing.map((f) => f.message[lang]) };
  });
  const router = {
    declared: spec.router !== undefined,
    family: spec.router ? t("routerFamily", { family: msg(lang, "enums", `family_${spec.router.family}` as MessageKey<"enums">), model: spec.router.model ? ` · ${spec.router.model}` : "" }) : t("noRouter"),
    // One "generated files" table for the router and its policy files (not two with the same caption).
    files: [...routerFiles, ...localFiles(produced, "policy", lang)],
    checks: routerChecks,
    enforcement: t("enforcementText", { from: window.from, to: window.to, tz: window.timezone }),
    enforced: enforcedTable(enforcementRows(allowlistDoc), t, lang),
    generatedWindow: generated ? t("generatedWindow", { from: generated.start, to: generated.end, tz: generated.timezone, days: generated.days.length ? generated.days.join(", ") : t("everyDay") }) : "",
  };

  // Machines.
  const toolchain = spec.levels.map((level) => {
    const levelRooms = site.rooms.filter((r) => r.spec.levels.includes(level));
    return {
      heading: `${levelName(level)}`,
      roomHeads: levelRooms.map((r) => t("declared", { room: r.spec.id })),
      tools: toolsForLevel(level).map((tool) => ({
        name: lang === "zh" ? `${tool.zh}` : tool.name,
        reference: tool.reference,
        accepted: tool.accepted === "*" ? t("anyVersion") : tool.accepted,
        rooms: levelRooms.map((r) => {
          const v = r.spec.machineProfile?.tools?.[tool.id];
          return v === undefined ? { value: t("notDeclared"), cls: "unknown" } : { value: v, cls: versionSatisfies(v, tool.accepted) ? "ok" : "bad" };
        }),
      })),
    };
  });
  const inventory = inventoryView(input, t);

  // Databases: seat port map from the databases feature's file, lab servers from the site.
  const ports = seatPorts(producedJson(produced, SEAT_PORTS_FILE));
  const databases = databasesView(site, ports, produced, checks, lang, t);

  // Timeline.
  const timeline = examDayTimeline(spec.schedule).map((session) => ({
    heading: `${t(session.session)} ${session.start}–${session.end}`,
    events: session.events.map((e) => ({
      time: e.until ? `${e.time}–${e.until}` : e.time,
      text: t(e.key),
      who: t(`who_${e.who}` as StringKey),
      support: e.support,
    })),
  }));

  return {
    lang,
    htmlLang: lang === "zh" ? "zh-CN" : "en",
    s,
    title: `${t("title")} · ${spec.name}`,
    generatedBy: t("generatedBy", { version: EXAMLAB_VERSION }),
    plans,
    summary: {
      name: spec.name,
      id: spec.id,
      institution: spec.institution ?? "",
      levels: spec.levels.map(levelName).join(", "),
      dates: spec.schedule.dates.length ? spec.schedule.dates.join(", ") : t("noDates"),
      rooms: site.rooms.length,
      candidates: site.rooms.reduce((a, r) => a + r.spec.candidates, 0),
      ready,
      verdict: ready ? t("ready") : t("notReady"),
      verdictExplain: ready ? t("readyExplain") : t("notReadyExplain"),
      counts: { ...counts, rules: checks.rules.length },
      failing: open.filter((r) => r.severity !== "info"),
      infos: open.filter((r) => r.severity === "info"),
      suppressed: rows.filter((r): r is FindingRow & { suppressed: NonNullable<FindingRow["suppressed"]> } => r.suppressed !== undefined),
      suppressionNotes: checks.suppressionNotes,
    },
    rooms,
    video,
    network,
    allowlist,
    router,
    toolchain,
    windowsFiles: localFiles(produced, "windows", lang),
    inventory,
    databases,
    timeline,
    producerFailures: (input.producerFailures ?? []).map((f) => t("producerFailed", { name: f.name, message: f.message })),
  };
}

/** Generated files of one group with their description in the report's language. */
function localFiles(produced: readonly Artifact[], group: Parameters<typeof generatedFiles>[1], lang: Lang): GeneratedFile[] {
  return generatedFiles(produced, group).map((f) => ({ ...f, description: describeFile(f.path, f.description, lang) }));
}

const KIND = /^(domain|ipv4|ipv6)(?: :([\d,]+))?$/;

/** "domain :80,443" (the allowlist feature's group kind) for people: 域名（端口 80、443）. */
function kindLabel(kind: string, lang: Lang): string {
  const m = KIND.exec(kind);
  if (!m) return kind;
  const name = msg(lang, "enums", `kind_${m[1]}` as MessageKey<"enums">);
  return m[2] ? msg(lang, "enums", "kindWithPorts", { kind: name, ports: m[2].split(",").join(lang === "zh" ? "、" : ", ") }) : name;
}

function allowlistView(entries: AllowlistEntryView[], t: Translate, lang: Lang) {
  const byKind = new Map<string, number>();
  for (const e of entries) byKind.set(e.kind || "-", (byKind.get(e.kind || "-") ?? 0) + 1);
  const detail = [...byKind.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, n]) => msg(lang, "enums", "kindCount", { kind: kindLabel(k, lang), n }))
    .join(msg(lang, "enums", "listSeparator"));
  return {
    counts: t("allowlistCounts", { n: entries.length, detail }),
    entries: entries.slice(0, ALLOWLIST_SHOWN).map((e) => ({ ...e, kind: kindLabel(e.kind, lang) })),
    more: entries.length > ALLOWLIST_SHOWN ? t("moreEntries", { n: entries.length - ALLOWLIST_SHOWN, file: ALLOWLIST_FILE }) : "",
  };
}

type CellStatus = "pass" | "warn" | "fail" | "none" | "nomachine";

function inventoryView(input: ReportInput, t: Translate) {
  if (!input.measuredSeats) return undefined;
  const lang = reportLang(input.site, input.lang);
  const measured = new Set(input.measuredSeats.map((m) => (m.spare !== undefined ? `${m.room}/spare/${m.spare}` : `${m.room}/${m.seat}`)));
  const bySeat = findingsBySeat(input.checks);
  const rooms = input.site.rooms.map((room) => {
    const { rows, columns } = room.spec.layout;
    const hostOf = new Map(room.leases.filter((l) => l.seat !== null).map((l) => [l.seat!, l.hostname]));
    const failing: { seat: number | string; hostname: string; problems: string[] }[] = [];
    const grid: { number: number; status: CellStatus; label: string; title: string }[][] = [];
    for (let r = 0; r < rows; r++) {
      const row: (typeof grid)[number] = [];
      for (let c = 0; c < columns; c++) {
        const seat = room.seats[r * columns + c];
        const key = `${room.spec.id}/${seat.number}`;
        const found = bySeat.get(key) ?? [];
        const problems = found.map((f) => `${f.rule}: ${f.message[lang]}`);
        let status: CellStatus;
        if (!seat.hasMachine) status = "nomachine";
        else if (found.some((f) => f.severity === "error")) status = "fail";
        else if (found.some((f) => f.severity === "warning")) status = "warn";
        else if (measured.has(key)) status = "pass";
        else status = "none";
        if (problems.length) failing.push({ seat: seat.number, hostname: hostOf.get(seat.number) ?? "", problems });
        const statusText = t(`inv_${status}` as StringKey);
        row.push({ number: seat.number, status, label: statusText, title: [`${seat.number} ${hostOf.get(seat.number) ?? ""}`.trim(), statusText, ...problems].join("\n") });
      }
      grid.push(row);
    }
    // Spares outside the grid (§8: provisioned and checked like the others), after the seats.
    const spareHost = new Map(room.leases.filter((l) => l.role === "spare" && l.seat === null).map((l, i) => [i + 1, l.hostname]));
    const spares = Array.from({ length: room.spec.spareMachines }, (_, i) => {
      const n = i + 1;
      const key = `${room.spec.id}/spare/${n}`;
      const found = bySeat.get(key) ?? [];
      const problems = found.map((f) => `${f.rule}: ${f.message[lang]}`);
      const status: CellStatus = found.some((f) => f.severity === "error") ? "fail" : found.some((f) => f.severity === "warning") ? "warn" : measured.has(key) ? "pass" : "none";
      const name = t("spareCell", { n });
      if (problems.length) failing.push({ seat: name, hostname: spareHost.get(n) ?? "", problems });
      const statusText = t(`inv_${status}` as StringKey);
      return { number: name, status, label: statusText, title: [`${name} ${spareHost.get(n) ?? ""}`.trim(), statusText, ...problems].join("\n") };
    });
    return { caption: t("roomLabel", { room: room.spec.id }), grid, spares, sparesCaption: t("sparesOutsideGrid"), failing };
  });
  return { rooms };
}

/** Whole percent of a capacity (0 when the capacity is 0). */
function pct(used: number, capacity: number): number {
  return capacity > 0 ? Math.round((used / capacity) * 100) : 0;
}
/** MB as GB with one decimal (20.5), trailing .0 dropped. */
function gb1(mb: number): string {
  return String(Math.round((mb / 1024) * 10) / 10);
}

function databasesView(site: Site, ports: SeatPortView[] | undefined, produced: readonly Artifact[], checks: CheckResult, lang: Lang, t: Translate) {
  const needsDb = site.spec.levels.some((l) => l !== "primary") && site.spec.databases !== undefined && site.spec.databases.enabled !== false;
  const files: GeneratedFile[] = localFiles(produced, "databases", lang);
  if (!ports && files.length === 0 && !needsDb) return undefined;
  const services = ports ? [...new Set(ports.flatMap((p) => Object.keys(p.ports)))].sort() : [];
  let loads: LabServerLoad[] = [];
  try {
    loads = labServerLoad(site);
  } catch {
    loads = []; // the databases feature reports its own input problems; the report just omits the numbers
  }
  const loadOf = new Map(loads.map((l) => [l.labServer, l]));
  const seatsPer = new Map<string, number>();
  for (const p of ports ?? []) seatsPer.set(p.labServer, (seatsPer.get(p.labServer) ?? 0) + 1);
  const findings = checks.findings.filter((f) => /^(LAB|DB)-/.test(f.rule) && !f.suppressed).map((f) => `${f.rule}: ${f.message[lang]}`);
  return {
    mode: site.spec.databases ? t("dbMode", { mode: msg(lang, "enums", site.spec.databases.mode === "shared" ? "dbMode_shared" : "dbMode_perSeat") }) : "",
    services,
    ports: ports?.map((p) => ({ ...p, cells: services.map((s) => p.ports[s] ?? "") })),
    labServers: site.spec.labServers.map((s) => {
      const load = loadOf.get(s.id);
      return {
        id: s.id,
        cpus: load ? t("loadCpu", { pct: pct(load.containers.cpus, s.cpus * load.cpuOvercommit), sum: load.containers.cpus, cpus: s.cpus, over: load.cpuOvercommit }) : String(s.cpus),
        memory: load ? t("loadMemory", { pct: pct(load.containers.memoryMB + load.reserveMB, load.declared.memoryMB), used: gb1(load.containers.memoryMB + load.reserveMB), total: gb1(load.declared.memoryMB), reserve: gb1(load.reserveMB) }) : `${s.memoryGB} GB`,
        containers: load ? load.containers.count : "",
        fits: load ? load.fits.memory && load.fits.cpu : true,
        ipv4: site.plan.infrastructure.labServers[s.id] ?? s.ipv4 ?? "",
        seats: load?.seats ?? seatsPer.get(s.id) ?? 0,
      };
    }),
    capacity: findings,
    files,
  };
}

const ASPECTS = ["allowlist", "dnsOnly", "dotQuic", "ipv6", "seatIsolation", "managementLockdown", "examWindow", "rebinding"] as const;

/** Per target, what its generated files enforce (issue 10 item 14): one row per target, one cell per aspect. */
function enforcedTable(rows: ReturnType<typeof enforcementRows>, t: Translate, lang: "zh" | "en") {
  if (!rows.length) return undefined;
  return {
    caption: t("enforcedCaption"),
    heads: [t("enforcedTarget"), ...ASPECTS.map((a) => t(`aspect_${a}` as never)), t("aspect_minOsVersion")],
    rows: rows.map((r) => ({
      target: r.target,
      described: !!r.aspects,
      note: r.aspects ? "" : t("enforcedNotDescribed"),
      cells: r.aspects
        ? [...ASPECTS.map((a) => {
            const x = r.aspects![a];
            return x ? { support: x.support, label: t(`support_${x.support}` as never), text: x[lang] } : { support: "not-enforced", label: t("support_not-enforced"), text: "" };
          }), { support: "info", label: "", text: r.minOsVersion?.[lang] ?? "" }]
        : [],
    })),
  };
}
