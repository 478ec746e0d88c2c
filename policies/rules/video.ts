import type { RawFinding, Rule, RulePack } from "../../src/compliance/rule";
import { fail, seatRanges } from "../../src/compliance/helpers";
import { seatCoverage } from "../../src/geometry/coverage";
import { raidName, sizeVideoStorage } from "../../src/video/storage";
import { attestationRule } from "./attestation";

/** §4 摄像头与录像: cameras and recordings (§2.1 (4), §3.1 (3), §5.2 (7), §8.1). */

const count: Rule = {
  id: "CAM-COUNT",
  level: "min",
  section: "§3.1 (3)",
  title: { zh: "每考场前后各一个摄像头", en: "Two cameras per room, front and back" },
  explanation: { zh: "每个考场至少 2 个摄像头，前后各一个。", en: "Every room has at least two cameras, one at the front and one at the back." },
  fix: { zh: "在 rooms[].cameras 中添加前方（position: front）和后方（position: back）摄像头", en: "add a front (position: front) and a back (position: back) camera to rooms[].cameras" },
  checks: { zh: "摄像头 ≥ 2，且前后都有", en: "≥ 2 cameras, with both a front and a back one" },
  check(ctx) {
    return ctx.site.rooms.flatMap((r) => {
      const cams = r.spec.cameras;
      const front = cams.filter((c) => c.position === "front").length;
      const back = cams.filter((c) => c.position === "back").length;
      if (cams.length >= 2 && front > 0 && back > 0) return [];
      const missing = [front === 0 ? ["前方", "front"] : null, back === 0 ? ["后方", "back"] : null].filter((x): x is string[] => x !== null);
      const zhMissing = missing.length ? `，缺少${missing.map((m) => m[0]).join("和")}摄像头` : "";
      const enMissing = missing.length ? `; no ${missing.map((m) => m[1]).join(" or ")} camera` : "";
      return [fail(`rooms/${r.spec.id}`, `考场 ${r.spec.id} 有 ${cams.length} 个摄像头${zhMissing}`, `room ${r.spec.id} has ${cams.length} camera(s)${enMissing}`, { cameras: cams.length, front, back })];
    });
  },
};

const coverage: Rule = {
  id: "CAM-COVERAGE",
  level: "min",
  section: "§3.1 (3)",
  title: { zh: "摄像头覆盖全场", en: "Cameras cover the whole room" },
  explanation: { zh: "摄像头须覆盖全场：每个考位至少被一个摄像头拍到（按位置、视场角和距离计算）。", en: "Cameras cover the whole room: every seat is seen by at least one camera (from position, field of view and range)." },
  fix: { zh: "调整摄像头位置、朝向（directionDeg）、视场角（fovDeg）或增加摄像头", en: "move or turn the cameras (directionDeg), widen fovDeg, or add a camera" },
  checks: { zh: "由摄像头位置、视场角、拍摄距离计算每个有考试机的座位是否被至少一个摄像头拍到", en: "from each camera's position, field of view and range, every seat with a machine is seen by at least one camera" },
  check(ctx) {
    const out: RawFinding[] = [];
    for (const r of ctx.site.rooms) {
      if (r.spec.cameras.length === 0) continue; // CAM-COUNT reports a room without cameras
      const cov = seatCoverage(r.spec.cameras, r.seats);
      const uncovered = cov.filter((c) => c.cameras.length === 0).map((c) => c.seat);
      if (uncovered.length === 0) continue;
      out.push(
        fail(
          `rooms/${r.spec.id}`,
          `考场 ${r.spec.id} 有 ${uncovered.length} 个座位不在任何摄像头视野内：${seatRanges(uncovered)}`,
          `room ${r.spec.id}: ${uncovered.length} seat(s) are not seen by any camera: ${seatRanges(uncovered)}`,
          { uncoveredSeats: uncovered, seatsChecked: cov.length, cameras: r.spec.cameras.map((c) => c.id) },
        ),
      );
    }
    return out;
  },
};

const alwaysOn: Rule = {
  id: "CAM-ALWAYS-ON",
  level: "min",
  section: "§5.2 (7)",
  title: { zh: "摄像头全程录像", en: "Cameras record the whole exam" },
  explanation: { zh: "考试全程须开启录像。", en: "Cameras record for the whole exam." },
  fix: { zh: "设置摄像头全程录像并声明 recordsWholeExam: true", en: "configure continuous recording and set recordsWholeExam: true" },
  checks: { zh: "每个摄像头 recordsWholeExam 为 true", en: "every camera has recordsWholeExam: true" },
  check(ctx) {
    return ctx.site.rooms.flatMap((r) =>
      r.spec.cameras.filter((c) => !c.recordsWholeExam).map((c) => fail(`rooms/${r.spec.id}/cameras/${c.id}`, `考场 ${r.spec.id} 摄像头 ${c.id} 未全程录像`, `room ${r.spec.id} camera ${c.id} does not record the whole exam`)),
    );
  },
};

const timestamp: Rule = {
  id: "CAM-TIMESTAMP",
  level: "min",
  section: "§8.1",
  title: { zh: "视频显示日期和时间", en: "Video shows date and time" },
  explanation: { zh: "录像须有日期和时间显示。", en: "Recordings show the date and time." },
  fix: { zh: "在摄像头中开启时间水印并设置 timestampOverlay: true", en: "turn on the camera's time overlay and set timestampOverlay: true" },
  checks: { zh: "每个摄像头 timestampOverlay 为 true", en: "every camera has timestampOverlay: true" },
  check(ctx) {
    return ctx.site.rooms.flatMap((r) =>
      r.spec.cameras.filter((c) => !c.timestampOverlay).map((c) => fail(`rooms/${r.spec.id}/cameras/${c.id}`, `考场 ${r.spec.id} 摄像头 ${c.id} 的视频不显示日期和时间`, `room ${r.spec.id} camera ${c.id} does not show date and time`)),
    );
  },
};

const local: Rule = {
  id: "VIDEO-LOCAL",
  level: "min",
  section: "§8.1",
  title: { zh: "录像本地存储", en: "Recordings stored locally" },
  explanation: { zh: "录像须在考点本地存储，组织方可随时调阅。", en: "Recordings are stored at the site, available to the organising body at any time." },
  fix: { zh: "使用本地录像机存储并设置 nvr.local: true", en: "record to a local NVR and set nvr.local: true" },
  checks: { zh: "已声明 nvr 且 nvr.local 为 true", en: "an nvr is declared with local: true" },
  check(ctx) {
    const nvr = ctx.spec.nvr;
    if (!nvr) return [fail("nvr", "未声明录像机（nvr），无法确认录像本地存储", "no video recorder (nvr) is declared, so local storage cannot be confirmed", { notDeclared: true }, "warning")];
    return nvr.local ? [] : [fail("nvr", "录像未在考点本地存储", "recordings are not stored locally at the site")];
  },
};

const retention: Rule = {
  id: "VIDEO-RETENTION",
  level: "min",
  section: "§8.1",
  title: { zh: "录像保存 5 年以上（存储容量足够）", en: "Recordings kept at least 5 years (storage sized for it)" },
  explanation: { zh: "录像保存 5 年以上；所需容量 = 摄像头码率之和 × 每考试日录像时长 × 每年考试日数 × 保存年数，须不大于 NVR 做 RAID 后的可用容量。", en: "Recordings are kept for 5 years or more; required = sum of bitrates × recorded hours per exam day × exam days per year × retention years, which must fit the NVR's usable capacity after RAID." },
  fix: { zh: "增加硬盘或调整 RAID/码率，使可用容量不小于所需容量", en: "add disks or change RAID/bitrates so the usable capacity covers the required capacity" },
  checks: { zh: "计算 5 年录像所需容量并与 NVR 的 RAID 后可用容量比较；保存年限 ≥ 5", en: "computes the storage 5 years of recordings need and compares it with the NVR's usable capacity after RAID; retention ≥ 5 years" },
  check(ctx) {
    const nvr = ctx.spec.nvr;
    if (!nvr) return [fail("nvr", "未声明录像机（nvr），无法计算 5 年录像所需容量", "no video recorder (nvr) is declared, so 5-year storage cannot be sized", { notDeclared: true }, "warning")];
    const s = sizeVideoStorage(ctx.spec);
    const data = { ...s };
    const out: RawFinding[] = [];
    if (nvr.retentionYears < 5) out.push(fail("nvr", `录像保存年限设置为 ${nvr.retentionYears} 年，少于 5 年`, `recordings are kept ${nvr.retentionYears} years, less than 5`, data));
    if (s.usableTB === null) out.push(fail("nvr", `硬盘无法组成 ${raidName(s.raid, "zh")}：${s.raidProblem?.zh}`, `the disks cannot form ${raidName(s.raid, "en")}: ${s.raidProblem?.en}`, data));
    else if (s.usableTB < s.requiredTB)
      out.push(
        fail(
          "nvr",
          `5 年录像需要 ${s.requiredTB} TB（${s.cameras} 个摄像头共 ${s.totalBitrateKbps} kbit/s × 每考试日 ${s.hoursPerExamDay} 小时 × 每年 ${s.examDaysPerYear} 天 × ${s.retentionYears} 年），NVR 做 ${s.raid} 后可用 ${s.usableTB} TB，不足`,
          `${s.retentionYears} years of recordings need ${s.requiredTB} TB (${s.cameras} cameras, ${s.totalBitrateKbps} kbit/s in total × ${s.hoursPerExamDay} h per exam day × ${s.examDaysPerYear} exam days a year × ${s.retentionYears} years), but the NVR has only ${s.usableTB} TB usable after ${s.raid}`,
          data,
        ),
      );
    return out;
  },
};

export const videoPack: RulePack = {
  name: "video",
  rules: [
    count,
    coverage,
    alwaysOn,
    timestamp,
    local,
    retention,
    attestationRule({
      id: "RECORDS-RETENTION",
      section: "§8.1",
      level: "rec",
      title: { zh: "签到表与考场情况记录单保存 1 年以上", en: "Sign-in sheets and room records kept at least 1 year" },
      explanation: { zh: "考生签到表、考场情况记录单等纸质材料应保存至少 1 年。", en: "Sign-in sheets and room records should be kept for at least one year." },
      checks: { zh: "attestations.RECORDS-RETENTION 为 true（建议项，缺失为警告）", en: "attestations.RECORDS-RETENTION is true (advisory: missing is a warning)" },
    }),
  ],
};
