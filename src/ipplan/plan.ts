import type { SiteSpec } from "../model/schema";
import type { SeatGeometry } from "../model/seats";
import { addressValue, formatAddress, formatCidr, isValidAddress, overlaps, parseBlock, subBlock, type Block } from "./addresses";

/**
 * The site's IP plan (§3.2 (3) PC-STATIC-IP): one subnet per room plus an infrastructure subnet,
 * and a stable address for every seat, spare, camera, router and lab server.
 *
 * Layout of every room subnet (host offsets):  .1 router/gateway, .2–.9 cameras,
 * .10 + (seat − 1) the seat's machine, then the spare machines kept outside the grid.
 * The infrastructure subnet is the block's first sub-block: .1 router, .5 NVR, .10+ lab servers.
 *
 * Stability: a room's subnet is (in this order of precedence)
 *   1. declared  — its `subnet` field;
 *   2. room-number — the sub-block numbered like the room when the number fits the block
 *      (room 201 → x.y.201.0/24; unchanged since the first release);
 *   3. floor-room — Chinese lab numbers FRR ("301" = floor 3, room 01) above the block's size:
 *      floor × 10 + room when the room part is 0–9 (301 → .31, 402 → .42, 1205 → .125);
 *   4. hash — a hash of the room id (ids without a usable number, or 315, 2610 …).
 * A rule-chosen sub-block that is already taken moves to the next free one (`movedFrom` says so).
 * Reordering rooms or adding one never renumbers the others (unless a new room claims the exact
 * sub-block another fell back to; `examlab plan` shows how each was chosen, and a declared
 * `subnet` pins a room for good). Before floor-room existed such rooms got a hash: see `legacy`.
 */
export type Role = "router" | "nvr" | "lab-server" | "camera" | "candidate" | "spare";

export interface Lease {
  room: string | null;
  seat: number | null;
  role: Role;
  hostname: string;
  mac?: string;
  ipv4: string;
  ipv6?: string;
}

/** How a room's subnet was chosen (see the rules above). */
export type SubnetSource = "declared" | "room-number" | "floor-room" | "hash";

export interface RoomPlan {
  room: string;
  subnet: string;
  /** Which rule chose the subnet. */
  source: SubnetSource;
  /** The rule's sub-block, when it was taken and the room moved to the next free one. */
  movedFrom?: string;
  /**
   * floor-room rooms only: the subnet examlab ≤ 0.1 chose (by hash) when it differs, so an
   * existing lab can keep it by declaring `subnet:` (migration note in `examlab plan`).
   */
  legacySubnet?: string;
  subnet6?: string;
  gateway: string;
  gateway6?: string;
}

export interface IpPlan {
  block: string;
  block6?: string;
  infrastructure: { subnet: string; subnet6?: string; router: string; nvr: string; labServers: Record<string, string> };
  rooms: RoomPlan[];
  dns: string[];
  /** Every planned address, sorted by address: the static lease table. */
  leases: Lease[];
}

export interface PlanProblem {
  path: PropertyKey[];
  message: string;
}

export const SEAT_OFFSET = 10n;
const CAMERA_OFFSET = 2n;
const MAX_CAMERAS = 8;

export function planAddresses(site: SiteSpec, seatsByRoom: ReadonlyMap<string, readonly SeatGeometry[]>): { plan?: IpPlan; problems: PlanProblem[] } {
  const problems: PlanProblem[] = [];
  const block = parseBlock(site.network.block, 4);
  if (typeof block === "string") return { problems: [{ path: ["network", "block"], message: block }] };
  let block6: Block | undefined;
  if (site.network.block6 !== undefined) {
    const b = parseBlock(site.network.block6, 6);
    if (typeof b === "string") return { problems: [{ path: ["network", "block6"], message: b }] };
    block6 = b;
  }
  const prefix = site.network.roomPrefix;
  const prefix6 = site.network.roomPrefix6;
  if (prefix < block.prefix) return { problems: [{ path: ["network", "roomPrefix"], message: `room subnets (/${prefix}) must be smaller than the site block ${block.cidr}` }] };
  if (block6 && prefix6 < block6.prefix) return { problems: [{ path: ["network", "roomPrefix6"], message: `room subnets (/${prefix6}) must be smaller than the site block ${block6.cidr}` }] };
  const slots = 1n << BigInt(prefix - block.prefix);
  const slots6 = block6 ? 1n << BigInt(prefix6 - block6.prefix) : 0n;
  // Rooms need slot 1.. (slot 0 is infrastructure); an IPv6 block must offer as many.
  const usableSlots = block6 && slots6 < slots ? slots6 : slots;
  // A block too small for the rooms is one problem on the block, with a size that fits: not one
  // "exhausted" per room (and never a hash over zero free slots, which divided by zero once).
  const tooSmall = blockTooSmall(site, seatsByRoom, block, prefix, slots, block6 && { block: block6, prefix: prefix6, slots: slots6 });
  if (tooSmall.length) return { problems: tooSmall };

  const taken = new Map<bigint, string>([[0n, "(infrastructure)"]]);
  const slotOf = new Map<string, bigint>();
  const declared = site.rooms.map((r, i) => ({ r, i })).filter(({ r }) => r.subnet !== undefined);
  for (const { r, i } of declared) {
    const b = parseBlock(r.subnet!, 4);
    if (typeof b === "string") { problems.push({ path: ["rooms", i, "subnet"], message: b }); continue; }
    if (b.prefix !== prefix) { problems.push({ path: ["rooms", i, "subnet"], message: `expected a /${prefix} subnet (network.roomPrefix), got ${b.cidr}` }); continue; }
    if (!(b.first >= block.first && b.first + b.size <= block.first + block.size)) { problems.push({ path: ["rooms", i, "subnet"], message: `${b.cidr} is outside the site block ${block.cidr}` }); continue; }
    const slot = (b.first - block.first) / b.size;
    const other = taken.get(slot);
    if (other !== undefined) { problems.push({ path: ["rooms", i, "subnet"], message: `${b.cidr} overlaps ${other === "(infrastructure)" ? "the infrastructure subnet (the block's first)" : `room ${other}`}` }); continue; }
    taken.set(slot, r.id);
    slotOf.set(r.id, slot);
  }
  const undeclared = site.rooms.filter((r) => r.subnet === undefined);
  const ordered = undeclared
    .map((r) => ({ r, ...preferredSlot(r.id, usableSlots) }))
    .sort((a, b) => (a.rank === b.rank ? (a.r.id < b.r.id ? -1 : 1) : a.rank - b.rank));
  const sourceOf = new Map<string, { source: SubnetSource; wanted?: bigint }>(declared.map(({ r }) => [r.id, { source: "declared" }]));
  for (const { r, slot, source } of ordered) {
    let s = slot;
    let tries = 0n;
    while (taken.has(s) && tries < usableSlots) { s = s + 1n >= usableSlots ? 1n : s + 1n; tries++; }
    if (taken.has(s) || usableSlots <= 1n) {
      const limit = usableSlots < slots && block6 ? `the IPv6 block ${block6.cidr} holds only ${usableSlots - 1n} room /${prefix6} subnet(s)` : `no free /${prefix} subnet left in ${block.cidr}`;
      problems.push({ path: ["rooms", site.rooms.indexOf(r)], message: `${limit} for room ${r.id} (address space exhausted)` });
      continue;
    }
    taken.set(s, r.id);
    slotOf.set(r.id, s);
    sourceOf.set(r.id, { source, wanted: s === slot ? undefined : slot });
  }

  const infra = subBlock(block, prefix, 0n);
  const infra6 = block6 ? subBlock(block6, prefix6, 0n) : undefined;
  // Numeric value of every IPv4 address handed out, so sorting never re-parses text.
  const value4 = new Map<string, bigint>();
  const host = (b: Block, offset: bigint) => {
    const text = formatAddress(b.family, b.first + offset);
    if (b.family === 4) value4.set(text, b.first + offset);
    return text;
  };
  const routerIp = host(infra, 1n);
  const leases: Lease[] = [{ room: null, seat: null, role: "router", hostname: "router", ipv4: routerIp, ipv6: infra6 && host(infra6, 1n) }];
  const labServers: Record<string, string> = {};
  const nvrIp = host(infra, 5n);
  if (site.nvr) leases.push({ room: null, seat: null, role: "nvr", hostname: "nvr", ipv4: nvrIp, ipv6: infra6 && host(infra6, 5n) });
  site.labServers.forEach((s, i) => {
    let ip = host(infra, SEAT_OFFSET + BigInt(i));
    if (s.ipv4 !== undefined) {
      if (!isValidAddress(s.ipv4, 4)) { problems.push({ path: ["labServers", i, "ipv4"], message: `expected an IPv4 address, got "${s.ipv4}"` }); return; }
      ip = s.ipv4;
    } else if (SEAT_OFFSET + BigInt(i) >= infra.size - 1n) {
      problems.push({ path: ["labServers", i], message: `no address left for lab server ${s.id} in the infrastructure subnet ${infra.cidr}` });
      return;
    }
    labServers[s.id] = ip;
    leases.push({ room: null, seat: null, role: "lab-server", hostname: s.id, ipv4: ip, ipv6: s.ipv4 === undefined && infra6 ? host(infra6, SEAT_OFFSET + BigInt(i)) : undefined });
  });

  const rooms: RoomPlan[] = [];
  // IPv6 subnets handed out so far: a declared subnet6, or one paired with a declared IPv4 subnet,
  // must neither leave the IPv6 block nor overlap another room or the infrastructure subnet.
  const used6: { block: Block; room: string | null }[] = infra6 ? [{ block: infra6, room: null }] : [];
  site.rooms.forEach((room, i) => {
    const slot = slotOf.get(room.id);
    if (slot === undefined) return;
    const sub = subBlock(block, prefix, slot);
    let sub6: Block | undefined;
    if (block6) {
      if (room.subnet6 !== undefined) {
        const b = parseBlock(room.subnet6, 6);
        if (typeof b === "string") { problems.push({ path: ["rooms", i, "subnet6"], message: b }); return; }
        if (!(b.first >= block6.first && b.first + b.size <= block6.first + block6.size)) { problems.push({ path: ["rooms", i, "subnet6"], message: `${b.cidr} is outside the site block ${block6.cidr}` }); return; }
        sub6 = b;
      } else if (slot >= slots6) {
        // A declared IPv4 subnet beyond the IPv6 block's room count has no IPv6 twin.
        problems.push({ path: ["rooms", i, "subnet"], message: `the IPv6 block ${block6.cidr} holds ${slots6} /${prefix6} subnet(s), none matching ${sub.cidr}: declare subnet6 for this room or use a larger network.block6` });
        return;
      } else sub6 = subBlock(block6, prefix6, slot);
      const clash = used6.find((u) => overlaps(u.block, sub6!));
      const at6 = ["rooms", i, room.subnet6 !== undefined ? "subnet6" : "subnet"];
      if (clash && clash.room === null) { problems.push({ path: at6, message: `${sub6.cidr} overlaps the infrastructure subnet (the block's first)` }); return; }
      if (clash) { problems.push({ path: at6, message: `${sub6.cidr} overlaps room ${clash.room}` }); return; }
      used6.push({ block: sub6, room: room.id });
    }
    const seats = seatsByRoom.get(room.id) ?? [];
    const withMachine = seats.filter((s) => s.hasMachine);
    const lastSeat = seats.length;
    const needed = SEAT_OFFSET + BigInt(lastSeat) + BigInt(room.spareMachines);
    if (needed > sub.size - 1n) {
      problems.push({ path: ["rooms", i], message: `room ${room.id} needs ${needed - SEAT_OFFSET} machine addresses from offset ${SEAT_OFFSET}, more than ${sub.cidr} holds (use a larger network.roomPrefix)` });
      return;
    }
    if (room.cameras.length > MAX_CAMERAS) {
      problems.push({ path: ["rooms", i, "cameras"], message: `at most ${MAX_CAMERAS} cameras per room fit the address plan (got ${room.cameras.length})` });
      return;
    }
    const how = sourceOf.get(room.id)!;
    const legacy = how.source === "floor-room" ? legacyHashSlot(room.id, usableSlots) : undefined;
    rooms.push({
      room: room.id, subnet: sub.cidr, source: how.source,
      ...(how.wanted !== undefined ? { movedFrom: subBlock(block, prefix, how.wanted).cidr } : {}),
      ...(legacy !== undefined && legacy !== slot ? { legacySubnet: subBlock(block, prefix, legacy).cidr } : {}),
      subnet6: sub6?.cidr, gateway: host(sub, 1n), gateway6: sub6 && host(sub6, 1n) });
    room.cameras.forEach((cam, k) => {
      leases.push({ room: room.id, seat: null, role: "camera", hostname: `cam-${room.id}-${cam.id}`.toLowerCase(), ipv4: host(sub, CAMERA_OFFSET + BigInt(k)), ipv6: sub6 && host(sub6, CAMERA_OFFSET + BigInt(k)) });
    });
    const macBySeat = new Map(room.inventory.filter((m) => m.mac).map((m) => [m.seat, m.mac!]));
    const prefixName = room.hostnamePrefix ?? `R${room.id}`;
    for (const seat of withMachine) {
      const off = SEAT_OFFSET + BigInt(seat.number - 1);
      leases.push({
        room: room.id, seat: seat.number, role: seat.role === "candidate" ? "candidate" : "spare",
        hostname: seatHostname(prefixName, seat.number), mac: macBySeat.get(seat.number), ipv4: host(sub, off), ipv6: sub6 && host(sub6, off),
      });
    }
    // Spares outside the grid: their MACs (rooms[].spareInventory) give them static leases too.
    const spareMac = new Map<number, string>();
    room.spareInventory.forEach((sp, j) => {
      if (sp.spare > room.spareMachines) problems.push({ path: ["rooms", i, "spareInventory", j, "spare"], message: `spare ${sp.spare} does not exist: room ${room.id} has spareMachines: ${room.spareMachines}` });
      else if (room.spareInventory.findIndex((o) => o.spare === sp.spare) !== j) problems.push({ path: ["rooms", i, "spareInventory", j, "spare"], message: `spare ${sp.spare} of room ${room.id} is listed twice` });
      else if (sp.mac) spareMac.set(sp.spare, sp.mac);
    });
    for (let k = 0; k < room.spareMachines; k++) {
      const off = SEAT_OFFSET + BigInt(lastSeat + k);
      leases.push({ room: room.id, seat: null, role: "spare", hostname: `${prefixName}-SP${k + 1}`, mac: spareMac.get(k + 1), ipv4: host(sub, off), ipv6: sub6 && host(sub6, off) });
    }
  });
  // NetBIOS names stop at 15 characters; report the first offending name of each room once.
  const tooLong = new Map<string, string>();
  for (const l of leases) if (l.room !== null && l.hostname.length > 15 && !tooLong.has(l.room)) tooLong.set(l.room, l.hostname);
  for (const [roomId, name] of tooLong)
    problems.push({ path: ["rooms", site.rooms.findIndex((r) => r.id === roomId), "hostnamePrefix"], message: `host name ${name} is longer than Windows' 15 characters; set a shorter hostnamePrefix` });
  const dns = site.network.dns ?? [routerIp];
  site.network.dns?.forEach((d, i) => {
    if (!isValidAddress(d, 4) && !isValidAddress(d, 6)) problems.push({ path: ["network", "dns", i], message: `expected an IP address, got "${d}"` });
  });
  const v4 = (ip: string) => value4.get(ip) ?? addressValue(ip, 4);
  const key = new Map(leases.map((l) => [l, v4(l.ipv4)]));
  leases.sort((a, b) => cmp(key.get(a)!, key.get(b)!));
  return {
    plan: { block: block.cidr, block6: block6?.cidr, infrastructure: { subnet: infra.cidr, subnet6: infra6?.cidr, router: routerIp, nvr: nvrIp, labServers }, rooms: rooms.sort((a, b) => cmp(v4(a.gateway), v4(b.gateway))), dns, leases },
    problems,
  };
}

/**
 * Problems when the site block (or the IPv6 block) has fewer room sub-blocks than there are rooms.
 * The block's first sub-block is the infrastructure subnet, so n rooms need n + 1 sub-blocks. The
 * message names the smallest block that fits (same start, aligned down) and, for IPv4, the
 * smallest room subnet (largest network.roomPrefix) that still holds every room's machines and
 * lets n + 1 of them fit the given block.
 */
function blockTooSmall(
  site: SiteSpec,
  seatsByRoom: ReadonlyMap<string, readonly SeatGeometry[]>,
  block: Block,
  prefix: number,
  slots: bigint,
  v6: { block: Block; prefix: number; slots: bigint } | undefined,
): PlanProblem[] {
  const n = site.rooms.length;
  const out: PlanProblem[] = [];
  const bitsFor = (count: bigint) => {
    let b = 0;
    while (1n << BigInt(b) < count) b++;
    return b;
  };
  const larger = (b: Block, roomPrefix: number) => {
    const p = Math.max(0, roomPrefix - bitsFor(BigInt(n) + 1n));
    const bits = b.family === 4 ? 32 : 128;
    const size = 1n << BigInt(bits - p);
    return formatCidr(b.family, b.first - (b.first % size), p);
  };
  const rooms = n;
  const need = n + 1;
  if (BigInt(need) > slots) {
    const have = slots - 1n;
    const wider = Math.max(0, prefix - bitsFor(BigInt(need)));
    const suggestion = larger(block, prefix);
    // Room subnets just large enough for the busiest room (gateway, cameras, seats, spares, broadcast).
    const busiest = site.rooms.reduce((m, r) => {
      const k = SEAT_OFFSET + BigInt((seatsByRoom.get(r.id) ?? []).length) + BigInt(r.spareMachines) + 1n;
      return k > m ? k : m;
    }, 0n);
    const roomPrefix = 32 - bitsFor(busiest);
    const path = ["network", "block"];
    if (roomPrefix > prefix && roomPrefix <= 29 && 1n << BigInt(roomPrefix - block.prefix) >= BigInt(need))
      out.push({ path, message: `the site block ${block.cidr} holds ${have} room /${prefix} subnet(s) besides the infrastructure subnet (its first /${prefix}), but ${rooms} room(s) need ${need} /${prefix} subnets: use a /${wider} block such as ${suggestion}, or network.roomPrefix: ${roomPrefix}` });
    else out.push({ path, message: `the site block ${block.cidr} holds ${have} room /${prefix} subnet(s) besides the infrastructure subnet (its first /${prefix}), but ${rooms} room(s) need ${need} /${prefix} subnets: use a /${wider} block such as ${suggestion}` });
  }
  if (v6 && BigInt(need) > v6.slots) {
    const have = v6.slots - 1n;
    const wider = Math.max(0, v6.prefix - bitsFor(BigInt(need)));
    const suggestion = larger(v6.block, v6.prefix);
    out.push({ path: ["network", "block6"], message: `the IPv6 block ${v6.block.cidr} holds ${have} room /${v6.prefix} subnet(s) besides the infrastructure subnet (its first /${v6.prefix}), but ${rooms} room(s) need ${need} /${v6.prefix} subnets: use a /${wider} block such as ${suggestion}` });
  }
  return out;
}

export function seatHostname(prefix: string, seat: number): string {
  return `${prefix}-${String(seat).padStart(2, "0")}`;
}

function cmp(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The rule that proposes a room's sub-block (rank orders the rules: rooms numbered like a slot
 * claim first, then floor-room, then hash), before collisions are resolved.
 */
export function preferredSlot(id: string, usableSlots: bigint): { slot: bigint; source: SubnetSource; rank: number } {
  const digits = /^\D*(\d{1,6})$/.exec(id)?.[1];
  if (digits !== undefined) {
    const n = BigInt(digits);
    if (n > 0n && n < usableSlots) return { slot: n, source: "room-number", rank: 0 };
    const fr = floorRoomSlot(Number(digits));
    if (fr !== undefined && fr < usableSlots) return { slot: fr, source: "floor-room", rank: 1 };
  }
  return { slot: legacyHashSlot(id, usableSlots), source: "hash", rank: 2 };
}

/**
 * Floor-room numbering (room 301 = floor 3, room 01): floor × 10 + room for room parts 0–9.
 * 301 → 31, 402 → 42, 1205 → 125; 315 (room part ≥ 10) has no readable slot → undefined.
 */
export function floorRoomSlot(n: number): bigint | undefined {
  if (n < 100) return undefined;
  const floor = Math.floor(n / 100);
  const roomPart = n % 100;
  if (roomPart > 9) return undefined;
  const slot = floor * 10 + roomPart;
  return slot > 0 ? BigInt(slot) : undefined;
}

/** The hash slot of a room id (examlab ≤ 0.1 used it for every room number ≥ the block's size). */
function legacyHashSlot(id: string, usableSlots: bigint): bigint {
  return usableSlots > 1n ? (fnv1a(id) % (usableSlots - 1n)) + 1n : 1n;
}

/** 32-bit FNV-1a: a stable, dependency-free hash for preferred subnet slots. */
function fnv1a(s: string): bigint {
  let h = 0x811c9dc5;
  for (const ch of Buffer.from(s, "utf8")) {
    h ^= ch;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return BigInt(h);
}

