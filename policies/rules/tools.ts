import type { RawFinding, Rule, RulePack } from "../../src/compliance/rule";
import type { MachineUnit } from "../../src/compliance/context";
import type { Level } from "../../src/model/sections/common";
import { fail, notDeclaredAt, notMeasuredAt } from "../../src/compliance/helpers";
import { toolState } from "../../src/compliance/context";
import { COMPATIBILITY, TOOLS, type ToolProfile } from "../levels";
import { coerceVersion, majorOf as majorOfUncached, versionSatisfies as satisfiesUncached } from "../../src/levels/versions";

// Machines of a site share a handful of versions: cache the semver work (benchmark: 40,000 machines).
// Keyed by range, then version: no key string built per call.
const satisfied = new Map<string, Map<string, boolean>>();
function versionSatisfies(v: string, range: string): boolean {
  let byVersion = satisfied.get(range);
  if (!byVersion) satisfied.set(range, (byVersion = new Map()));
  let r = byVersion.get(v);
  if (r === undefined) byVersion.set(v, (r = satisfiesUncached(v, range)));
  return r;
}
const majors = new Map<string, number | null>();
function majorOf(v: string): number | null {
  let r = majors.get(v);
  if (r === undefined) majors.set(v, (r = majorOfUncached(v)));
  return r;
}
import { machineRule } from "./machine-rule";
import type { DbService } from "../../src/databases/services";

/**
 * §7 开发工具和环境清单 (§3.3): one TOOL-<NAME> rule per tool of the manual's tables, applied to
 * machines in rooms examined at a level that needs the tool, plus the compatibility facts.
 * Versions and ranges come from policies/levels.ts (the one table of tool profiles).
 */
const LEVEL_NAMES = { primary: ["初级", "primary"], intermediate: ["中级", "intermediate"], advanced: ["高级", "advanced"] } as const;

export const toolRuleId = (t: ToolProfile) => `TOOL-${t.id.toUpperCase()}`;

/** Installed version of a tool on a machine (Chrome may also be listed under browsers). */
function installed(u: MachineUnit, id: ToolProfile["id"]): string | undefined {
  const v = u.facts.tools?.[id];
  if (v === undefined && id === "chrome") return u.facts.browsers?.chrome;
  return v;
}

function toolRule(t: ToolProfile): Rule {
  const rule = machineToolRule(t);
  if (t.kind !== "database") return rule;
  // A database the candidates use on the lab servers (databases section): judge the image, once.
  const svc = t.id as DbService;
  return {
    ...rule,
    check(ctx) {
      const out = rule.check(ctx);
      const image = ctx.labServerImages()?.[svc];
      if (!image || !ctx.site.rooms.some((r) => r.spec.levels.some((l) => t.levels.includes(l)))) return out;
      const where = { zh: `实验服务器的 ${t.name} 镜像 ${image.ref}（databases.images.${svc}.tag）`, en: `the lab servers' ${t.name} image ${image.ref} (databases.images.${svc}.tag)` };
      if (image.version === undefined) {
        if (t.accepted !== "*") out.push(fail("site", `${where.zh}的标签不含版本号，无法判断是否满足 ${t.accepted}`, `${where.en}: the tag names no version, so ${t.accepted} cannot be checked`, { image: image.ref, accepted: t.accepted }, "warning"));
      } else if (!versionSatisfies(image.version, t.accepted))
        out.push(fail("site", `${where.zh}的版本 ${image.version} 不满足 ${t.accepted}（参考 ${t.reference}）`, `${where.en}: version ${image.version} does not satisfy ${t.accepted} (reference ${t.reference})`, { image: image.ref, installed: image.version, accepted: t.accepted }));
      return out;
    },
  };
}

function machineToolRule(t: ToolProfile): Rule {
  // The levels of a room that need the tool: once per room, not per machine and rule call.
  const needsByRoom = new WeakMap<object, Level[]>();
  const needs = (u: MachineUnit): Level[] => {
    let lv = needsByRoom.get(u.room.spec);
    if (!lv) needsByRoom.set(u.room.spec, (lv = u.room.spec.levels.filter((l) => t.levels.includes(l))));
    return lv;
  };
  const range = t.accepted === "*" ? { zh: "版本不限", en: "any version" } : { zh: `版本 ${t.accepted}`, en: `version ${t.accepted}` };
  const name = { zh: t.zh, en: t.name };
  return machineRule(
    {
      id: toolRuleId(t),
      level: "min",
      section: "§3.3",
      levels: t.levels,
      title: { zh: `${t.zh}（${range.zh}，参考 ${t.reference}）`, en: `${t.name} (${range.en}, reference ${t.reference})` },
      explanation: {
        zh: `${t.levels.map((l) => LEVEL_NAMES[l][0]).join("、")}考场的考生机须安装 ${t.zh}，${range.zh}（参考版本 ${t.reference}）。${t.note ? ` 注：${t.note}` : ""}`,
        en: `Machines in ${t.levels.map((l) => LEVEL_NAMES[l][1]).join("/")} rooms need ${t.name}, ${range.en} (reference ${t.reference}).${t.note ? ` Note: ${t.note}.` : ""}`,
      },
      fix: { zh: `安装 ${t.name} ${t.reference}（examlab 生成的 Windows 部署脚本会安装它）`, en: `install ${t.name} ${t.reference} (examlab's Windows provisioning script installs it)` },
      checks:
        t.id === "chrome"
          ? { zh: `tools.chrome（或 browsers.chrome）满足 ${t.accepted}，或已装 Firefox（§3.3）；测得未安装为错误，未声明/未测量为警告`, en: `tools.chrome (or browsers.chrome) satisfies ${t.accepted}, or Firefox is installed (§3.3); measured absent is an error, not declared/measured a warning` }
          : { zh: `tools.${t.id} 已安装且满足 ${t.accepted}；测得未安装为错误，未声明/未测量为警告`, en: `tools.${t.id} is installed and satisfies ${t.accepted}; measured absent is an error, not declared/measured a warning` },
    },
    (u) => {
      const v = installed(u, t.id);
      // §3.3 lists "Google Chrome (or Firefox)", as PC-BROWSER does: a Firefox machine passes.
      if (v === undefined && t.id === "chrome" && u.facts.browsers?.firefox !== undefined) return [];
      const state = toolState(u, t.id, v);
      if (state === "unknown") return [u.measured ? notMeasuredAt(u.target, u.label, name) : notDeclaredAt(u.target, u.label, name)];
      const lv = state === "absent" ? needs(u).map((l) => LEVEL_NAMES[l]) : [];
      if (state === "absent")
        return [fail(u.target, `${u.label.zh}未安装 ${t.zh}（${lv.map((l) => l[0]).join("、")}考试需要）`, `${u.label.en}: ${t.name} is not installed (needed for the ${lv.map((l) => l[1]).join("/")} exam)`, { tool: t.id, installed: null, accepted: t.accepted, reference: t.reference })];
      if (versionSatisfies(v!, t.accepted)) return [];
      return [fail(u.target, `${u.label.zh}的 ${t.zh} 版本为 ${v}，不满足 ${t.accepted}（参考 ${t.reference}）`, `${u.label.en}: ${t.name} ${v} does not satisfy ${t.accepted} (reference ${t.reference})`, { tool: t.id, installed: v, accepted: t.accepted, reference: t.reference })];
    },
    // Machines whose databases run on the lab servers need no local install (toolRule checks the image).
    (u) => needs(u).length > 0 && !(t.kind === "database" && u.labServerDb !== undefined),
  );
}

/** Tools of the manual's §3.3 tables get a TOOL rule; the Scrapy pins are checked by SCRAPY-PINS. */
export const MANUAL_TOOLS = TOOLS.filter((t) => t.source.startsWith("§3.3"));

const upperLevels = ["intermediate", "advanced"] as const;
const inUpperRoom = (u: MachineUnit) => u.room.spec.levels.some((l) => l !== "primary");

const chromedriverMatch = machineRule(
  {
    id: "CHROMEDRIVER-MATCH", level: "min", section: "§3.3", levels: upperLevels,
    title: { zh: "ChromeDriver 主版本与 Chrome 一致", en: "ChromeDriver major version matches Chrome" },
    explanation: { zh: "ChromeDriver 的主版本号必须等于所装 Chrome 的主版本号，否则 Selenium 无法启动浏览器。", en: "ChromeDriver's major version must equal Chrome's, or Selenium cannot start the browser." },
    fix: { zh: "安装与 Chrome 主版本相同的 ChromeDriver", en: "install the ChromeDriver of Chrome's major version" },
    checks: { zh: "major(tools.chromedriver) = major(Chrome)", en: "major(tools.chromedriver) = major(Chrome)" },
  },
  (u) => {
    const chrome = installed(u, "chrome");
    const driver = u.facts.tools?.chromedriver;
    if (!chrome || !driver) return []; // TOOL-CHROME / TOOL-CHROMEDRIVER report a missing one
    const a = majorOf(chrome);
    const b = majorOf(driver);
    if (a !== null && a === b) return [];
    return [fail(u.target, `${u.label.zh}的 ChromeDriver ${driver}（主版本 ${b}）与 Chrome ${chrome}（主版本 ${a}）不匹配`, `${u.label.en}: ChromeDriver ${driver} (major ${b}) does not match Chrome ${chrome} (major ${a})`, { chrome, chromedriver: driver })];
  },
  inUpperRoom,
);

const minors = new Map<string, string | null>();
const minorOf = (v: string) => {
  let r = minors.get(v);
  if (r === undefined) {
    const c = coerceVersion(v);
    minors.set(v, (r = c ? `${c.major}.${c.minor}` : null));
  }
  return r;
};
const cmpMinor = (a: string, b: string) => {
  const [a1, a2] = a.split(".").map(Number);
  const [b1, b2] = b.split(".").map(Number);
  return a1 - b1 || a2 - b2;
};

const pymongoServer = machineRule(
  {
    id: "PYMONGO-SERVER", level: "min", section: "§3.3", levels: upperLevels,
    title: { zh: "pymongo 支持所装 MongoDB 版本", en: "pymongo supports the MongoDB server" },
    explanation: { zh: "pymongo 3.11.x 最高支持 MongoDB 4.4；更新的服务器需要更新的 pymongo。", en: "pymongo 3.11.x supports MongoDB servers up to 4.4; a newer server needs a newer pymongo." },
    fix: { zh: "使用 MongoDB 4.4，或升级 pymongo 到支持该服务器的版本", en: "use MongoDB 4.4, or a pymongo that supports the server" },
    checks: { zh: "MongoDB（有实验服务器数据库时为其镜像版本，否则为本机安装）主.次版本 ≤ 该 pymongo 版本支持的最高版本（policies/levels.ts）", en: "MongoDB major.minor (the lab servers' image when databases run there, else the local install) ≤ the highest server the pymongo version supports (policies/levels.ts)" },
  },
  (u) => {
    const pm = u.facts.tools?.pymongo;
    // The server the exam code talks to: the lab server's image when databases run there.
    const image = u.labServerDb?.mongodb;
    const server = image ? (image.version ?? image.tag) : u.facts.tools?.mongodb;
    if (!pm || !server) return [];
    const key = minorOf(pm);
    const sv = image ? (image.version ?? null) : minorOf(server);
    const max = key ? COMPATIBILITY.pymongoMaxServer[key] : undefined;
    if (!max || !sv) return [fail(u.target, `${u.label.zh}：pymongo ${pm} 与 MongoDB ${server} 的兼容性未知`, `${u.label.en}: compatibility of pymongo ${pm} with MongoDB ${server} is not known`, { pymongo: pm, mongodb: server }, "warning")];
    if (cmpMinor(sv, max) <= 0) return [];
    if (image)
      return [fail(u.target, `${u.label.zh}：pymongo ${pm} 最高支持 MongoDB ${max}，但实验服务器的 MongoDB 镜像 ${image.ref} 是 ${sv}（databases.images.mongodb.tag）`, `${u.label.en}: pymongo ${pm} supports MongoDB up to ${max}, but the lab servers' MongoDB image ${image.ref} is ${sv} (databases.images.mongodb.tag)`, { pymongo: pm, mongodb: sv, maxServer: max, image: image.ref })];
    return [fail(u.target, `${u.label.zh}：pymongo ${pm} 最高支持 MongoDB ${max}，但安装的是 ${server}`, `${u.label.en}: pymongo ${pm} supports MongoDB up to ${max}, but ${server} is installed`, { pymongo: pm, mongodb: server, maxServer: max })];
  },
  inUpperRoom,
);

const pymysqlAuth = machineRule(
  {
    id: "PYMYSQL-AUTH", level: "rec", section: "§3.3", levels: upperLevels,
    title: { zh: "PyMySQL 与 MySQL 8 认证方式", en: "PyMySQL and MySQL 8 authentication" },
    explanation: { zh: "MySQL 8 默认 caching_sha2_password，PyMySQL 需安装 cryptography 才支持；用 MySQL 5.7 或 mysql_native_password 可避免。", en: "MySQL 8 defaults to caching_sha2_password, which PyMySQL supports only with the cryptography package; MySQL 5.7 or mysql_native_password avoids it." },
    fix: { zh: "安装 cryptography，或使用 MySQL 5.7 / mysql_native_password", en: "install cryptography, or use MySQL 5.7 / mysql_native_password" },
    checks: { zh: "MySQL ≥ 8 且装有 PyMySQL 时，cryptography 已安装", en: "with MySQL ≥ 8 and PyMySQL, cryptography is installed" },
  },
  (u) => {
    const t = u.facts.tools;
    const image = u.labServerDb?.mysql;
    const mysql = image ? image.version : t?.mysql;
    if (!mysql || !t?.pymysql) return [];
    const major = majorOf(mysql);
    if (major === null || major < COMPATIBILITY.mysqlCachingSha2FromMajor || t.cryptography) return [];
    // Lab-server MySQL 8.x is started with mysql_native_password (src/databases/images.ts); 9.x cannot be.
    if (image && major < 9) return [];
    if (image) return [fail(u.target, `${u.label.zh}：实验服务器的 MySQL 镜像 ${image.ref} 只支持 caching_sha2_password，PyMySQL 需要 cryptography 包但未安装`, `${u.label.en}: the lab servers' MySQL image ${image.ref} offers only caching_sha2_password, which PyMySQL supports only with cryptography, not installed`, { mysql, pymysql: t.pymysql, image: image.ref })];
    return [fail(u.target, `${u.label.zh}：MySQL ${mysql} 默认 caching_sha2_password，PyMySQL 需要 cryptography 包但未安装`, `${u.label.en}: MySQL ${mysql} defaults to caching_sha2_password, which PyMySQL supports only with cryptography, not installed`, { mysql, pymysql: t.pymysql })];
  },
  inUpperRoom,
);

const redisWindows: Rule = {
  id: "REDIS-WINDOWS", level: "info", section: "§3.3", levels: upperLevels,
  title: { zh: "Redis 6.2.5 无 Windows 原生版本", en: "Redis 6.2.5 has no native Windows build" },
  explanation: { zh: "Redis 6.2.5 没有 Windows 原生版本：在实验服务器上用容器运行，或在 Windows 上用旧版移植版。", en: "Redis 6.2.5 has no native Windows build: run it as a container on a lab server, or use a Windows port of an older Redis." },
  fix: { zh: "声明 labServers 并用 examlab 生成的数据库容器提供 Redis", en: "declare labServers and serve Redis from examlab's database containers" },
  checks: { zh: "机器声明 Redis ≥ 6 而考点没有实验服务器时给出提示", en: "notes when machines declare Redis ≥ 6 and the site has no lab server" },
  check(ctx) {
    if (ctx.spec.labServers.length > 0) return [];
    const rooms = new Map<string, string>();
    for (const u of ctx.machineUnits()) {
      const v = u.facts.tools?.redis;
      if (v && inUpperRoom(u) && (majorOf(v) ?? 0) >= 6 && !rooms.has(u.room.spec.id)) rooms.set(u.room.spec.id, v);
    }
    return [...rooms].map(([id, v]): RawFinding => fail(`rooms/${id}`, `考场 ${id} 的考生机声明了 Redis ${v}，它没有 Windows 原生版本，且考点未声明实验服务器（labServers）`, `room ${id}: machines declare Redis ${v}, which has no native Windows build, and the site declares no lab server (labServers)`, { redis: v }));
  },
};

const scrapyPins = machineRule(
  {
    id: "SCRAPY-PINS", level: "min", section: "§3.3", levels: upperLevels,
    title: { zh: "Scrapy 2.5.0 依赖版本锁定", en: "Scrapy 2.5.0 dependency pins" },
    explanation: { zh: "Python 3.7 上的 Scrapy 2.5.0 需要 Twisted ≤ 22.10.0、pyOpenSSL 22.0.0、cryptography 36.0.2；更新的版本会使其无法运行。", en: "Scrapy 2.5.0 on Python 3.7 needs Twisted <= 22.10.0, pyOpenSSL 22.0.0 and cryptography 36.0.2; newer ones break it." },
    fix: { zh: "pip install \"Twisted<=22.10.0\" pyOpenSSL==22.0.0 cryptography==36.0.2", en: "pip install \"Twisted<=22.10.0\" pyOpenSSL==22.0.0 cryptography==36.0.2" },
    checks: { zh: "装有 Scrapy 2.5 时 twisted/pyopenssl/cryptography 满足锁定版本", en: "with Scrapy 2.5, twisted/pyopenssl/cryptography satisfy the pins" },
  },
  (u) => {
    const t = u.facts.tools;
    if (!t?.scrapy || minorOf(t.scrapy) !== "2.5") return [];
    const out: RawFinding[] = [];
    const pins = { twisted: COMPATIBILITY.scrapyPins.twisted, pyopenssl: COMPATIBILITY.scrapyPins.pyopenssl, cryptography: COMPATIBILITY.scrapyPins.cryptography } as const;
    for (const [id, range] of Object.entries(pins) as [keyof typeof pins, string][]) {
      const v = t[id];
      if (v === undefined) out.push(notDeclaredAt(u.target, u.label, { zh: `${id} 版本（Scrapy 2.5.0 需要 ${range}）`, en: `the ${id} version (Scrapy 2.5.0 needs ${range})` }));
      else if (!versionSatisfies(v, range)) out.push(fail(u.target, `${u.label.zh}：${id} ${v} 不满足 Scrapy 2.5.0 需要的 ${range}`, `${u.label.en}: ${id} ${v} does not satisfy ${range}, which Scrapy 2.5.0 needs`, { package: id, installed: v, required: range }));
    }
    return out;
  },
  inUpperRoom,
);

export const toolsPack: RulePack = {
  name: "tools",
  rules: [...MANUAL_TOOLS.map(toolRule), chromedriverMatch, pymongoServer, pymysqlAuth, redisWindows, scrapyPins],
};
