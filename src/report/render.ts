import type { Artifact } from "../export/artifacts";
import { buildReportView, type ReportInput } from "./model";
import { renderFloorPlan, roomEquipment } from "./floorplan";
import { translator } from "./i18n";
import { reportLang } from "./model";
import { compiledReport } from "./templates";
import { printables, type Printable } from "./printables";

/** The report's files, relative to the report folder: report.html and rooms/<room>.svg. */
export interface ReportFiles {
  /** report.html as written (UTF-8). */
  htmlBytes: Uint8Array;
  /** The same as text (decoded when asked: the files are written from htmlBytes). */
  readonly html: string;
  svgs: { room: string; path: string; svg: string }[];
  /** Exam-day printables: the checklist and a seat chart per room (print/…). */
  printables: Printable[];
}

/** Renders the whole report (HTML with the plans inlined) and each room plan as its own SVG file. */
export function renderReport(input: ReportInput): ReportFiles {
  const lang = reportLang(input.site, input.lang);
  const printed = printables(input.site, lang);
  const view = { ...buildReportView(input), printables: printed.map((p) => ({ path: p.path, label: p.label })) };
  const htmlBytes = compiledReport().render(view);
  const t = translator(lang);
  const svgs = input.site.rooms.map((room) => ({
    room: room.spec.id,
    path: `rooms/${room.spec.id}.svg`,
    svg: renderFloorPlan(room, { t, idPrefix: "plan", standalone: true, equipment: roomEquipment(input.site, room.spec.id) }).svg,
  }));
  let html: string | undefined;
  return {
    htmlBytes,
    get html() {
      return (html ??= htmlBytes.toString("utf8"));
    },
    svgs,
    printables: printed,
  };
}

/** The report as export artifacts under `prefix` (report/ in `examlab export`). */
export function reportArtifacts(files: ReportFiles, prefix: string): Artifact[] {
  return [
    { path: `${prefix}report.html`, kind: "report", target: "people", content: files.htmlBytes, description: "Readiness report (self-contained HTML, prints on A4)" },
    ...files.svgs.map((s) => ({ path: `${prefix}${s.path}`, kind: "report-floor-plan", target: "people", content: s.svg, description: `Floor plan of room ${s.room} with camera coverage (SVG)` })),
    ...files.printables.map((p) => ({ path: `${prefix}${p.path}`, kind: "printable", target: "people", content: p.html, description: p.label })),
  ];
}
