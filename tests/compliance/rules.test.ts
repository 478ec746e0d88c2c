import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { ALL_RULES } from "../../src/compliance/engine";
import type { SiteInput } from "../../src/model/schema";
import type { InventoryMachine } from "../../src/inventory/types";
import type { Site } from "../../src/model/site";
import type { Finding } from "../../src/compliance/types";
import { baseInventory, baseSite, check } from "./fixtures/base-site";

/**
 * Every rule: the base site passes it, one targeted change fails it with the expected level,
 * target and message (both languages).
 */
type Room = SiteInput["rooms"][number];
type Mutation = { site?: (s: SiteInput) => void; seat17?: (m: InventoryMachine) => void; inventory?: (site: Site) => InventoryMachine[] };
interface Case {
  rule: string;
  change: Mutation;
  severity: Finding["severity"];
  target: string;
  en: RegExp;
  zh: RegExp;
  data?: Record<string, unknown>;
}

const r201 = (s: SiteInput): Room => s.rooms[0];
const tools = (m: InventoryMachine) => m.tools as Record<string, string | undefined>;
const SEAT = "rooms/201/seats/17";
const SEAT_EN = /room 201 seat 17 \(R201-17\)/;
const SEAT_ZH = /考场 201 座位 17（R201-17）/;

function run(change: Mutation) {
  const input = baseSite();
  change.site?.(input);
  return check(input, (site) => {
    if (change.inventory) return change.inventory(site);
    const inv = baseInventory(site);
    const m = inv.find((x) => x.room === "201" && x.seat === 17)!;
    change.seat17?.(m);
    return inv;
  }).result;
}

const attest = (rule: string): Case => ({ rule, change: { site: (s) => delete (s.attestations as Record<string, unknown>)[rule] }, severity: rule === "RECORDS-RETENTION" ? "warning" : "error", target: "site", en: new RegExp(`no attestation .*attestations\\.${rule}`), zh: new RegExp(`未声明.*attestations\\.${rule}`) });
/** The site's databases run locally on the machines (no lab-server images): machine facts decide. */
const localDb = (s: SiteInput) => void delete s.databases;
const toolMissing = (id: string, rule: string): Case => ({ rule, change: { seat17: (m) => void delete tools(m)[id] }, severity: "error", target: SEAT, en: new RegExp(`${SEAT_EN.source}: .* is not installed`), zh: new RegExp(`${SEAT_ZH.source}未安装`) });

const CASES: Case[] = [
  attest("SITE-LEGAL-ENTITY"),
  { rule: "SITE-LEGAL-ENTITY", change: { site: (s) => void ((s.attestations as Record<string, { value: boolean }>)["SITE-LEGAL-ENTITY"].value = false) }, severity: "error", target: "site", en: /declared as not met \(by Chief on 2026-11-01\)/, zh: /被声明为不满足/ },
  { rule: "SITE-ADMIN-STAFF", change: { site: (s) => void (s.staff!.admin = ["A1", "A2", "A3", "A4"]) }, severity: "error", target: "site", en: /4 management staff declared, fewer than the required 5/, zh: /专兼职管理人员 4 人/, data: { declared: 4, required: 5 } },
  attest("SITE-OFFICE"),
  attest("SITE-RULES"),
  { rule: "SITE-AV-MONITORING", change: { site: (s) => void delete s.nvr }, severity: "warning", target: "nvr", en: /no video recorder \(nvr\) is declared/, zh: /未声明录像机/ },
  { rule: "SITE-AV-MONITORING", change: { site: (s) => void (r201(s).cameras = r201(s).cameras!.map((c) => ({ ...c, recordsWholeExam: false }))) }, severity: "error", target: "rooms/201", en: /room 201 has no camera that records/, zh: /没有进行录像的摄像头/ },
  { rule: "SITE-CHIEF-EXAMINER", change: { site: (s) => void delete s.staff!.chiefExaminer }, severity: "error", target: "site", en: /no chief examiner/, zh: /未指定主考/ },
  { rule: "SITE-DEPUTY-EXAMINER", change: { site: (s) => void (s.staff!.deputyExaminers = ["D1", "D2", "D3"]) }, severity: "error", target: "site", en: /3 deputy chief examiners declared, expected 1 or 2/, zh: /副主考 3 人/ },
  { rule: "SITE-TECH-LEAD", change: { site: (s) => void (s.staff!.technicalLead = { name: "Tech", registered: false }) }, severity: "error", target: "site", en: /Tech is not registered/, zh: /尚未向组织方报备/ },
  attest("SITE-DUTY-PHONE"),
  { rule: "ROOM-SEATS", change: { site: (s) => void Object.assign(r201(s), { candidates: 30, layout: { ...r201(s).layout, rows: 4 } }) }, severity: "error", target: "rooms/201", en: /room 201 has only 32 usable seats, fewer than 40/, zh: /只有 32 个可用考位/ },
  { rule: "ROOM-CANDIDATES-MAX", change: { site: (s) => void (r201(s).candidates = 41) }, severity: "error", target: "rooms/201", en: /41 candidates planned, more than 40/, zh: /编排了 41 名考生/ },
  { rule: "ROOM-MACHINES", change: { site: (s) => void Object.assign(r201(s), { candidates: 36, machines: 38 }) }, severity: "error", target: "rooms/201", en: /room 201 has only 38 exam machines, fewer than 40/, zh: /只有 38 台考试机/ },
  { rule: "ROOM-SPARE-MACHINES", change: { site: (s) => void Object.assign(r201(s), { machines: 40, spareMachines: 0, spareInventory: [] }) }, severity: "warning", target: "rooms/201", en: /room 201 has no spare machine/, zh: /没有备用机/ },
  { rule: "ROOM-SPACING", change: { site: (s) => void (r201(s).layout.pitchM = 0.9) }, severity: "error", target: "rooms/201", en: /candidate seats are 0\.9 m apart, less than 1 m/, zh: /最小间距 0\.9 米/, data: { minSpacingM: 0.9 } },
  { rule: "ROOM-PROCTORS", change: { site: (s) => void (r201(s).staff!.proctors = ["P1"]) }, severity: "error", target: "rooms/201", en: /room 201 has 1 proctors, 2 are required/, zh: /有 1 名监考，需要 2 名/ },
  { rule: "ROOM-PROCTORS", change: { site: (s) => void (s.rooms[1].staff!.proctors = ["P1", "P4"]) }, severity: "error", target: "site", en: /P1 is a proctor in rooms 201, 202 at the same time \(the site needs 4 proctors, 3 different people/, zh: /P1 同时被安排在考场 201、202 监考/ },
  { rule: "ROOM-NET-SUPPORT", change: { site: (s) => void (r201(s).staff!.networkSupport = []) }, severity: "error", target: "rooms/201", en: /room 201 has no network support person/, zh: /未安排计算机网络技术支持/ },
  attest("ROOM-SAFETY"),
  { rule: "ROOM-POWER", change: { site: (s) => void (r201(s).backupPower = false) }, severity: "warning", target: "rooms/201", en: /room 201 has no backup power/, zh: /没有备用电源/ },
  { rule: "CAM-COUNT", change: { site: (s) => void (r201(s).cameras = [r201(s).cameras![0]]) }, severity: "error", target: "rooms/201", en: /room 201 has 1 camera\(s\); no back camera/, zh: /缺少后方摄像头/ },
  { rule: "CAM-COVERAGE", change: { site: (s) => void (r201(s).cameras = r201(s).cameras!.map((c) => ({ ...c, rangeM: 5 }))) }, severity: "error", target: "rooms/201", en: /room 201: \d+ seat\(s\) are not seen by any camera: /, zh: /个座位不在任何摄像头视野内/ },
  { rule: "CAM-ALWAYS-ON", change: { site: (s) => void (r201(s).cameras![1].recordsWholeExam = false) }, severity: "error", target: "rooms/201/cameras/back", en: /camera back does not record the whole exam/, zh: /摄像头 back 未全程录像/ },
  { rule: "CAM-TIMESTAMP", change: { site: (s) => void (r201(s).cameras![0].timestampOverlay = false) }, severity: "error", target: "rooms/201/cameras/front", en: /camera front does not show date and time/, zh: /不显示日期和时间/ },
  { rule: "VIDEO-LOCAL", change: { site: (s) => void (s.nvr!.local = false) }, severity: "error", target: "nvr", en: /not stored locally/, zh: /未在考点本地存储/ },
  { rule: "VIDEO-RETENTION", change: { site: (s) => void (s.nvr = { disks: [0.1] }) }, severity: "error", target: "nvr", en: /5 years of recordings need 0\.184 TB \(4 cameras, 16384 kbit\/s in total × 5 h per exam day × 1 exam days a year × 5 years\), but the NVR has only 0\.1 TB usable after none/, zh: /需要 0\.184 TB/, data: { requiredTB: 0.184, usableTB: 0.1 } },
  { rule: "VIDEO-RETENTION", change: { site: (s) => void (s.nvr = { disks: [8, 8], raid: "raid5" }) }, severity: "error", target: "nvr", en: /cannot form RAID 5: RAID 5 needs at least 3 disks/, zh: /硬盘无法组成 RAID 5：RAID 5 至少需要 3 块硬盘/ },
  attest("RECORDS-RETENTION"),
  { rule: "ROUTER-CAPACITY", change: { site: (s) => void (s.router!.maxDevices = 110) }, severity: "warning", target: "router", en: /device capacity is 110 devices, meets the minimum but is below the recommended 200/, zh: /带机量为 110/ },
  { rule: "ROUTER-CAPACITY", change: { site: (s) => void ((s.router!.maxDevices = 110), (s.router!.bandwidthMbps = 1000)) }, severity: "error", target: "router", en: /the router supports 110 devices but the site network has 116/, zh: /少于考点网络上的 116 台设备/, data: { devices: 116, staffDevices: 10 } },
  { rule: "ROUTER-CAPACITY", change: { site: (s) => void delete s.router }, severity: "warning", target: "router", en: /the router \(router\) is not declared/, zh: /缺少路由器（router）数据/ },
  { rule: "ROUTER-BANDWIDTH", change: { site: (s) => void (s.router!.bandwidthMbps = 400) }, severity: "error", target: "router", en: /bandwidth is 400 Mbps, below the manual's minimum of 500 Mbps/, zh: /低于手册最低要求 500 Mbps/ },
  { rule: "ROUTER-BANDWIDTH", change: { site: (s) => void (s.router!.bandwidthMbps = 800) }, severity: "warning", target: "router", en: /below the recommended 1000 Mbps/, zh: /低于建议配置 1000 Mbps/ },
  { rule: "ROUTER-VPN", change: { site: (s) => void (s.router!.vpnTunnels = 50) }, severity: "error", target: "router", en: /VPN tunnels is 50, below the manual's minimum of 100/, zh: /VPN 隧道数为 50/ },
  { rule: "ROUTER-AP", change: { site: (s) => void (s.router!.accessPoints = 200) }, severity: "warning", target: "router", en: /access points is 200, meets the minimum but is below the recommended 300/, zh: /AP 管理数量为 200/ },
  { rule: "ROUTER-CPU", change: { site: (s) => void (s.router!.cpuCores = 1) }, severity: "warning", target: "router", en: /CPU cores is 1, meets the minimum but is below the recommended 2/, zh: /CPU 核数为 1/ },
  { rule: "ROUTER-APP-RECOGNITION", change: { site: (s) => void (s.router!.features!.appRecognition = false) }, severity: "error", target: "router", en: /application recognition/, zh: /应用识别/ },
  { rule: "ROUTER-URL-FILTER", change: { site: (s) => void (s.router!.features!.httpsUrlFilter = false) }, severity: "error", target: "router", en: /no HTTPS URL filtering/, zh: /不支持 HTTPS URL 过滤/, data: { missing: ["HTTPS"] } },
  { rule: "ROUTER-ALLOWLIST", change: { site: (s) => void (s.router!.features!.allowlist = false) }, severity: "error", target: "router", en: /address allowlist/, zh: /网址白名单/ },
  { rule: "ROUTER-ALLOWLIST", change: { site: (s) => void (s.allowlist = { sources: [], additions: [] }) }, severity: "error", target: "allowlist", en: /no official allowlist \(allowlist\.sources is empty\).*EXAMPLE list/, zh: /未配置官方白名单.*内置示例白名单/ },
  { rule: "ROUTER-ALLOWLIST", change: { site: (s) => void (s.allowlist = { sources: [path.resolve(__dirname, "../../policies/allowlist/example-official-list.txt")], additions: [] }) }, severity: "error", target: "allowlist", en: /is the bundled EXAMPLE list/, zh: /是内置示例白名单/ },
  { rule: "ROUTER-ALLOWLIST-VERIFIED", change: { seat17: (m) => void delete m.network }, severity: "warning", target: "rooms/201", en: /room 201: 1 of 40 candidate machines have no allowlist verification result/, zh: /有 1\/40 台考生机尚无白名单验证结果/ },
  { rule: "PC-CPU-CORES", change: { seat17: (m) => void (m.cpuCores = 1) }, severity: "error", target: SEAT, en: new RegExp(`${SEAT_EN.source}: CPU cores is 1, below the manual's minimum of 2`), zh: new RegExp(`${SEAT_ZH.source}的 CPU 核数为 1`) },
  { rule: "PC-CPU-CORES", change: { seat17: (m) => void (m.cpuCores = 2) }, severity: "warning", target: SEAT, en: /CPU cores is 2, meets the minimum but is below the recommended 4/, zh: /低于建议配置 4/ },
  { rule: "PC-CPU-CLOCK", change: { seat17: (m) => void (m.cpuGHz = 1.8) }, severity: "error", target: SEAT, en: /CPU clock is 1\.8 GHz, below the manual's minimum of 2 GHz/, zh: /CPU 主频为 1\.8 GHz/ },
  { rule: "PC-RAM", change: { seat17: (m) => void (m.ramGB = 3) }, severity: "warning", target: SEAT, en: /RAM is 3 GB, meets the minimum but is below the recommended 4 GB/, zh: /内存为 3 GB/, data: { value: 3, min: 2, recommended: 4 } },
  { rule: "PC-RAM", change: { seat17: (m) => void (m.ramGB = 1.5) }, severity: "error", target: SEAT, en: /RAM is 1\.5 GB, below the manual's minimum of 2 GB/, zh: /低于手册最低要求 2 GB/ },
  { rule: "PC-DISK-FREE", change: { seat17: (m) => void (m.diskFreeGB = 10) }, severity: "error", target: SEAT, en: /free disk space is 10 GB, below the manual's minimum of 20 GB/, zh: /硬盘可用空间为 10 GB/ },
  { rule: "PC-DISPLAY", change: { seat17: (m) => void (m.display = "1024x600") }, severity: "error", target: SEAT, en: /display resolution 1024x600 is below 1024x768/, zh: /显示分辨率为 1024x600/ },
  { rule: "PC-NIC", change: { seat17: (m) => void (m.nicSpeedMbps = 100) }, severity: "error", target: SEAT, en: /NIC speed is 100 Mbps, below the manual's minimum of 1000 Mbps/, zh: /网卡速率为 100 Mbps/ },
  { rule: "PC-NIC", change: { seat17: (m) => void (m.nicFullDuplex = false) }, severity: "error", target: SEAT, en: /the NIC is not full-duplex/, zh: /网卡不是全双工/ },
  { rule: "PC-STATIC-IP", change: { seat17: (m) => void (m.ipAssignment = "dhcp") }, severity: "error", target: SEAT, en: /gets its address by DHCP without a MAC reservation/, zh: /的 IP 地址由 DHCP 分配，且没有按 MAC 绑定的保留地址/ },
  { rule: "PC-RESTORE-CARD-OFF", change: { seat17: (m) => void (m.restoreCard = "on") }, severity: "error", target: SEAT, en: /the disk restore card is on/, zh: /还原卡处于开启状态/ },
  { rule: "PC-RESTORE-CARD-OFF", change: { seat17: (m) => void (m.diskProtection = ["Deep Freeze"]) }, severity: "error", target: SEAT, en: /disk-protection software is running: Deep Freeze/, zh: /正在运行还原软件：Deep Freeze/ },
  { rule: "PC-RESTORE-CARD-OFF", change: { seat17: (m) => void (m.restoreCard = "unknown") }, severity: "warning", target: SEAT, en: /the restore card state is not declared/, zh: /：缺少还原卡状态数据/ },
  { rule: "PC-OS", change: { seat17: (m) => void (m.os = { name: "Windows 7 Ultimate", build: "7601" }) }, severity: "error", target: SEAT, en: /runs Windows 7 Ultimate \(build 7601\), not Windows 10/, zh: /操作系统为 Windows 7 Ultimate/ },
  { rule: "PC-MALWARE-FREE", change: { site: (s) => void ((s.attestations as Record<string, { value: boolean }>)["PC-MALWARE-FREE"].value = false) }, severity: "error", target: "site", en: /declared as not met/, zh: /被声明为不满足/ },
  attest("PC-PERIPHERALS"),
  { rule: "PC-USB", change: { seat17: (m) => void (m.usb2Ports = 0) }, severity: "error", target: SEAT, en: /USB 2\.0 ports is 0, below the manual's minimum of 1/, zh: /USB 2\.0 接口数为 0/ },
  { rule: "PC-IME", change: { seat17: (m) => void (m.imes = ["en", "微软拼音"]) }, severity: "error", target: SEAT, en: /lacks input methods: Wubi/, zh: /缺少输入法：五笔/, data: { missing: ["wubi"] } },
  { rule: "PC-BROWSER", change: { seat17: (m) => void ((m.browsers = { chrome: "70.0.3538.77" }), (tools(m).chrome = "70.0.3538.77")) }, severity: "error", target: SEAT, en: /browser too old \(Chrome 70\.0\.3538\.77\)/, zh: /浏览器版本过低/ },
  { rule: "PC-NETWORK-ALLOWLIST", change: { seat17: (m) => void (m.network = { allowedReachable: true, blockedUnreachable: false, failures: ["www.baidu.com reachable"] }) }, severity: "error", target: SEAT, en: /can reach addresses outside the allowlist: www\.baidu\.com reachable/, zh: /能访问白名单以外的地址/ },
  { rule: "PC-ENV-CHECK", change: { seat17: (m) => void (m.envCheckPassed = false) }, severity: "error", target: SEAT, en: /failed the environment check/, zh: /未通过环境检测/ },
  { rule: "PC-ENV-CHECK", change: { seat17: (m) => void delete m.envCheckPassed }, severity: "warning", target: SEAT, en: /the environment-check result is not declared/, zh: /：缺少环境检测结果数据/ },
  { ...toolMissing("chrome", "TOOL-CHROME"), change: { seat17: (m) => void (delete tools(m).chrome, (m.browsers = {})) } },
  toolMissing("python", "TOOL-PYTHON"),
  { rule: "TOOL-PYTHON", change: { seat17: (m) => void (tools(m).python = "3.8.10") }, severity: "error", target: SEAT, en: /Python 3\.8\.10 does not satisfy 3\.7\.x \(reference 3\.7\.9\)/, zh: /Python 解释器 版本为 3\.8\.10/ },
  toolMissing("anaconda", "TOOL-ANACONDA"),
  toolMissing("pycharm", "TOOL-PYCHARM"),
  toolMissing("requests", "TOOL-REQUESTS"),
  toolMissing("lxml", "TOOL-LXML"),
  { ...toolMissing("mysql", "TOOL-MYSQL"), change: { site: localDb, seat17: (m) => void delete tools(m)["mysql"] } },
  { rule: "TOOL-MYSQL", change: { site: localDb, seat17: (m) => void (tools(m).mysql = "5.6.51") }, severity: "error", target: SEAT, en: /MySQL 5\.6\.51 does not satisfy >=5\.7/, zh: /不满足 >=5\.7/ },
  { ...toolMissing("mongodb", "TOOL-MONGODB"), change: { site: localDb, seat17: (m) => void delete tools(m)["mongodb"] } },
  { ...toolMissing("redis", "TOOL-REDIS"), change: { site: localDb, seat17: (m) => void delete tools(m)["redis"] } },
  toolMissing("pymysql", "TOOL-PYMYSQL"),
  toolMissing("pymongo", "TOOL-PYMONGO"),
  toolMissing("redis-py", "TOOL-REDIS-PY"),
  toolMissing("chromedriver", "TOOL-CHROMEDRIVER"),
  toolMissing("selenium", "TOOL-SELENIUM"),
  toolMissing("scrapy", "TOOL-SCRAPY"),
  { rule: "CHROMEDRIVER-MATCH", change: { seat17: (m) => void (tools(m).chromedriver = "76.0.3809.68") }, severity: "error", target: SEAT, en: /ChromeDriver 76\.0\.3809\.68 \(major 76\) does not match Chrome 75\.0\.3770\.100 \(major 75\)/, zh: /不匹配/ },
  { rule: "PYMONGO-SERVER", change: { site: localDb, seat17: (m) => void (tools(m).mongodb = "5.0.3") }, severity: "error", target: SEAT, en: /pymongo 3\.11\.4 supports MongoDB up to 4\.4, but 5\.0\.3 is installed/, zh: /最高支持 MongoDB 4\.4/ },
  { rule: "PYMYSQL-AUTH", change: { site: localDb, seat17: (m) => void ((tools(m).mysql = "8.0.27"), delete tools(m).cryptography) }, severity: "warning", target: SEAT, en: /MySQL 8\.0\.27 defaults to caching_sha2_password/, zh: /caching_sha2_password/ },
  { rule: "REDIS-WINDOWS", change: { site: (s) => void (s.labServers = []) }, severity: "info", target: "rooms/201", en: /Redis 6\.2\.5, which has no native Windows build/, zh: /没有 Windows 原生版本/ },
  { rule: "LAB-SERVER-CAPACITY", change: { site: (s) => void (s.labServers = [{ id: "lab1", cpus: 16, memoryGB: 4 }]) }, severity: "error", target: "labServers/lab1", en: /lab server lab1: 240 database containers are limited to 56320 MB in total, plus 2048 MB reserve, more than its 4096 MB/, zh: /实验服务器 lab1 上 240 个数据库容器/ },
  { rule: "LAB-SERVER-CAPACITY", change: { site: (s) => void (s.labServers = [{ id: "lab1", cpus: 2, memoryGB: 64 }]) }, severity: "warning", target: "labServers/lab1", en: /the database containers need 100 CPUs, more than 2 × 8 overcommit/, zh: /共需 100 个 CPU/ },
  { rule: "SITE-OFFLINE-BUNDLE", change: { site: (s) => void (s.offline = { enabled: true, bundle: "/nonexistent/examlab-offline-bundle" }) }, severity: "warning", target: "offline", en: /runs offline but its bundle \/nonexistent\/examlab-offline-bundle does not exist/, zh: /离线包 \/nonexistent\/examlab-offline-bundle 不存在/ },
  { rule: "SCRAPY-PINS", change: { seat17: (m) => void (tools(m).twisted = "23.8.0") }, severity: "error", target: SEAT, en: /twisted 23\.8\.0 does not satisfy <=22\.10\.0/, zh: /twisted 23\.8\.0 不满足/ },
];

describe("compliance rules: one passing and one failing case each", () => {
  const base = run({});

  it("the base site passes every rule", () => {
    expect(base.findings).toEqual([]);
    expect(base.rules.map((r) => r.id).sort()).toEqual(ALL_RULES.map((r) => r.id).sort());
  });

  it("every rule has a failing case (and every case names a real rule)", () => {
    const covered = new Set(CASES.map((c) => c.rule));
    expect(ALL_RULES.map((r) => r.id).filter((id) => !covered.has(id))).toEqual([]);
    expect([...covered].filter((id) => !ALL_RULES.some((r) => r.id === id))).toEqual([]);
  });

  it.each(CASES.map((c, i) => [`${c.rule} #${i}`, c] as const))("%s", (_name, c) => {
    expect(base.findings.filter((f) => f.rule === c.rule)).toEqual([]);
    const result = run(c.change);
    const mine = result.findings.filter((f) => f.rule === c.rule);
    const hit = mine.find((f) => f.target === c.target && f.severity === c.severity && c.en.test(f.message.en));
    expect(hit, `findings of ${c.rule}: ${JSON.stringify(mine.map((f) => [f.severity, f.target, f.message.en]))}`).toBeDefined();
    expect(hit!.message.zh).toMatch(c.zh);
    expect(hit!.site).toBe("base");
    expect(hit!.section).toMatch(/^§\d/);
    if (c.data) expect(hit!.data).toMatchObject(c.data);
  });

  it("per-machine rules use the room's declared profile when there is no inventory", () => {
    const input = baseSite();
    input.rooms[0].machineProfile!.ramGB = 3;
    const result = check(input, () => []).result;
    const ram = result.findings.filter((f) => f.rule === "PC-RAM");
    expect(ram).toHaveLength(1);
    expect(ram[0]).toMatchObject({ target: "rooms/201", severity: "warning" });
    expect(ram[0].message.en).toMatch(/room 201's machines \(declared profile\): RAM is 3 GB/);
    expect(ram[0].message.zh).toBe("考场 201 的考生机（按申报配置）的内存为 3 GB，达到最低要求但低于建议配置 4 GB");
  });

  it("a missing machine fact is a warning saying it is not declared, never a pass", () => {
    const input = baseSite();
    delete input.rooms[0].machineProfile;
    const result = check(input, () => []).result;
    const ram = result.findings.filter((f) => f.rule === "PC-RAM");
    expect(ram).toEqual([expect.objectContaining({ target: "rooms/201", severity: "warning", data: { notDeclared: true } })]);
    expect(ram[0].message.en).toMatch(/RAM is not declared/);
    expect(ram[0].message.zh).toBe("考场 201 的考生机（按申报配置）：缺少内存数据，无法判断是否符合要求");
  });

  it("one finding per failing machine, naming the seat", () => {
    const result = run({ inventory: (site) => baseInventory(site).map((m) => (m.room === "202" && m.seat! <= 3 ? { ...m, ramGB: 1 } : m)) });
    const ram = result.findings.filter((f) => f.rule === "PC-RAM");
    expect(ram.map((f) => f.target)).toEqual(["rooms/202/seats/1", "rooms/202/seats/2", "rooms/202/seats/3"]);
    expect(ram.every((f) => f.severity === "error")).toBe(true);
  });

  it("a DHCP machine with a MAC reservation keeps its address (PC-STATIC-IP passes)", () => {
    const result = run({ seat17: (m) => void ((m.ipAssignment = "dhcp"), (m.mac = "00:1A:2B:3C:4D:5E")) });
    expect(result.findings.filter((f) => f.rule === "PC-STATIC-IP")).toEqual([]);
  });

  it("rules of levels the site does not examine are not evaluated", () => {
    const input = baseSite();
    input.levels = ["primary"];
    for (const r of input.rooms) r.levels = ["primary"];
    const result = check(input).result;
    const ids = result.rules.map((r) => r.id);
    expect(ids).toContain("TOOL-PYTHON");
    expect(ids).not.toContain("TOOL-MYSQL");
    expect(ids).not.toContain("CHROMEDRIVER-MATCH");
  });

  it("every-other seating satisfies ROOM-SPACING even with a narrow pitch", () => {
    const result = run({ site: (s) => void Object.assign(s.rooms[0], { candidates: 24, layout: { ...s.rooms[0].layout, pitchM: 0.9, everyOtherSeat: true } }) });
    expect(result.findings.filter((f) => f.rule === "ROOM-SPACING")).toEqual([]);
  });
});
