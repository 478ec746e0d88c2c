import type { RoomPlan } from "./plan";

type Lang = "zh" | "en";

/**
 * How a room's subnet was chosen, one phrase for `examlab plan` and the report, and a migration
 * note for rooms whose subnet examlab ≤ 0.1 chose differently (by hash).
 */
export function subnetReason(r: RoomPlan, lang: Lang): string {
  const third = r.subnet.split(".")[2];
  const base =
    r.source === "declared"
      ? lang === "zh" ? "站点文件中声明（subnet）" : "declared in the site file (subnet)"
      : r.source === "room-number"
        ? lang === "zh" ? `按考场编号（${r.room} → 第三段 ${third}）` : `numbered like the room (${r.room} → third octet ${third})`
        : r.source === "floor-room"
          ? floorRoomText(r.room, lang)
          : lang === "zh" ? "按考场编号的哈希值选取（编号无法直接对应网段；建议声明 subnet 固定）" : "chosen by a hash of the room id (the id maps to no subnet; declare subnet: to pin it)";
  if (!r.movedFrom) return base;
  return lang === "zh" ? `${base}；${r.movedFrom} 已被占用，顺延到下一个空闲网段` : `${base}; ${r.movedFrom} was taken, moved to the next free subnet`;
}

function floorRoomText(room: string, lang: Lang): string {
  const n = Number(/(\d+)$/.exec(room)?.[1] ?? "0");
  const floor = Math.floor(n / 100);
  const rr = n % 100;
  return lang === "zh"
    ? `按楼层-房间号（${room} = ${floor} 楼 ${rr} 号 → 第三段 ${floor}×10+${rr} = ${floor * 10 + rr}）`
    : `by floor and room (${room} = floor ${floor}, room ${rr} → third octet ${floor}×10+${rr} = ${floor * 10 + rr})`;
}

/** Migration note for a room whose subnet changed since examlab 0.1 (undefined when unchanged). */
export function migrationNote(r: RoomPlan, lang: Lang): string | undefined {
  if (!r.legacySubnet) return undefined;
  return lang === "zh"
    ? `注意：examlab 0.1 曾为考场 ${r.room} 分配 ${r.legacySubnet}（哈希）。若机器已按旧地址配置，在该考场下声明 subnet: ${r.legacySubnet} 保持不变；否则按新网段 ${r.subnet} 重新导出并重新应用路由器配置和首次启动脚本。`
    : `Note: examlab 0.1 gave room ${r.room} ${r.legacySubnet} (by hash). If machines are already configured with it, declare subnet: ${r.legacySubnet} on the room to keep it; otherwise re-export and re-apply the router configuration and first-boot script for ${r.subnet}.`;
}
