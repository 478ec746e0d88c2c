import { z } from "zod";
import { Id, Level } from "./sections/common";
import { Attestations, Staff } from "./sections/people";
import { MAX_GRID_SIDE, Room, SITE_MAX_SEATS, SITE_MAX_SEATS_MESSAGE } from "./sections/room";
import { LabServer, Network, Nvr, Router, Schedule } from "./sections/infrastructure";
import { Databases } from "./sections/databases";
import { AllowlistSpec } from "./sections/allowlist";
import { WindowsSpec } from "./sections/windows";
import { Suppression } from "./sections/suppressions";
import { OfflineSpec } from "./sections/offline";

/**
 * One exam site (考核站点): the single description every examlab feature reads.
 * Field names carry their unit (M = metres, GB, Mbps, Kbps, Deg). Defaults come from the manual.
 */
export const SiteSchema = z.strictObject({
  $schema: z.string().optional(),
  id: Id,
  name: z.string().min(1).max(100),
  institution: z.string().max(100).optional(),
  province: z.string().max(32).optional(),
  /** Language of reports and generated comments. */
  language: z.enum(["zh", "en"]).default("zh"),
  levels: z.array(Level).min(1, "expected at least one exam level"),
  staff: Staff.default({ deputyExaminers: [], admin: [], devices: 0 }),
  attestations: Attestations.default({}),
  network: Network,
  router: Router.optional(),
  nvr: Nvr.optional(),
  labServers: z.array(LabServer).default([]),
  rooms: z
    .array(Room)
    .min(1, "expected at least one room")
    .superRefine((rooms, ctx) => {
      let seats = 0;
      for (const r of rooms) {
        // A room beyond the per-room limits is reported there already.
        if (!(r.layout.rows <= MAX_GRID_SIDE && r.layout.columns <= MAX_GRID_SIDE)) return;
        seats += r.layout.rows * r.layout.columns;
      }
      if (seats > SITE_MAX_SEATS) ctx.addIssue({ code: "custom", message: SITE_MAX_SEATS_MESSAGE });
    }),
  schedule: Schedule.default({
    dates: [],
    theory: { start: "09:00", end: "10:30" },
    practical: { start: "14:00", end: "16:30" },
    timezone: "Asia/Shanghai",
  }),
  databases: Databases.optional(),
  allowlist: AllowlistSpec.default({ sources: [], additions: [] }),
  /** Windows provisioning options (src/windows); defaults apply when left out. */
  windows: WindowsSpec.optional(),
  /** Offline operation: the bundle `examlab bundle` makes, checked by SITE-OFFLINE-BUNDLE (issue 13). */
  offline: OfflineSpec.optional(),
  suppressions: z.array(Suppression).default([]),
});

/** A site as written by its authors (defaults optional). */
export type SiteInput = z.input<typeof SiteSchema>;
/** A site after validation, with every default filled in. */
export type SiteSpec = z.output<typeof SiteSchema>;
export type RoomSpec = SiteSpec["rooms"][number];
export type CameraSpec = RoomSpec["cameras"][number];
export type MachineRecordSpec = RoomSpec["inventory"][number];

/** Typed helper for site definitions written in TypeScript (sites/*.ts). */
export function defineSite(site: SiteInput): SiteInput {
  return site;
}
