import type { CameraSpec } from "../model/schema";
import type { RoomModel, Site } from "../model/site";
import type { SeatGeometry } from "../model/seats";
import { cameraDirection, seatCoverage } from "../geometry/coverage";
import { minCandidateSpacing } from "../model/seats";
import type { Translate } from "./i18n";
import { esc, metres, num } from "./svg";
import { minOf } from "../util/arrays";

/**
 * Room floor plan as SVG, generated from the site model (no hand drawing). Model coordinates are
 * metres with x across the room and y from the front wall towards the back (src/model/seats.ts),
 * so the SVG keeps the same orientation: front at the top, x to the right, y down. A camera's
 * direction (degrees from +x towards +y) therefore maps to the same angle on screen.
 * Coverage comes from src/geometry/coverage.ts, the code the CAM-COVERAGE rule uses, so the
 * picture and the compliance finding always agree.
 */

/** Fill colours by the number of cameras that see a seat; uncovered seats are a strong red. */
export const COVERAGE_FILL = { 0: "#d32f2f", 1: "#ffd54f", 2: "#a5d6a7" } as const;
export const COVERAGE_TEXT = { 0: "#ffffff", 1: "#212121", 2: "#212121" } as const;
export const CAMERA_COLOURS = ["#1565c0", "#6a1b9a", "#00838f", "#ef6c00"] as const;
const WALL = "#263238";
const DIM = "#546e7a";

export type CoverageClass = 0 | 1 | 2;

/** 0, 1 or 2 (two or more cameras). */
export function coverageClass(cameraCount: number): CoverageClass {
  return cameraCount <= 0 ? 0 : cameraCount === 1 ? 1 : 2;
}

/** Pixel layout of one room: scale, margins and seat box size, all derived from the room. */
export interface PlanFrame {
  /** Pixels per metre. */
  scale: number;
  left: number;
  top: number;
  roomW: number;
  roomH: number;
  seatW: number;
  seatH: number;
  fontSize: number;
  width: number;
  height: number;
}

const MARGIN = { left: 70, top: 70, right: 60 };

/**
 * Chooses the scale so that neighbouring seats are at least ~88 px apart (room for number,
 * host name and IP), within 60–160 px per metre; the SVG's viewBox scales it to the page.
 */
export function planFrame(room: RoomModel, extraBottom: number): PlanFrame {
  const { widthM, depthM, rows, columns, pitchM, rowPitchM } = room.spec.layout;
  const pitches = [columns > 1 ? pitchM : Infinity, rows > 1 ? rowPitchM : Infinity];
  const minPitch = Math.min(minOf(pitches), 1.2);
  const scale = Math.min(160, Math.max(60, Math.ceil(88 / minPitch)));
  const seatW = Math.max(30, Math.min((columns > 1 ? pitchM : 1.2) * scale - 6, 1.1 * scale));
  const seatH = Math.max(24, Math.min((rows > 1 ? rowPitchM : 1.2) * scale - 8, 58));
  const fontSize = Math.max(7, Math.min(12, Math.floor(seatW / 7), Math.floor(seatH / 4.3)));
  const roomW = widthM * scale;
  const roomH = depthM * scale;
  return { scale, left: MARGIN.left, top: MARGIN.top, roomW, roomH, seatW, seatH, fontSize, width: MARGIN.left + roomW + MARGIN.right, height: MARGIN.top + roomH + extraBottom };
}

/** Pixel position of a point given in metres. */
export function toPx(frame: PlanFrame, x: number, y: number): { x: number; y: number } {
  return { x: frame.left + x * frame.scale, y: frame.top + y * frame.scale };
}

export interface ConeGeometry {
  cx: number;
  cy: number;
  r: number;
  /** Edge angles in degrees (model = screen orientation), start < end. */
  startDeg: number;
  endDeg: number;
  /** Filled sector (or full circle for 360°). */
  path: string;
  /** The range arc alone (dashed in the drawing). */
  arc: string;
}

/** Field-of-view cone of a camera: the sector direction ± fov/2 with radius = range. */
export function coneGeometry(frame: PlanFrame, cam: CameraSpec): ConeGeometry {
  const { x: cx, y: cy } = toPx(frame, cam.x, cam.y);
  const r = cam.rangeM * frame.scale;
  const dir = cameraDirection(cam);
  if (cam.fovDeg >= 360) {
    const circle = `M ${num(cx - r)} ${num(cy)} A ${num(r)} ${num(r)} 0 1 1 ${num(cx + r)} ${num(cy)} A ${num(r)} ${num(r)} 0 1 1 ${num(cx - r)} ${num(cy)} Z`;
    return { cx, cy, r, startDeg: dir - 180, endDeg: dir + 180, path: circle, arc: circle };
  }
  const startDeg = dir - cam.fovDeg / 2;
  const endDeg = dir + cam.fovDeg / 2;
  const p = (deg: number) => ({ x: cx + r * Math.cos((deg * Math.PI) / 180), y: cy + r * Math.sin((deg * Math.PI) / 180) });
  const a = p(startDeg);
  const b = p(endDeg);
  const large = cam.fovDeg > 180 ? 1 : 0;
  // sweep-flag 1 = increasing angle, which on screen (y down) is clockwise, as in the model.
  const arc = `M ${num(a.x)} ${num(a.y)} A ${num(r)} ${num(r)} 0 ${large} 1 ${num(b.x)} ${num(b.y)}`;
  return { cx, cy, r, startDeg, endDeg, path: `M ${num(cx)} ${num(cy)} L ${num(a.x)} ${num(a.y)} A ${num(r)} ${num(r)} 0 ${large} 1 ${num(b.x)} ${num(b.y)} Z`, arc };
}

/** A seat as drawn: its box, colours and labels. */
export interface SeatDrawing {
  seat: SeatGeometry;
  x: number;
  y: number;
  cameras: string[];
  coverage: CoverageClass | null;
  fill: string;
  hostname?: string;
  ipv4?: string;
}

export function seatDrawings(frame: PlanFrame, room: RoomModel): SeatDrawing[] {
  const coverage = new Map(seatCoverage(room.spec.cameras, room.seats).map((c) => [c.seat, c.cameras]));
  const lease = new Map(room.leases.filter((l) => l.seat !== null).map((l) => [l.seat!, l]));
  return room.seats.map((seat) => {
    const { x, y } = toPx(frame, seat.x, seat.y);
    const cams = coverage.get(seat.number);
    const cls = seat.hasMachine && cams ? coverageClass(cams.length) : null;
    const l = lease.get(seat.number);
    return { seat, x, y, cameras: cams ?? [], coverage: cls, fill: cls === null ? "#ffffff" : COVERAGE_FILL[cls], hostname: l?.hostname, ipv4: l?.ipv4 };
  });
}

export interface FloorPlan {
  room: string;
  svg: string;
  /** Seats with a machine that no camera sees. */
  uncovered: number[];
  counts: Record<CoverageClass, number>;
  minSpacingM: number;
}

/** A device that stands in the room (site `router.placement` / `labServers[].placement`). */
export interface PlacedEquipment {
  kind: "router" | "lab-server";
  id: string;
  x: number;
  y: number;
  ipv4?: string;
}

/** The router and lab servers placed in a room, in a stable order. */
export function roomEquipment(site: Site, roomId: string): PlacedEquipment[] {
  const out: PlacedEquipment[] = [];
  const r = site.spec.router?.placement;
  if (r && r.room === roomId) out.push({ kind: "router", id: "router", x: r.x, y: r.y, ipv4: site.plan.infrastructure.router });
  for (const s of site.spec.labServers)
    if (s.placement?.room === roomId) out.push({ kind: "lab-server", id: s.id, x: s.placement.x, y: s.placement.y, ipv4: site.plan.infrastructure.labServers[s.id] });
  return out;
}

export interface FloorPlanOptions {
  t: Translate;
  /** Router / lab servers standing in this room. */
  equipment?: readonly PlacedEquipment[];
  /** Unique within one HTML page (several plans are inlined). */
  idPrefix: string;
  /** Standalone file: adds the XML declaration. */
  standalone?: boolean;
}

/**
 * Marks the id prefix in a drawn plan. esc() drops U+0001 from every piece of site text, so the
 * mark can only stand where the prefix goes.
 */
const PREFIX_MARK = "\u0001";
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';
/** Plans drawn once per room, translator and equipment: the report inlines each plan and also writes it as a file (issue 14). */
const drawn = new WeakMap<RoomModel, { t: Translate; equipment: string; plan: FloorPlan; parts: string[] }[]>();

/** Draws one room (once: the inline and the standalone plan differ only in the id prefix and the XML declaration). */
export function renderFloorPlan(room: RoomModel, opts: FloorPlanOptions): FloorPlan {
  const equipment = JSON.stringify(opts.equipment ?? []);
  let mine = drawn.get(room);
  if (!mine) drawn.set(room, (mine = []));
  let known = mine.find((d) => d.t === opts.t && d.equipment === equipment);
  if (!known) {
    const plan = drawFloorPlan(room, { t: opts.t, equipment: opts.equipment, idPrefix: PREFIX_MARK });
    mine.push((known = { t: opts.t, equipment, plan, parts: plan.svg.split(PREFIX_MARK) }));
  }
  const { plan } = known;
  const svg = known.parts.join(opts.idPrefix);
  return { room: plan.room, svg: opts.standalone ? `${XML_DECLARATION}\n${svg}` : svg, uncovered: plan.uncovered.slice(), counts: { ...plan.counts }, minSpacingM: plan.minSpacingM };
}

/** Draws one room. Every piece of site text goes through esc(). Exported for the test that renderFloorPlan's reuse changes nothing. */
export function drawFloorPlan(room: RoomModel, opts: FloorPlanOptions): FloorPlan {
  const { t, idPrefix } = opts;
  const spares = room.leases.filter((l) => l.role === "spare" && l.seat === null);
  const legendH = 84;
  const spareH = spares.length ? 64 : 0;
  const frame = planFrame(room, 56 + spareH + legendH);
  const seats = seatDrawings(frame, room);
  const { layout } = room.spec;
  const out: string[] = [];
  const title = `${t("roomLabel", { room: room.spec.id })}${room.spec.name ? ` · ${room.spec.name}` : ""}`;
  const fontFamily = "'Noto Sans CJK SC','Noto Sans CJK','Source Han Sans SC','Microsoft YaHei','PingFang SC',sans-serif";
  if (opts.standalone) out.push(XML_DECLARATION);
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="floor-plan" viewBox="0 0 ${num(frame.width)} ${num(frame.height)}" width="${num(frame.width)}" height="${num(frame.height)}" role="img" aria-labelledby="${idPrefix}-title ${idPrefix}-desc" font-family="${fontFamily}" data-scale="${frame.scale}">`,
    `<title id="${idPrefix}-title">${esc(title)}</title>`,
  );
  const counts: Record<CoverageClass, number> = { 0: 0, 1: 0, 2: 0 };
  for (const s of seats) if (s.coverage !== null) counts[s.coverage]++;
  const uncovered = seats.filter((s) => s.coverage === 0).map((s) => s.seat.number);
  out.push(`<desc id="${idPrefix}-desc">${esc(t("roomSize", { w: metres(layout.widthM), d: metres(layout.depthM), n: room.seats.length, c: room.spec.candidates }))}. ${esc(uncovered.length ? t("uncoveredSeats", { seats: uncovered.join(", ") }) : t("allCovered"))}</desc>`);
  out.push(`<rect x="0" y="0" width="${num(frame.width)}" height="${num(frame.height)}" fill="#ffffff"/>`);
  out.push(`<defs><clipPath id="${idPrefix}-clip"><rect x="${num(frame.left)}" y="${num(frame.top)}" width="${num(frame.roomW)}" height="${num(frame.roomH)}"/></clipPath></defs>`);

  // Room outline (walls) and the front of the room.
  out.push(`<rect class="room" x="${num(frame.left)}" y="${num(frame.top)}" width="${num(frame.roomW)}" height="${num(frame.roomH)}" fill="#fafafa" stroke="${WALL}" stroke-width="3"/>`);
  out.push(`<text x="${num(frame.left + frame.roomW / 2)}" y="${num(frame.top - 44)}" text-anchor="middle" font-size="13" font-weight="bold" fill="${WALL}">${esc(t("front"))}</text>`);
  out.push(`<text x="${num(frame.left + frame.roomW / 2)}" y="${num(frame.top + frame.roomH + 16)}" text-anchor="middle" font-size="11" fill="${DIM}">${esc(t("back"))}</text>`);

  // Camera cones under the seats, clipped to the room.
  const cams = room.spec.cameras;
  out.push(`<g class="cameras-fov" clip-path="url(#${idPrefix}-clip)">`);
  cams.forEach((cam, i) => {
    const colour = CAMERA_COLOURS[i % CAMERA_COLOURS.length];
    const cone = coneGeometry(frame, cam);
    out.push(`<path class="fov" data-camera="${esc(cam.id)}" data-start="${num(cone.startDeg)}" data-end="${num(cone.endDeg)}" d="${cone.path}" fill="${colour}" fill-opacity="0.10" stroke="${colour}" stroke-opacity="0.5" stroke-width="1"/>`);
    out.push(`<path class="range" d="${cone.arc}" fill="none" stroke="${colour}" stroke-width="1.5" stroke-dasharray="6 4"/>`);
  });
  out.push("</g>");

  // Dimension lines: room width (top), depth (right), seat pitch (below the room), row pitch and front clearance (left).
  out.push(`<g class="dimensions" stroke="${DIM}" fill="${DIM}" font-size="11">`);
  out.push(dimension(frame.left, frame.top - 20, frame.left + frame.roomW, frame.top - 20, `${metres(layout.widthM)} m`, "above"));
  out.push(dimension(frame.left + frame.roomW + 22, frame.top, frame.left + frame.roomW + 22, frame.top + frame.roomH, `${metres(layout.depthM)} m`, "right"));
  const first = seats[0];
  const second = seats.find((s) => s.seat.row === 1 && s.seat.column === 2);
  const below = seats.find((s) => s.seat.row === 2 && s.seat.column === 1);
  const yDimBelow = frame.top + frame.roomH + 34;
  if (second) {
    out.push(extension(first.x, first.y, first.x, yDimBelow), extension(second.x, second.y, second.x, yDimBelow));
    out.push(dimension(first.x, yDimBelow, second.x, yDimBelow, `${t("pitch")} ${metres(layout.pitchM)} m`, "below"));
  }
  const xDimLeft = frame.left - 22;
  out.push(extension(first.x, first.y, xDimLeft, first.y));
  out.push(dimension(xDimLeft, frame.top, xDimLeft, first.y, `${metres(layout.frontClearanceM)} m`, "left"));
  if (below) {
    out.push(extension(below.x, below.y, xDimLeft, below.y));
    out.push(dimension(xDimLeft, first.y, xDimLeft, below.y, `${metres(layout.rowPitchM)} m`, "left"));
  }
  out.push("</g>");

  // Seats.
  out.push(`<g class="seats" font-size="${frame.fontSize}">`);
  for (const s of seats) out.push(drawSeat(frame, s, t));
  out.push("</g>");

  // Cameras on top, with their labels.
  cams.forEach((cam, i) => {
    const colour = CAMERA_COLOURS[i % CAMERA_COLOURS.length];
    const { x, y } = toPx(frame, cam.x, cam.y);
    const dir = (cameraDirection(cam) * Math.PI) / 180;
    const labelY = cam.y < layout.depthM / 2 ? y + 22 : y - 14;
    out.push(`<g class="camera" data-camera="${esc(cam.id)}">`);
    out.push(`<circle cx="${num(x)}" cy="${num(y)}" r="7" fill="${colour}" stroke="#ffffff" stroke-width="2"/>`);
    out.push(`<line x1="${num(x)}" y1="${num(y)}" x2="${num(x + 16 * Math.cos(dir))}" y2="${num(y + 16 * Math.sin(dir))}" stroke="${colour}" stroke-width="3"/>`);
    const label = t("cameraLabel", { id: cam.id, pos: t(cam.position === "front" ? "pos_front" : "pos_back"), fov: metres(cam.fovDeg), range: metres(cam.rangeM) });
    const cl = fitLabel(x, label, 11, frame);
    out.push(`<text x="${num(cl.x)}" y="${num(labelY)}" text-anchor="${cl.anchor}" font-size="11" font-weight="bold" fill="${colour}" stroke="#ffffff" stroke-width="3" paint-order="stroke">${esc(label)}</text>`);
    out.push("</g>");
  });
  // Router and lab servers placed in the room: a dark square with name and address.
  for (const e of opts.equipment ?? []) {
    const { x, y } = toPx(frame, e.x, e.y);
    const name = e.kind === "router" ? t("equipRouter") : t("equipLabServer", { id: e.id });
    out.push(`<g class="equipment" data-kind="${e.kind}" data-id="${esc(e.id)}">`);
    out.push(`<rect x="${num(x - 7)}" y="${num(y - 7)}" width="14" height="14" fill="${WALL}" stroke="#ffffff" stroke-width="2"/>`);
    const text = `${name}${e.ipv4 ? ` ${e.ipv4}` : ""}`;
    const el = fitLabel(x, text, 10, frame);
    // Below the square, or above it when the device stands at the back wall.
    const ty = y + 20 > frame.top + frame.roomH - 4 ? y - 12 : y + 20;
    out.push(`<text x="${num(el.x)}" y="${num(ty)}" text-anchor="${el.anchor}" font-size="10" font-weight="bold" fill="${WALL}" stroke="#ffffff" stroke-width="3" paint-order="stroke">${esc(text)}</text>`);
    out.push("</g>");
  }
  if (cams.length === 0)
    out.push(`<text x="${num(frame.left + frame.roomW / 2)}" y="${num(frame.top + 16)}" text-anchor="middle" font-size="12" font-weight="bold" fill="${COVERAGE_FILL[0]}">${esc(t("noCameras"))}</text>`);

  // Spare machines kept outside the grid.
  let y = frame.top + frame.roomH + 56;
  if (spares.length) {
    out.push(`<g class="spares-outside" font-size="10"><text x="${num(frame.left)}" y="${num(y + 4)}" font-size="11" font-weight="bold" fill="${WALL}">${esc(t("sparesOutside"))}</text>`);
    spares.forEach((l, k) => {
      const bx = frame.left + k * 124;
      out.push(`<rect x="${num(bx)}" y="${num(y + 12)}" width="118" height="36" rx="3" fill="#eceff1" stroke="${WALL}" stroke-dasharray="4 2"/>`);
      out.push(`<text x="${num(bx + 6)}" y="${num(y + 27)}" font-weight="bold">${esc(t("spareMark"))} ${esc(l.hostname)}</text><text x="${num(bx + 6)}" y="${num(y + 41)}">${esc(l.ipv4)}</text>`);
    });
    out.push("</g>");
    y += spareH;
  }

  // Legend and scale bar.
  const legend: [string, string, string, string?][] = [
    [COVERAGE_FILL[0], WALL, t("cov0")],
    [COVERAGE_FILL[1], WALL, t("cov1")],
    [COVERAGE_FILL[2], WALL, t("cov2")],
    ["#ffffff", WALL, t("spareSeat"), "4 2"],
    ["#ffffff", "#b0bec5", t("emptySeat"), "2 2"],
  ];
  out.push(`<g class="legend" font-size="11" fill="${WALL}">`);
  legend.forEach(([fill, stroke, label, dash], k) => {
    const lx = frame.left + (k % 3) * 220;
    const ly = y + 8 + Math.floor(k / 3) * 22;
    out.push(`<rect x="${num(lx)}" y="${num(ly)}" width="14" height="14" fill="${fill}" stroke="${stroke}"${dash ? ` stroke-dasharray="${dash}"` : ""}/><text x="${num(lx + 20)}" y="${num(ly + 11)}">${esc(label)}</text>`);
  });
  const sy = y + 70;
  out.push(`<g class="scale-bar" stroke="${WALL}"><line x1="${num(frame.left)}" y1="${num(sy)}" x2="${num(frame.left + 2 * frame.scale)}" y2="${num(sy)}" stroke-width="2"/>`);
  for (const m of [0, 1, 2]) out.push(`<line x1="${num(frame.left + m * frame.scale)}" y1="${num(sy - 4)}" x2="${num(frame.left + m * frame.scale)}" y2="${num(sy + 4)}"/><text x="${num(frame.left + m * frame.scale)}" y="${num(sy - 6)}" text-anchor="middle" stroke="none" font-size="10">${m} m</text>`);
  out.push("</g>");
  const spacing = minCandidateSpacing(room.seats);
  const spacingText = [Number.isFinite(spacing) ? t("minSpacing", { m: metres(spacing) }) : "", layout.everyOtherSeat ? t("everyOther") : ""].filter(Boolean).join(" · ");
  out.push(`<text x="${num(frame.left + 2 * frame.scale + 20)}" y="${num(sy + 4)}">${esc(spacingText)}</text>`);
  out.push("</g>");
  out.push("</svg>");
  return { room: room.spec.id, svg: out.join("\n") + "\n", uncovered, counts, minSpacingM: spacing };
}

function drawSeat(frame: PlanFrame, s: SeatDrawing, t: Translate): string {
  const w = frame.seatW;
  const h = frame.seatH;
  const x = s.x - w / 2;
  const y = s.y - h / 2;
  const fs = frame.fontSize;
  const role = s.seat.role;
  const cls = s.coverage;
  const textColour = cls === null ? "#90a4ae" : COVERAGE_TEXT[cls];
  const stroke = cls === 0 ? "#7f0000" : cls === null ? "#b0bec5" : WALL;
  const strokeW = cls === 0 ? 3 : 1;
  const dash = role === "spare" ? ' stroke-dasharray="4 2"' : role === "empty" ? ' stroke-dasharray="2 2"' : "";
  const tip = [`${s.seat.number}`, s.hostname, s.ipv4, cls === null ? t("emptySeat") : t(cls === 0 ? "cov0" : cls === 1 ? "cov1" : "cov2"), s.cameras.join(", ")].filter(Boolean).join(" · ");
  const parts = [
    `<g class="seat cov-${cls === null ? "none" : cls} role-${role}" data-seat="${s.seat.number}" data-cameras="${s.cameras.length}">`,
    `<title>${esc(tip)}</title>`,
    `<rect x="${num(x)}" y="${num(y)}" width="${num(w)}" height="${num(h)}" rx="3" fill="${s.fill}" stroke="${stroke}" stroke-width="${strokeW}"${dash}/>`,
  ];
  const line = (k: number) => num(y + fs * (1.15 + k * 1.25) + 1);
  const label = role === "spare" ? `${s.seat.number} ${t("spareMark")}` : String(s.seat.number);
  parts.push(`<text x="${num(s.x)}" y="${line(0)}" text-anchor="middle" font-weight="bold" fill="${textColour}">${esc(label)}${cls === 0 ? " ⚠" : ""}</text>`);
  if (s.seat.hasMachine && h >= fs * 3.9) {
    if (s.hostname) parts.push(`<text x="${num(s.x)}" y="${line(1)}" text-anchor="middle" fill="${textColour}">${esc(s.hostname)}</text>`);
    if (s.ipv4) parts.push(`<text x="${num(s.x)}" y="${line(2)}" text-anchor="middle" fill="${textColour}" font-family="monospace" font-size="${Math.max(6, fs - 1)}">${esc(s.ipv4)}</text>`);
  }
  parts.push("</g>");
  return parts.join("");
}

/** Dashed extension line from a measured point to its dimension line. */
function extension(x1: number, y1: number, x2: number, y2: number): string {
  return `<line x1="${num(x1)}" y1="${num(y1)}" x2="${num(x2)}" y2="${num(y2)}" stroke-width="0.6" stroke-dasharray="2 3"/>`;
}

/** A dimension line with architectural ticks at both ends and its measurement as text. */
function dimension(x1: number, y1: number, x2: number, y2: number, label: string, side: "above" | "below" | "left" | "right"): string {
  const tick = (x: number, y: number) => `<line x1="${num(x - 4)}" y1="${num(y + 4)}" x2="${num(x + 4)}" y2="${num(y - 4)}" stroke-width="1.5"/>`;
  const mx = (x1 + x2) / 2;
  const my = (y1 + y2) / 2;
  let text: string;
  if (side === "above") text = `<text x="${num(mx)}" y="${num(my - 5)}" text-anchor="middle" stroke="none">${esc(label)}</text>`;
  else if (side === "below") text = `<text x="${num(mx)}" y="${num(my + 14)}" text-anchor="middle" stroke="none">${esc(label)}</text>`;
  else {
    const tx = side === "left" ? x1 - 6 : x1 + 6;
    text = `<text x="${num(tx)}" y="${num(my)}" text-anchor="middle" stroke="none" transform="rotate(-90 ${num(tx)} ${num(my)})">${esc(label)}</text>`;
  }
  return `<g class="dimension"><line x1="${num(x1)}" y1="${num(y1)}" x2="${num(x2)}" y2="${num(y2)}" stroke-width="1"/>${tick(x1, y1)}${tick(x2, y2)}${text}</g>`;
}

/**
 * Keeps a label inside the room's walls: centred on x when it fits, else anchored to the nearer
 * wall. Width is estimated (CJK ≈ 1 em, other characters ≈ 0.62 em at bold weight).
 */
export function fitLabel(x: number, text: string, fontSize: number, frame: { left: number; roomW: number }): { x: number; anchor: "start" | "middle" | "end" } {
  const w = labelWidth(text, fontSize);
  const lo = frame.left + 4;
  const hi = frame.left + frame.roomW - 4;
  if (w >= hi - lo || x - w / 2 < lo) return { x: lo, anchor: "start" };
  if (x + w / 2 > hi) return { x: hi, anchor: "end" };
  return { x, anchor: "middle" };
}

const WIDE = /[\u2e80-\u9fff\uff00-\uffef]/;
/** Estimated rendered width of a label in px. */
export function labelWidth(text: string, fontSize: number): number {
  let em = 0;
  for (const ch of text) em += WIDE.test(ch) ? 1 : 0.62;
  return em * fontSize;
}
