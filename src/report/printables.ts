import * as fs from "node:fs";
import * as path from "node:path";
import { handlebarsEnv, loadTemplate } from "../util/handlebars-env";
import type { Site, RoomModel } from "../model/site";
import { translator, stringTable, type Lang, type StringKey } from "./i18n";
import { reportTemplateDir } from "./templates";
import { examDayTimeline, type Who } from "./timeline";

/**
 * Printables for exam day, rendered with the report (report/print/…):
 *  - per room, an A4 landscape seat chart for the door: seat number (as on the desk label), host
 *    name and candidate slot, in a grid laid out like the room (front at the top), sized so the
 *    seat numbers are readable from 2 m;
 *  - an exam-day checklist from the §6.4 timeline with the responsible staff's names and boxes
 *    to tick and sign, one A4 page per exam date and session (theory, practical).
 * Self-contained HTML with print CSS (no scripts, no requests); print from any browser.
 */
export interface Printable {
  path: string;
  html: string;
  /** What it is, for the report's list and the manifest. */
  label: string;
}

/** Usable area of the seat grid on an A4 landscape sheet (mm): page minus margins, header, front bar, footer. */
const GRID_W_MM = 297 - 2 * 8;
const GRID_H_MM = 210 - 2 * 8 - 18 - 10 - 7;
/** Seat numbers at least this tall (mm) are readable from 2 m; the chart uses more when it fits. */
export const MIN_SEAT_NUMBER_MM = 10;
const MAX_SEAT_NUMBER_MM = 24;

let compiled: { seatChart: HandlebarsTemplateDelegate; checklist: HandlebarsTemplateDelegate; css: string } | undefined;
function templates() {
  if (compiled) return compiled;
  // Precompiled at build time like every template (src/util/handlebars-env.ts): compiling these
  // two at run time cost ~50 ms of every synth process.
  const root = path.dirname(reportTemplateDir());
  const hb = handlebarsEnv();
  compiled = {
    seatChart: loadTemplate(hb, root, "report/print/seat-chart.hbs"),
    checklist: loadTemplate(hb, root, "report/print/checklist.hbs"),
    css: fs.readFileSync(path.join(root, "report/print/print.css"), "utf8"),
  };
  return compiled;
}

/** Font sizes (mm) of a seat cell for a grid of rows × columns on the sheet. */
export function seatChartSizes(rows: number, columns: number): { noSize: number; hostSize: number } {
  const cellW = (GRID_W_MM - (columns - 1) * 1.5) / columns;
  const cellH = (GRID_H_MM - (rows - 1) * 1.5) / rows;
  // Two digits ≈ 1.2 em wide; the number takes a little over half of the cell's height.
  const no = Math.min(MAX_SEAT_NUMBER_MM, cellH * 0.56, (cellW * 0.85) / 1.2);
  const host = Math.min(6, Math.max(2.8, cellH * 0.15), (cellW * 0.9) / 5);
  return { noSize: round1(no), hostSize: round1(host) };
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}

export function seatChart(site: Site, room: RoomModel, lang: Lang): Printable {
  const t = translator(lang);
  const { rows, columns } = room.spec.layout;
  const hostOf = new Map(room.leases.filter((l) => l.seat !== null).map((l) => [l.seat!, l.hostname]));
  let slot = 0;
  const seats = room.seats.map((s) => {
    if (s.role === "candidate") return { number: s.number, cls: "candidate", host: hostOf.get(s.number) ?? "", slot: t("slotCandidate", { n: String(++slot).padStart(2, "0") }) };
    if (s.hasMachine) return { number: s.number, cls: "spare", host: hostOf.get(s.number) ?? "", slot: t("slotSpare") };
    return { number: s.number, cls: "none", host: "", slot: t("slotNone") };
  });
  const levels = room.spec.levels.map((l) => t(`level_${l}` as StringKey)).join("、");
  const html = templates().seatChart({
    htmlLang: lang === "zh" ? "zh-CN" : "en",
    s: stringTable(t),
    css: templates().css,
    title: `${t("seatChartTitle", { room: room.spec.id })} — ${site.spec.name}`,
    heading: t("seatChartTitle", { room: room.spec.id }) + (room.spec.name ? ` · ${room.spec.name}` : ""),
    site: site.spec.name,
    levels,
    dates: site.spec.schedule.dates.join(lang === "zh" ? "、" : ", "),
    columns,
    ...seatChartSizes(rows, columns),
    seats,
    legend: t("seatChartLegend"),
  });
  return { path: `print/seat-chart-${room.spec.id}.html`, html, label: t("printSeatChart", { room: room.spec.id }) };
}

export function checklist(site: Site, lang: Lang): Printable {
  const t = translator(lang);
  const spec = site.spec;
  const sep = lang === "zh" ? "、" : ", ";
  const list = (xs: readonly string[]) => (xs.length ? xs.join(sep) : t("namesUnset"));
  const perRoom = (pick: (r: RoomModel) => readonly string[]) => site.rooms.map((r) => `${t("t_room", { room: r.spec.id })} ${list(pick(r))}`).join(lang === "zh" ? "；" : "; ");
  const proctors = perRoom((r) => r.spec.staff.proctors);
  const support = perRoom((r) => r.spec.staff.networkSupport);
  const chief = spec.staff.chiefExaminer ?? t("namesUnset");
  const namesFor: Record<Who, string> = { proctors, support, candidates: proctors, all: `${t("roleChief")} ${chief}` };
  const people = [
    { role: t("roleChief"), names: chief },
    { role: t("roleDeputy"), names: list(spec.staff.deputyExaminers) },
    { role: t("roleTech"), names: spec.staff.technicalLead?.name ?? t("namesUnset") },
    { role: t("roleProctors"), names: proctors },
    { role: t("roleSupport"), names: support },
  ];
  const sessions = examDayTimeline(spec.schedule).map((session) => ({
    heading: `${t(session.session)} ${session.start}–${session.end}`,
    events: session.events.map((e) => ({ time: e.until ? `${e.time}–${e.until}` : e.time, text: t(e.key), names: `${t(`who_${e.who}` as StringKey)}${t("colon")}${namesFor[e.who]}`, support: e.support })),
  }));
  // One sheet per exam date and session: each shift is ticked and signed on its own page.
  const dates = spec.schedule.dates.length ? spec.schedule.dates : [t("dateBlank")];
  const sheets = dates.flatMap((date) => sessions.map((session) => ({ date, session })));
  const html = templates().checklist({
    htmlLang: lang === "zh" ? "zh-CN" : "en",
    s: stringTable(t),
    css: templates().css,
    title: `${t("checklistTitle")} — ${spec.name}`,
    heading: t("checklistTitle"),
    site: spec.name,
    people,
    sheets,
  });
  return { path: "print/exam-day-checklist.html", html, label: t("printChecklist") };
}

/** Every printable of a site: the checklist, then one seat chart per room. */
export function printables(site: Site, lang: Lang): Printable[] {
  return [checklist(site, lang), ...site.rooms.map((r) => seatChart(site, r, lang))];
}
