import type { RoomPlan } from "./plan";
import { msg, type Lang } from "../i18n/catalogue";

/**
 * How a room's subnet was chosen, one phrase for `examlab plan`, and a migration note for rooms
 * whose subnet examlab ≤ 0.1 chose differently (by hash). Words in the catalogue, section `plan`.
 */
export function subnetReason(r: RoomPlan, lang: Lang): string {
  const third = r.subnet.split(".")[2];
  let reason: string;
  if (r.source === "declared") reason = msg(lang, "plan", "declared");
  else if (r.source === "room-number") reason = msg(lang, "plan", "roomNumber", { room: r.room, third });
  else if (r.source === "floor-room") {
    const n = Number(/(\d+)$/.exec(r.room)?.[1] ?? "0");
    reason = msg(lang, "plan", "floorRoom", { room: r.room, floor: Math.floor(n / 100), rr: n % 100, third: Math.floor(n / 100) * 10 + (n % 100) });
  } else reason = msg(lang, "plan", "hash");
  return r.movedFrom ? msg(lang, "plan", "moved", { reason, from: r.movedFrom }) : reason;
}

/** Migration note for a room whose subnet changed since examlab 0.1 (undefined when unchanged). */
export function migrationNote(r: RoomPlan, lang: Lang): string | undefined {
  return r.legacySubnet ? msg(lang, "plan", "migration", { room: r.room, legacy: r.legacySubnet, subnet: r.subnet }) : undefined;
}
