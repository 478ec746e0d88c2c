import type { RawFinding, Rule, RulePack } from "../../src/compliance/rule";
import type { CheckContext } from "../../src/compliance/context";
import type { RuleMeta } from "../../src/compliance/types";
import { checkThreshold, fail, notDeclaredAt, ROUTER } from "../../src/compliance/helpers";
import { exampleListInUse } from "../../src/allowlist/example-list";
import { EXAMPLE_LIST } from "../../src/allowlist/sources";

/** §5 企业级路由器: the site router (§3.2 (2)). Thresholds are the manual's table. */
const SECTION = "§3.2 (2)";
type RouterSpec = NonNullable<CheckContext["spec"]["router"]>;

/** Every rule needs a declared router; without one each says so (a warning, never a pass). */
function routerRule(meta: RuleMeta, check: (r: RouterSpec, ctx: CheckContext) => RawFinding[]): Rule {
  return {
    ...meta,
    check(ctx) {
      const r = ctx.spec.router;
      if (!r) return [notDeclaredAt("router", { zh: "考点", en: "the site" }, { zh: "路由器（router）", en: "the router (router)" })];
      return check(r, ctx);
    },
  };
}

/**
 * Every device on the site network (machines at seats, spares, lab servers, NVR, cameras) from
 * the IP plan's lease table, plus the staff's own devices. The router itself is not counted.
 */
export function siteDevices(ctx: CheckContext): { total: number; byRole: Record<string, number>; staffDevices: number } {
  const byRole: Record<string, number> = {};
  for (const l of ctx.site.plan.leases) if (l.role !== "router") byRole[l.role] = (byRole[l.role] ?? 0) + 1;
  const staffDevices = ctx.spec.staff.devices;
  const total = Object.values(byRole).reduce((a, b) => a + b, 0) + staffDevices;
  return { total, byRole, staffDevices };
}

const capacity = routerRule(
  {
    id: "ROUTER-CAPACITY",
    level: "min",
    recommended: true,
    section: SECTION,
    title: { zh: "路由器带机量", en: "Router device capacity" },
    explanation: { zh: "带机量最低 100 台、建议 200–400 台，且须容纳考点网络上的全部设备（考试机、备用机、服务器、摄像头、工作人员设备）。", en: "At least 100 connected devices (200–400 recommended), and enough for every device on the site network (machines, spares, servers, cameras, staff devices)." },
    fix: { zh: "换用带机量更大的路由器（router.maxDevices）", en: "use a router with a larger device capacity (router.maxDevices)" },
    checks: { zh: "router.maxDevices ≥ 100（建议 ≥ 200），且 ≥ 考点网络上的设备总数（由 IP 规划计算）", en: "router.maxDevices ≥ 100 (≥ 200 recommended) and ≥ every device on the site network (counted from the IP plan)" },
  },
  (r, ctx) => {
    const devices = siteDevices(ctx);
    const data = { devices: devices.total, byRole: devices.byRole, staffDevices: devices.staffDevices };
    const out = checkThreshold({ target: "router", where: ROUTER, what: { zh: "带机量", en: "device capacity" }, unit: "devices", value: r.maxDevices, min: 100, rec: 200, data });
    if (r.maxDevices !== undefined && r.maxDevices < devices.total)
      out.push(fail("router", `路由器带机量 ${r.maxDevices} 台，少于考点网络上的 ${devices.total} 台设备`, `the router supports ${r.maxDevices} devices but the site network has ${devices.total}`, { maxDevices: r.maxDevices, ...data }));
    return out;
  },
);

const bandwidth = routerRule(
  {
    id: "ROUTER-BANDWIDTH",
    level: "min",
    recommended: true,
    section: SECTION,
    title: { zh: "适用带宽", en: "Bandwidth" },
    explanation: { zh: "适用带宽最低 500 Mbps，建议 1 Gbps。", en: "At least 500 Mbps, 1 Gbps recommended." },
    fix: { zh: "换用更高带宽的路由器或线路（router.bandwidthMbps）", en: "use a faster router or line (router.bandwidthMbps)" },
    checks: { zh: "router.bandwidthMbps ≥ 500（建议 ≥ 1000）", en: "router.bandwidthMbps ≥ 500 (≥ 1000 recommended)" },
  },
  (r) => checkThreshold({ target: "router", where: ROUTER, what: { zh: "适用带宽", en: "bandwidth" }, unit: "Mbps", value: r.bandwidthMbps, min: 500, rec: 1000 }),
);

const vpn = routerRule(
  {
    id: "ROUTER-VPN",
    level: "min",
    section: SECTION,
    title: { zh: "VPN 隧道数", en: "VPN tunnels" },
    explanation: { zh: "路由器须支持至少 100 条 VPN 隧道。", en: "The router supports at least 100 VPN tunnels." },
    fix: { zh: "换用支持更多 VPN 隧道的路由器（router.vpnTunnels）", en: "use a router with more VPN tunnels (router.vpnTunnels)" },
    checks: { zh: "router.vpnTunnels ≥ 100", en: "router.vpnTunnels ≥ 100" },
  },
  (r) => checkThreshold({ target: "router", where: ROUTER, what: { zh: "VPN 隧道数", en: "VPN tunnels" }, value: r.vpnTunnels, min: 100 }),
);

const ap = routerRule(
  {
    id: "ROUTER-AP",
    level: "min",
    recommended: true,
    section: SECTION,
    title: { zh: "AP 管理数量", en: "Access points" },
    explanation: { zh: "可管理 AP 数量最低 100，建议 300。", en: "Manages at least 100 access points, 300 recommended." },
    fix: { zh: "换用可管理更多 AP 的路由器（router.accessPoints）", en: "use a router that manages more access points (router.accessPoints)" },
    checks: { zh: "router.accessPoints ≥ 100（建议 ≥ 300）", en: "router.accessPoints ≥ 100 (≥ 300 recommended)" },
  },
  (r) => checkThreshold({ target: "router", where: ROUTER, what: { zh: "AP 管理数量", en: "access points" }, value: r.accessPoints, min: 100, rec: 300 }),
);

const cpu = routerRule(
  {
    id: "ROUTER-CPU",
    level: "min",
    recommended: true,
    section: SECTION,
    title: { zh: "路由器 CPU 核数", en: "Router CPU cores" },
    explanation: { zh: "CPU 最低单核，建议双核。", en: "At least a single-core CPU, dual core recommended." },
    fix: { zh: "换用双核或以上 CPU 的路由器（router.cpuCores）", en: "use a router with a dual-core CPU or better (router.cpuCores)" },
    checks: { zh: "router.cpuCores ≥ 1（建议 ≥ 2）", en: "router.cpuCores ≥ 1 (≥ 2 recommended)" },
  },
  (r) => checkThreshold({ target: "router", where: ROUTER, what: { zh: "CPU 核数", en: "CPU cores" }, value: r.cpuCores, min: 1, rec: 2 }),
);

const appRecognition = routerRule(
  {
    id: "ROUTER-APP-RECOGNITION",
    level: "min",
    section: SECTION,
    title: { zh: "应用识别（短视频、购物、网页邮箱等）", en: "Application recognition (short video, shopping, web mail)" },
    explanation: { zh: "路由器须能识别常见应用，如短视频（*音）、购物（*宝）、网页邮箱（*邮箱）。", en: "The router recognises common apps such as short video, shopping and web mail." },
    fix: { zh: "开启路由器应用识别并设置 router.features.appRecognition: true", en: "enable application recognition and set router.features.appRecognition: true" },
    checks: { zh: "router.features.appRecognition 为 true", en: "router.features.appRecognition is true" },
  },
  (r) => (r.features.appRecognition ? [] : [fail("router", "路由器不支持（或未开启）应用识别", "the router does not support (or has not enabled) application recognition")]),
);

const urlFilter = routerRule(
  {
    id: "ROUTER-URL-FILTER",
    level: "min",
    section: SECTION,
    title: { zh: "HTTP 与 HTTPS URL 过滤", en: "URL filtering for HTTP and HTTPS" },
    explanation: { zh: "路由器须同时支持 HTTP 和 HTTPS 的 URL 过滤。", en: "The router filters URLs for both HTTP and HTTPS." },
    fix: { zh: "开启 HTTP/HTTPS URL 过滤并设置 router.features.httpUrlFilter 与 httpsUrlFilter", en: "enable URL filtering and set router.features.httpUrlFilter and httpsUrlFilter" },
    checks: { zh: "router.features.httpUrlFilter 与 httpsUrlFilter 均为 true", en: "router.features.httpUrlFilter and httpsUrlFilter are both true" },
  },
  (r) => {
    const missing = [!r.features.httpUrlFilter && "HTTP", !r.features.httpsUrlFilter && "HTTPS"].filter(Boolean) as string[];
    return missing.length ? [fail("router", `路由器不支持 ${missing.join("、")} URL 过滤`, `the router has no ${missing.join(" or ")} URL filtering`, { missing })] : [];
  },
);

/**
 * The router must support an allowlist AND be loaded with the official list: the bundled example
 * list in force (no `allowlist.sources`, or a copy of the example) is an error, so check, export,
 * synth and report all say "not ready" until the official list is configured (issue 10 item 13).
 */
const allowlist: Rule = {
  id: "ROUTER-ALLOWLIST",
  level: "min",
  section: SECTION,
  title: { zh: "网址白名单", en: "Address allowlist" },
  explanation: { zh: "路由器须支持网址白名单，并在考前加载官方《Python 程序开发考生机网址白名单》。", en: "The router supports an address allowlist, loaded with the official candidate-machine allowlist before the exam." },
  fix: { zh: "开启路由器白名单功能（router.features.allowlist: true），并在 allowlist.sources 中配置官方白名单文件，用 examlab 生成的配置加载", en: "enable the allowlist (router.features.allowlist: true), name the official list file in allowlist.sources and load examlab's generated config" },
  checks: { zh: "router.features.allowlist 为 true，且 allowlist.sources 配置了官方白名单（不是内置示例白名单）", en: "router.features.allowlist is true and allowlist.sources names the official list (not the bundled example list)" },
  check(ctx) {
    const out: RawFinding[] = [];
    const r = ctx.spec.router;
    if (!r) out.push(notDeclaredAt("router", { zh: "考点", en: "the site" }, { zh: "路由器（router）", en: "the router (router)" }));
    else if (!r.features.allowlist) out.push(fail("router", "路由器不支持（或未开启）网址白名单", "the router does not support (or has not enabled) an address allowlist"));
    const example = exampleListInUse(ctx.site);
    if (example)
      out.push(
        example.how === "fallback"
          ? fail("allowlist", "未配置官方白名单（allowlist.sources 为空）：生成的路由器与考生机配置加载的是内置示例白名单，考生机无法访问真实考试平台", "no official allowlist (allowlist.sources is empty): the generated router and candidate-machine configs carry the bundled EXAMPLE list, not the official one", { example: EXAMPLE_LIST })
          : fail("allowlist", `allowlist.sources 中的 ${example.sources.join("、")} 是内置示例白名单（或其副本），不是官方白名单`, `allowlist.sources ${example.sources.join(", ")} is the bundled EXAMPLE list (or a copy of it), not the official list`, { example: EXAMPLE_LIST, sources: example.sources }),
      );
    return out;
  },
};

const allowlistVerified: Rule = {
  id: "ROUTER-ALLOWLIST-VERIFIED",
  level: "min",
  section: SECTION,
  title: { zh: "考前验证白名单生效", en: "Allowlist verified before the exam" },
  explanation: { zh: "考前须在考生机上检查：白名单以外的地址均无法访问。", en: "Before the exam, candidate machines are checked: every address outside the allowlist is unreachable." },
  fix: { zh: "在每台考生机上运行环境检测脚本并导入清单（examlab check --inventory）", en: "run the environment-check script on every candidate machine and import the inventory (examlab check --inventory)" },
  checks: { zh: "每个考场的考生机都有网络探测结果（清单中的 network 字段）", en: "every room's candidate machines have network-probe results (network in the inventory)" },
  check(ctx) {
    const out: RawFinding[] = [];
    const units = ctx.machineUnits();
    for (const r of ctx.site.rooms) {
      const candidates = r.seats.filter((s) => s.role === "candidate").map((s) => s.number);
      if (candidates.length === 0) continue;
      const probed = new Set(units.filter((u) => u.room === r && u.seat !== undefined && u.facts.network?.blockedUnreachable !== undefined).map((u) => u.seat!));
      const missing = candidates.filter((s) => !probed.has(s));
      if (missing.length === 0) continue;
      out.push(
        fail(
          `rooms/${r.spec.id}`,
          `考场 ${r.spec.id} 有 ${missing.length}/${candidates.length} 台考生机尚无白名单验证结果`,
          `room ${r.spec.id}: ${missing.length} of ${candidates.length} candidate machines have no allowlist verification result`,
          { unverified: missing.length, candidates: candidates.length },
          "warning",
        ),
      );
    }
    return out;
  },
};

export const routerPack: RulePack = {
  name: "router",
  rules: [capacity, bandwidth, vpn, ap, cpu, appRecognition, urlFilter, allowlist, allowlistVerified],
};
