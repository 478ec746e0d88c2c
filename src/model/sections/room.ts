import { z } from "zod";
import { Level, NonNegInt, PosInt, Positive, Resolution, RoomId } from "./common";

/** Seats along one side of a room's grid, at most. */
export const MAX_GRID_SIDE = 100;
/** Spare machines outside one room's grid, at most. */
export const MAX_SPARES = 100;
/** Grid seats (rows × columns) of all rooms of a site together, at most: a bigger site is several sites. */
export const SITE_MAX_SEATS = 20_000;
export const SITE_MAX_SEATS_MESSAGE = "expected at most 20000 seats (rows × columns) in all rooms together: describe a bigger site as several sites";
import { Attestations, RoomStaff } from "./people";
import { MachineProfile, MachineRecord, SpareRecord } from "./machine";

/**
 * Floor layout. Coordinates in metres: x across the room (0 = left wall seen from the front),
 * y from the front wall (0) towards the back. Seats form a rows × columns grid, numbered row by
 * row from the front-left seat (1) — the numbering on desk labels.
 */
export const Layout = z.strictObject({
  widthM: Positive,
  depthM: Positive,
  // Bounded (issue 14 fuzzing): a grid of 10^9 rows exhausted memory before any check could
  // say so. 100 × 100 seats is far beyond any lab; SITE_MAX_SEATS bounds the site as a whole.
  rows: PosInt.max(MAX_GRID_SIDE),
  columns: PosInt.max(MAX_GRID_SIDE),
  /** Centre-to-centre distance between neighbouring seats in a row (ROOM-SPACING, §3.1). */
  pitchM: Positive.default(1.2),
  /** Centre-to-centre distance between rows. */
  rowPitchM: Positive.default(1.5),
  /** Distance from the front wall to the first row. */
  frontClearanceM: z.number().nonnegative().default(2),
  /** Candidates sit in every other seat (隔位而坐), checkerboard pattern. */
  everyOtherSeat: z.boolean().default(false),
});

/** A camera (manual §3.1 (3), §8.1). Direction: degrees from the +x axis towards +y (90 = facing the back). */
export const Camera = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9-]{1,16}$/, "expected a camera id of letters, digits and '-'"),
  position: z.enum(["front", "back"]),
  x: z.number(),
  y: z.number(),
  heightM: Positive.default(2.6),
  directionDeg: z.number().min(0).max(360).optional(),
  fovDeg: z.number().gt(0, "expected a field of view above 0°").max(360, "expected at most 360°"),
  rangeM: Positive,
  resolution: Resolution.default("1920x1080"),
  codec: z.enum(["h264", "h265", "mjpeg"]).default("h264"),
  bitrateKbps: Positive.default(4096),
  timestampOverlay: z.boolean().default(true),
  recordsWholeExam: z.boolean().default(true),
  /** SITE-AV-MONITORING: the camera (or its microphone) records sound too (音视频全程录制). */
  recordsAudio: z.boolean().optional(),
});

export const Room = z.strictObject({
  id: RoomId,
  name: z.string().max(64).optional(),
  /** Prefix of the seats' Windows host names (default "R<room id>"): R201-01, R201-02, ... */
  hostnamePrefix: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9-]{0,10}$/, "expected 1-11 letters, digits or '-', starting with a letter")
    .optional(),
  levels: z.array(Level).min(1, "expected at least one exam level"),
  /** Candidates planned in this room (registered seat count, ROOM-CANDIDATES-MAX). */
  candidates: NonNegInt,
  /** Exam machines installed at seats; defaults to one per seat. */
  machines: NonNegInt.optional(),
  /** Spare machines kept outside the seat grid (备用机). */
  spareMachines: NonNegInt.max(MAX_SPARES).default(0),
  layout: Layout,
  backupPower: z.boolean().default(false),
  /** Room subnet; allocated from network.block when omitted. */
  subnet: z.string().optional(),
  subnet6: z.string().optional(),
  cameras: z.array(Camera).default([]),
  staff: RoomStaff.default({ proctors: [], networkSupport: [] }),
  machineProfile: MachineProfile.optional(),
  /** Per-seat machine inventory: MAC addresses for static leases, measured facts. */
  inventory: z.array(MachineRecord).default([]),
  /**
   * Spare machines outside the grid, one entry per spare (1..spareMachines): MAC for its static
   * lease and its facts, checked like a candidate machine (§8: provisioned exactly like the others).
   */
  spareInventory: z.array(SpareRecord).default([]),
  /** Room-level attestations (ROOM-SAFETY per room); the site-level one covers rooms without. */
  attestations: Attestations.default({}),
});
