import type { Rule, RulePack } from "../../src/compliance/rule";
import { fail } from "../../src/compliance/helpers";
import { attestationRule } from "./attestation";

/** §2 考核站点: the site as an organisation (§2.1, §4.2, §5.1). */
const SECTION = "§2.1";

const adminStaff: Rule = {
  id: "SITE-ADMIN-STAFF",
  level: "min",
  section: SECTION,
  title: { zh: "专兼职管理人员 5 人以上", en: "At least 5 management staff" },
  explanation: { zh: "考核站点须有 5 名以上专兼职管理人员负责考务。", en: "A site needs at least five full- or part-time management staff to run exams." },
  fix: { zh: "在 staff.admin 中列出至少 5 名管理人员", en: "list at least 5 people in staff.admin" },
  checks: { zh: "staff.admin 人数 ≥ 5", en: "number of people in staff.admin ≥ 5" },
  check(ctx) {
    const n = new Set(ctx.spec.staff.admin).size;
    if (n >= 5) return [];
    return [fail("site", `专兼职管理人员 ${n} 人，少于要求的 5 人`, `${n} management staff declared, fewer than the required 5`, { declared: n, required: 5 })];
  },
};

const avMonitoring: Rule = {
  id: "SITE-AV-MONITORING",
  level: "min",
  section: "§2.1 (4)",
  title: { zh: "考场过程监控系统（音视频全程录制）", en: "Process monitoring that records audio and video" },
  explanation: { zh: "考场须有过程监控系统，对考试全过程进行音视频录制。", en: "The venue needs a monitoring system that records audio and video of the whole exam." },
  fix: { zh: "声明 nvr（录像机与硬盘），并为每个考场配置摄像头", en: "declare the nvr (recorder and disks) and cameras in every room" },
  checks: { zh: "已声明录像机（nvr），且每个考场至少有一个录像的摄像头", en: "an NVR is declared and every room has at least one recording camera" },
  check(ctx) {
    const out = [];
    if (!ctx.spec.nvr) out.push(fail("nvr", "未声明录像机（nvr），无法确认考场过程监控系统", "no video recorder (nvr) is declared, so the process-monitoring system cannot be confirmed", { notDeclared: true }, "warning"));
    for (const r of ctx.site.rooms)
      if (!r.spec.cameras.some((c) => c.recordsWholeExam))
        out.push(fail(`rooms/${r.spec.id}`, `考场 ${r.spec.id} 没有进行录像的摄像头`, `room ${r.spec.id} has no camera that records`, { cameras: r.spec.cameras.length }));
    return out;
  },
};

const chiefExaminer: Rule = {
  id: "SITE-CHIEF-EXAMINER",
  level: "min",
  section: "§5.1",
  title: { zh: "主考 1 人", en: "One chief examiner" },
  explanation: { zh: "每个考点设主考 1 名，全面负责考务。", en: "Each site has exactly one chief examiner responsible for the exam." },
  fix: { zh: "在 staff.chiefExaminer 中填写主考姓名", en: "set staff.chiefExaminer" },
  checks: { zh: "已声明 staff.chiefExaminer", en: "staff.chiefExaminer is declared" },
  check(ctx) {
    if (ctx.spec.staff.chiefExaminer) return [];
    return [fail("site", "未指定主考", "no chief examiner (staff.chiefExaminer) is declared")];
  },
};

const deputyExaminer: Rule = {
  id: "SITE-DEPUTY-EXAMINER",
  level: "min",
  section: "§5.1",
  title: { zh: "副主考 1 至 2 人", en: "One or two deputy chief examiners" },
  explanation: { zh: "考点设副主考 1–2 名，协助主考。", en: "A site has one or two deputy chief examiners assisting the chief examiner." },
  fix: { zh: "在 staff.deputyExaminers 中列出 1–2 名副主考", en: "list one or two people in staff.deputyExaminers" },
  checks: { zh: "staff.deputyExaminers 人数在 1–2 之间", en: "1 ≤ number of staff.deputyExaminers ≤ 2" },
  check(ctx) {
    const n = new Set(ctx.spec.staff.deputyExaminers).size;
    if (n >= 1 && n <= 2) return [];
    return [fail("site", `副主考 ${n} 人，应为 1–2 人`, `${n} deputy chief examiners declared, expected 1 or 2`, { declared: n, min: 1, max: 2 })];
  },
};

const techLead: Rule = {
  id: "SITE-TECH-LEAD",
  level: "min",
  section: "§5.1",
  title: { zh: "考试技术主管 1 人（已报备）", en: "One registered exam technical lead" },
  explanation: { zh: "考点须有 1 名考试技术主管，并向组织方报备。", en: "A site needs one exam technical lead, registered with the organising body." },
  fix: { zh: "填写 staff.technicalLead（name，registered: true）", en: "set staff.technicalLead with name and registered: true" },
  checks: { zh: "已声明 staff.technicalLead 且 registered 为 true", en: "staff.technicalLead is declared with registered: true" },
  check(ctx) {
    const t = ctx.spec.staff.technicalLead;
    if (!t) return [fail("site", "未指定考试技术主管", "no exam technical lead (staff.technicalLead) is declared")];
    if (!t.registered) return [fail("site", `考试技术主管 ${t.name} 尚未向组织方报备`, `the exam technical lead ${t.name} is not registered with the organising body`, { registered: false })];
    return [];
  },
};

export const sitePack: RulePack = {
  name: "site",
  rules: [
    attestationRule({
      id: "SITE-LEGAL-ENTITY",
      section: SECTION,
      title: { zh: "具有法人资格并符合试点院校条件", en: "Legal entity meeting the pilot-institution conditions" },
      explanation: { zh: "考核站点须为具有法人资格、符合试点条件的单位。", en: "The site must be a legal entity that meets the pilot-institution conditions." },
      checks: { zh: "attestations.SITE-LEGAL-ENTITY 为 true", en: "attestations.SITE-LEGAL-ENTITY is true" },
    }),
    adminStaff,
    attestationRule({
      id: "SITE-OFFICE",
      section: SECTION,
      title: { zh: "固定办公场所与考试日临时考务办公室", en: "Fixed office and a temporary exam office on exam days" },
      explanation: { zh: "须有组织方固定办公场所，考试日设临时考务办公室。", en: "A fixed office for the organising body and a temporary exam office on exam days are required." },
      checks: { zh: "attestations.SITE-OFFICE 为 true", en: "attestations.SITE-OFFICE is true" },
    }),
    attestationRule({
      id: "SITE-RULES",
      section: SECTION,
      title: { zh: "书面考务管理制度与实施细则", en: "Written exam management rules and procedures" },
      explanation: { zh: "考点须有书面的考务管理制度和实施办法。", en: "The site needs written exam management rules and implementation procedures." },
      checks: { zh: "attestations.SITE-RULES 为 true", en: "attestations.SITE-RULES is true" },
    }),
    avMonitoring,
    chiefExaminer,
    deputyExaminer,
    techLead,
    attestationRule({
      id: "SITE-DUTY-PHONE",
      section: "§5.1",
      title: { zh: "考试期间值班电话有人值守并提前报送", en: "Staffed duty phone, list filed before the exam" },
      explanation: { zh: "考试期间须有专人值守的值班电话，值班表考前报送。", en: "A staffed duty phone is required during exams; the duty list is filed beforehand." },
      checks: { zh: "attestations.SITE-DUTY-PHONE 为 true", en: "attestations.SITE-DUTY-PHONE is true" },
    }),
  ],
};
