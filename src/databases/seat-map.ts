import type { DatabasePlan, LabServerPlan } from "./plan";
import type { DbService } from "./services";

export type SeatMapValue = Record<string, string | number>;

/**
 * The for_each map of one lab server: per-seat mode one entry per seat (key r201-s07), shared
 * mode one entry "shared". Values carry only what differs per entry (labels, ports).
 */
export function forEachSeatMap(plan: DatabasePlan, server: LabServerPlan): Record<string, SeatMapValue> {
  const ports = (p: Record<DbService, number>) => ({ mysql_port: p.mysql, mongodb_port: p.mongodb, redis_port: p.redis });
  if (plan.mode === "shared") {
    const rooms = [...new Set(server.seats.map((s) => s.room))].join(",");
    const levels = [...new Set(server.seats.flatMap((s) => s.levels))].join(",");
    return { shared: { room: rooms, seat: "all", level: levels, ...ports(server.seats[0].ports) } };
  }
  return Object.fromEntries(server.seats.map((s) => [s.key, { room: s.room, seat: String(s.seat), level: s.levels.join(","), ...ports(s.ports) }]));
}

/**
 * Where the for_each map of a lab server is written (under the stack's files/, next to
 * cdk.tf.json; also in `examlab export`). The stack reads it with jsondecode(file(...)):
 * a 120-seat map inline in cdk.tf.json costs cdktf two resolve passes over ~1,000 values and
 * more than doubled the databases' synth time (scripts/bench-synth.mjs).
 */
export function seatMapFile(serverId: string): string {
  return `databases/terraform/seats-${serverId}.json`;
}
