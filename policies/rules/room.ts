import type { RawFinding, Rule, RulePack } from "../../src/compliance/rule";
import type { CheckContext } from "../../src/compliance/context";
import { fail, seatRanges } from "../../src/compliance/helpers";
import { minCandidateSpacing } from "../../src/model/seats";
import { attestationRule } from "./attestation";

/** §3 考场: exam rooms (§3.1, §5.2). Seat numbers and geometry come from layoutSeats (site.rooms[].seats). */
const SECTION = "§3.1";
/** The manual schedules 40 candidates per room (座位数统一按 40 人编排). */
export const CANDIDATES_PER_ROOM = 40;

const seats: Rule = {
  id: "ROOM-SEATS",
  level: "min",
  section: SECTION,
  title: { zh: "每个考场至少 40 个标准考位", en: "At least 40 standard seats per room" },
  explanation: { zh: "每个考场须有至少 40 个标准考位。", en: "Each exam room is a machine room with at least 40 standard seats." },
  fix: { zh: "扩大座位网格（layout.rows × layout.columns），或换用更大的教室", en: "enlarge the seat grid (layout.rows × layout.columns) or use a larger room" },
  checks: { zh: "可供考生使用的座位数（隔位时只计可用座位）≥ 40", en: "seats candidates can use (with every-other seating only the usable ones) ≥ 40" },
  check(ctx) {
    return ctx.site.rooms.flatMap((r) => {
      const eligible = r.seats.filter((s) => s.eligible).length;
      if (eligible >= CANDIDATES_PER_ROOM) return [];
      return [fail(`rooms/${r.spec.id}`, `考场 ${r.spec.id} 只有 ${eligible} 个可用考位，少于 40 个`, `room ${r.spec.id} has only ${eligible} usable seats, fewer than 40`, { seats: r.seats.length, usableSeats: eligible, required: CANDIDATES_PER_ROOM })];
    });
  },
};

const candidatesMax: Rule = {
  id: "ROOM-CANDIDATES-MAX",
  level: "min",
  section: "§5.2",
  title: { zh: "每考场最多编排 40 名考生", en: "At most 40 candidates per room" },
  explanation: { zh: "座位数统一按 40 人编排，登记的座位数即该考场计划考生数。", en: "Rooms are scheduled for 40 candidates; the registered seat count is the number of planned candidates." },
  fix: { zh: "把多出的考生编排到另一个考场", en: "move the extra candidates to another room" },
  checks: { zh: "rooms[].candidates ≤ 40", en: "rooms[].candidates ≤ 40" },
  check(ctx) {
    return ctx.site.rooms.flatMap((r) =>
      r.spec.candidates <= CANDIDATES_PER_ROOM ? [] : [fail(`rooms/${r.spec.id}`, `考场 ${r.spec.id} 编排了 ${r.spec.candidates} 名考生，超过 40 人`, `room ${r.spec.id} has ${r.spec.candidates} candidates planned, more than 40`, { candidates: r.spec.candidates, max: CANDIDATES_PER_ROOM })],
    );
  },
};

const machines: Rule = {
  id: "ROOM-MACHINES",
  level: "min",
  section: SECTION,
  title: { zh: "每个考场配备 40 台考试机", en: "40 exam machines per room" },
  explanation: { zh: "每个考场应配备 40 台考试机，且每名计划考生至少一台。", en: "Each room has 40 exam machines, and at least one machine per planned candidate." },
  fix: { zh: "增加考场考试机数量（rooms[].machines）", en: "install more exam machines (rooms[].machines)" },
  checks: { zh: "座位上的考试机 ≥ 40 且可供考生使用的考试机 ≥ 计划考生数", en: "machines at seats ≥ 40 and machines at usable seats ≥ planned candidates" },
  check(ctx) {
    return ctx.site.rooms.flatMap((r) => {
      const installed = r.seats.filter((s) => s.hasMachine).length;
      const usable = r.seats.filter((s) => s.hasMachine && s.eligible).length;
      const data = { machines: installed, usableMachines: usable, candidates: r.spec.candidates, required: CANDIDATES_PER_ROOM };
      const out: RawFinding[] = [];
      if (installed < CANDIDATES_PER_ROOM) out.push(fail(`rooms/${r.spec.id}`, `考场 ${r.spec.id} 只有 ${installed} 台考试机，少于 40 台`, `room ${r.spec.id} has only ${installed} exam machines, fewer than 40`, data));
      else if (usable < r.spec.candidates) out.push(fail(`rooms/${r.spec.id}`, `考场 ${r.spec.id} 可用考试机 ${usable} 台，少于计划考生 ${r.spec.candidates} 人`, `room ${r.spec.id} has ${usable} usable machines for ${r.spec.candidates} planned candidates`, data));
      return out;
    });
  },
};

const spares: Rule = {
  id: "ROOM-SPARE-MACHINES",
  level: "rec",
  section: "§6.2 (7)",
  title: { zh: "备用机", en: "Spare machines" },
  explanation: { zh: "考试机故障时需换用备用机继续考试（断点续考）。", en: "When a machine fails, the candidate moves to a spare machine and resumes (breakpoint resume)." },
  fix: { zh: "准备备用机（rooms[].spareMachines 或空余座位上的考试机）", en: "keep spare machines (rooms[].spareMachines or machines at unused seats)" },
  checks: { zh: "空余座位上的考试机 + spareMachines ≥ 1；座位已测量时，网格外备用机也须有配置或测量数据（spareInventory，或清点文件中的备用机行，§8）", en: "machines at unused seats + spareMachines ≥ 1; when seats were measured, spares outside the grid need facts too (spareInventory, or spare rows of an inventory, §8)" },
  check(ctx) {
    const units = ctx.machineUnits();
    return ctx.site.rooms.flatMap((r) => {
      const atSeats = r.seats.filter((s) => s.role === "spare").length;
      const total = atSeats + r.spec.spareMachines;
      if (total === 0) return [fail(`rooms/${r.spec.id}`, `考场 ${r.spec.id} 没有备用机`, `room ${r.spec.id} has no spare machine`, { spareAtSeats: atSeats, spareMachines: r.spec.spareMachines })];
      // §8: a spare is provisioned exactly like the others. When the room's seats were measured,
      // spares outside the grid need their facts too (rooms[].spareInventory), else they are unknown.
      const seatsMeasured = units.some((u) => u.room === r && u.seat !== undefined);
      if (!seatsMeasured || r.spec.spareMachines === 0) return [];
      const known = new Set(units.filter((u) => u.room === r && u.spare !== undefined).map((u) => u.spare!));
      const unknown = Array.from({ length: r.spec.spareMachines }, (_, k) => k + 1).filter((n) => !known.has(n));
      if (unknown.length === 0) return [];
      return [fail(`rooms/${r.spec.id}`, `考场 ${r.spec.id} 的网格外备用机 ${seatRanges(unknown)} 没有配置或测量数据（rooms[].spareInventory，或清点文件中座位号写作“备用 1”的行）；断点续考要求备用机与考生机同样部署`, `room ${r.spec.id}: spare machine(s) ${seatRanges(unknown)} outside the grid have no declared or measured facts (rooms[].spareInventory, or inventory rows whose seat says spare-1); breakpoint resume needs spares provisioned like the others`, { unknownSpares: unknown }, "warning")];
    });
  },
};

const spacing: Rule = {
  id: "ROOM-SPACING",
  level: "min",
  section: SECTION,
  title: { zh: "考位间距不小于 1 米或隔位而坐", en: "At least 1 m between seats, or every other seat" },
  explanation: { zh: "考位之间间距不小于 1 米，否则考生须隔位而坐。", en: "Candidates sit at least 1 m apart, or in every other seat." },
  fix: { zh: "加大座位间距（layout.pitchM / rowPitchM）或设置 layout.everyOtherSeat: true", en: "increase layout.pitchM / rowPitchM or set layout.everyOtherSeat: true" },
  checks: { zh: "由座位布局计算考生座位之间的最小中心距 ≥ 1 m，或隔位而坐", en: "smallest centre distance between candidate seats, computed from the layout, ≥ 1 m, or every-other seating" },
  check(ctx) {
    return ctx.site.rooms.flatMap((r) => {
      if (r.spec.layout.everyOtherSeat) return [];
      const min = minCandidateSpacing(r.seats);
      if (!(min < 1)) return [];
      const { pitchM, rowPitchM } = r.spec.layout;
      return [fail(`rooms/${r.spec.id}`, `考场 ${r.spec.id} 考位最小间距 ${min} 米，小于 1 米，且未隔位而坐`, `room ${r.spec.id}: candidate seats are ${min} m apart, less than 1 m, and not every other seat`, { minSpacingM: min, pitchM, rowPitchM, requiredM: 1 })];
    });
  },
};

/** A person on duty in two rooms at once cannot count in both (rooms sit the same session). */
function sharedPeople(ctx: CheckContext, pick: (r: CheckContext["site"]["rooms"][number]) => readonly string[]): Map<string, string[]> {
  const rooms = new Map<string, string[]>();
  for (const r of ctx.site.rooms) for (const name of new Set(pick(r))) rooms.set(name, [...(rooms.get(name) ?? []), r.spec.id]);
  return new Map([...rooms].filter(([, ids]) => ids.length > 1));
}

const proctors: Rule = {
  id: "ROOM-PROCTORS",
  level: "min",
  section: "§5.2",
  title: { zh: "每考场 2 名监考人员", en: "Two proctors per room" },
  explanation: { zh: "每个不超过 40 人的考场配 2 名监考；监考须回避本专业任课教师、班主任和辅导员，并经培训。", en: "Each room of up to 40 candidates has 2 proctors, who are not the candidates' own teachers, advisers or counsellors and are trained." },
  fix: { zh: "在 rooms[].staff.proctors 中为每个考场列出 2 名不同的监考人员，并声明 staff.proctorsTrained（考前培训）与 staff.proctorsIndependent（回避制度）", en: "list two different proctors in every room's staff.proctors and declare staff.proctorsTrained (training) and staff.proctorsIndependent (conflict of interest)" },
  checks: { zh: "每考场监考人数 ≥ 2 × ⌈考生数/40⌉；同一人不能同时在两个考场监考；培训与回避声明为 true（未声明为警告）；给出全考点人数合计", en: "proctors per room ≥ 2 × ⌈candidates/40⌉; nobody proctors two rooms at once; training and conflict-of-interest declarations true (not declared: warning); site totals reported" },
  check(ctx) {
    const out: RawFinding[] = [];
    let required = 0;
    for (const r of ctx.site.rooms) {
      const need = r.spec.candidates === 0 ? 0 : 2 * Math.ceil(r.spec.candidates / CANDIDATES_PER_ROOM);
      required += need;
      const have = new Set(r.spec.staff.proctors).size;
      if (have < need) out.push(fail(`rooms/${r.spec.id}`, `考场 ${r.spec.id} 有 ${have} 名监考，需要 ${need} 名`, `room ${r.spec.id} has ${have} proctors, ${need} are required`, { proctors: have, required: need, candidates: r.spec.candidates }));
    }
    // Training and 回避制度 (conflict of interest): declared per room, like an attestation.
    for (const r of ctx.site.rooms) {
      if (r.spec.candidates === 0 || r.spec.staff.proctors.length === 0) continue;
      const id = r.spec.id;
      const decl = [
        ["proctorsTrained", r.spec.staff.proctorsTrained, "监考人员已接受考前培训", "the proctors were trained before the exam"],
        ["proctorsIndependent", r.spec.staff.proctorsIndependent, "监考人员不是考生本专业的任课教师、班主任或辅导员（回避制度）", "no proctor teaches, advises or counsels the candidates' own major (conflict of interest)"],
      ] as const;
      for (const [field, a, zh, en] of decl) {
        if (!a) out.push(fail(`rooms/${id}`, `考场 ${id} 未声明“${zh}”（staff.${field}）`, `room ${id}: no declaration that ${en} (staff.${field})`, { notDeclared: true, field }, "warning"));
        else if (!a.value) out.push(fail(`rooms/${id}`, `考场 ${id}：“${zh}”被声明为不满足（${a.by}，${a.date}）`, `room ${id}: declared that it is not the case that ${en} (by ${a.by} on ${a.date})`, { field, by: a.by, date: a.date }));
      }
    }
    const distinct = new Set(ctx.site.rooms.flatMap((r) => r.spec.staff.proctors)).size;
    for (const [name, ids] of sharedPeople(ctx, (r) => r.spec.staff.proctors))
      out.push(fail("site", `${name} 同时被安排在考场 ${ids.join("、")} 监考（全考点需要 ${required} 名监考，实有 ${distinct} 名不同人员）`, `${name} is a proctor in rooms ${ids.join(", ")} at the same time (the site needs ${required} proctors, ${distinct} different people are listed)`, { person: name, rooms: ids, requiredProctors: required, distinctProctors: distinct }));
    return out;
  },
};

const netSupport: Rule = {
  id: "ROOM-NET-SUPPORT",
  level: "min",
  section: "§5.2",
  title: { zh: "每考场 1 名计算机网络技术支持", en: "One network support person per room" },
  explanation: { zh: "每个考场配计算机网络技术支持 1 人，处理机器与网络故障。", en: "Each room has one network/computer support person for machine and network failures." },
  fix: { zh: "在 rooms[].staff.networkSupport 中为每个考场指定 1 名技术支持", en: "name one person in every room's staff.networkSupport" },
  checks: { zh: "每考场技术支持 ≥ 1，且不同考场不共用同一人", en: "≥ 1 support person per room, not shared between rooms" },
  check(ctx) {
    const out: RawFinding[] = [];
    for (const r of ctx.site.rooms)
      if (r.spec.staff.networkSupport.length === 0) out.push(fail(`rooms/${r.spec.id}`, `考场 ${r.spec.id} 未安排计算机网络技术支持`, `room ${r.spec.id} has no network support person`, { networkSupport: 0, required: 1 }));
    for (const [name, ids] of sharedPeople(ctx, (r) => r.spec.staff.networkSupport))
      out.push(fail("site", `${name} 同时担任考场 ${ids.join("、")} 的技术支持（全考点需要 ${ctx.site.rooms.length} 名）`, `${name} is network support for rooms ${ids.join(", ")} at the same time (the site needs ${ctx.site.rooms.length})`, { person: name, rooms: ids, required: ctx.site.rooms.length }));
    return out;
  },
};

/**
 * ROOM-SAFETY per room: a room's own attestation (rooms[].attestations.ROOM-SAFETY) or else the
 * site's (attestations.ROOM-SAFETY, covering every room without its own). Missing or false: error.
 */
const safetyMeta = {
  id: "ROOM-SAFETY",
  section: SECTION,
  title: { zh: "建筑、安全、照明、消防符合国家标准", en: "Building, safety, lighting and fire facilities meet national standards" },
  explanation: { zh: "考场建筑、安全、照明及消防设施须符合国家标准。", en: "Exam rooms' building, safety, lighting and fire facilities must meet national standards." },
  checks: { zh: "每个考场的 rooms[].attestations.ROOM-SAFETY 为 true，或考点的 attestations.ROOM-SAFETY 为 true（覆盖未单独声明的考场）", en: "every room's rooms[].attestations.ROOM-SAFETY is true, or the site's attestations.ROOM-SAFETY is (covering rooms without their own)" },
};
const siteSafety = attestationRule(safetyMeta);
const safety: Rule = {
  ...siteSafety,
  fix: { zh: "在每个考场的 attestations.ROOM-SAFETY（或考点的 attestations.ROOM-SAFETY）中声明 value: true、确认人 by 与日期 date", en: "declare attestations.ROOM-SAFETY (value: true, by, date) on each room, or once for the site" },
  check(ctx) {
    const own = ctx.site.rooms.map((r) => [r, r.spec.attestations["ROOM-SAFETY"]] as const);
    // No room has its own: the site-wide attestation decides, reported once as before.
    if (own.every(([, a]) => a === undefined)) return siteSafety.check(ctx);
    const site = ctx.attestation("ROOM-SAFETY");
    const out: RawFinding[] = [];
    for (const [r, a0] of own) {
      const a = a0 ?? site;
      const id = r.spec.id;
      if (!a) out.push(fail(`rooms/${id}`, `考场 ${id} 未声明“建筑、安全、照明、消防符合国家标准”（rooms[].attestations.ROOM-SAFETY）`, `room ${id}: no attestation that building, safety, lighting and fire facilities meet national standards (rooms[].attestations.ROOM-SAFETY)`, { attested: false }));
      else if (!a.value) out.push(fail(`rooms/${id}`, `考场 ${id} 的“建筑、安全、照明、消防符合国家标准”被声明为不满足（${a.by}，${a.date}）`, `room ${id}: building, safety, lighting and fire facilities are declared as not meeting national standards (by ${a.by} on ${a.date})`, { attested: false, by: a.by, date: a.date }));
    }
    return out;
  },
};

const power: Rule = {
  id: "ROOM-POWER",
  level: "rec",
  section: "§7.4",
  title: { zh: "备用电源", en: "Backup power" },
  explanation: { zh: "没有备用电源时，停电超过 45 分钟考试即须延期。", en: "Without backup power an outage longer than 45 minutes postpones the exam." },
  fix: { zh: "为考场配备备用电源并设置 backupPower: true", en: "provide backup power and set backupPower: true" },
  checks: { zh: "rooms[].backupPower 为 true", en: "rooms[].backupPower is true" },
  check(ctx) {
    return ctx.site.rooms.flatMap((r) => (r.spec.backupPower ? [] : [fail(`rooms/${r.spec.id}`, `考场 ${r.spec.id} 没有备用电源`, `room ${r.spec.id} has no backup power`)]));
  },
};

export const roomPack: RulePack = {
  name: "room",
  rules: [
    seats,
    candidatesMax,
    machines,
    spares,
    spacing,
    proctors,
    netSupport,
    safety,
    power,
  ],
};
