import type { RulePack } from "../../src/compliance/rule";
import type { MachineUnit } from "../../src/compliance/context";
import { checkThreshold, fail, notDeclaredAt, notMeasuredAt } from "../../src/compliance/helpers";
import { toolState } from "../../src/compliance/context";
import { majorOf } from "../../src/levels/versions";
import { machineRule } from "./machine-rule";
import { attestationRule } from "./attestation";

/** §6 考生机: candidate machines (§3.2 (3)); thresholds from the manual's min/rec table. */
const SECTION = "§3.2 (3)";
const where = (u: MachineUnit) => u.label;

const cpuCores = machineRule(
  {
    id: "PC-CPU-CORES", level: "min", recommended: true, section: SECTION,
    title: { zh: "CPU 核数", en: "CPU cores" },
    explanation: { zh: "考生机 CPU 最低双核，建议四核。", en: "Candidate machines need at least 2 CPU cores, 4 recommended." },
    fix: { zh: "更换考生机或升级 CPU", en: "replace or upgrade the machine" },
    checks: { zh: "cpuCores ≥ 2（建议 ≥ 4）", en: "cpuCores ≥ 2 (≥ 4 recommended)" },
  },
  (u) => checkThreshold({ target: u.target, where: where(u), what: { zh: "CPU 核数", en: "CPU cores" }, value: u.facts.cpuCores, min: 2, rec: 4 }),
);

const cpuClock = machineRule(
  {
    id: "PC-CPU-CLOCK", level: "min", recommended: true, section: SECTION,
    title: { zh: "CPU 主频", en: "CPU clock" },
    explanation: { zh: "考生机 CPU 主频最低 2.0 GHz，建议 2.4 GHz 以上。", en: "At least 2.0 GHz, 2.4 GHz or more recommended." },
    fix: { zh: "更换考生机或升级 CPU", en: "replace or upgrade the machine" },
    checks: { zh: "cpuGHz ≥ 2.0（建议 ≥ 2.4）", en: "cpuGHz ≥ 2.0 (≥ 2.4 recommended)" },
  },
  (u) => checkThreshold({ target: u.target, where: where(u), what: { zh: "CPU 主频", en: "CPU clock" }, unit: "GHz", value: u.facts.cpuGHz, min: 2.0, rec: 2.4 }),
);

const ram = machineRule(
  {
    id: "PC-RAM", level: "min", recommended: true, section: SECTION,
    title: { zh: "内存", en: "Memory" },
    explanation: { zh: "考生机内存最低 2 GB，建议 4 GB。", en: "At least 2 GB of RAM, 4 GB recommended." },
    fix: { zh: "加装内存", en: "add memory" },
    checks: { zh: "ramGB ≥ 2（建议 ≥ 4）", en: "ramGB ≥ 2 (≥ 4 recommended)" },
  },
  (u) => checkThreshold({ target: u.target, where: where(u), what: { zh: "内存", en: "RAM" }, unit: "GB", value: u.facts.ramGB, min: 2, rec: 4 }),
);

const disk = machineRule(
  {
    id: "PC-DISK-FREE", level: "min", section: SECTION,
    title: { zh: "硬盘可用空间", en: "Free disk space" },
    explanation: { zh: "考生机硬盘可用空间不少于 20 GB。", en: "At least 20 GB of free disk space." },
    fix: { zh: "清理硬盘或更换更大的硬盘", en: "free up or enlarge the disk" },
    checks: { zh: "diskFreeGB ≥ 20", en: "diskFreeGB ≥ 20" },
  },
  (u) => checkThreshold({ target: u.target, where: where(u), what: { zh: "硬盘可用空间", en: "free disk space" }, unit: "GB", value: u.facts.diskFreeGB, min: 20 }),
);

const display = machineRule(
  {
    id: "PC-DISPLAY", level: "min", section: SECTION,
    title: { zh: "显示分辨率 1024×768 以上", en: "Display 1024×768 or more" },
    explanation: { zh: "显示器分辨率不低于 1024×768。", en: "The display resolution is at least 1024×768." },
    fix: { zh: "调整分辨率或更换显示器", en: "raise the resolution or replace the monitor" },
    checks: { zh: "display 宽 ≥ 1024 且高 ≥ 768", en: "display width ≥ 1024 and height ≥ 768" },
  },
  (u) => {
    const d = u.facts.display;
    if (!d) return [notDeclaredAt(u.target, where(u), { zh: "显示分辨率", en: "the display resolution" })];
    const [w, h] = d.split("x").map(Number);
    if (w >= 1024 && h >= 768) return [];
    return [fail(u.target, `${u.label.zh}的显示分辨率为 ${d}，低于 1024x768`, `${u.label.en}: display resolution ${d} is below 1024x768`, { display: d, min: "1024x768" })];
  },
);

const nic = machineRule(
  {
    id: "PC-NIC", level: "min", section: SECTION,
    title: { zh: "千兆全双工网卡", en: "1000 Mbit full-duplex NIC" },
    explanation: { zh: "考生机须有 1000 Mbit 全双工网卡。", en: "A 1000 Mbit full-duplex network card is required." },
    fix: { zh: "更换网卡或检查网线与交换机端口协商", en: "replace the NIC or check the cable and switch port negotiation" },
    checks: { zh: "nicSpeedMbps ≥ 1000 且 nicFullDuplex 为 true", en: "nicSpeedMbps ≥ 1000 and nicFullDuplex is true" },
  },
  (u) => {
    const out = checkThreshold({ target: u.target, where: where(u), what: { zh: "网卡速率", en: "NIC speed" }, unit: "Mbps", value: u.facts.nicSpeedMbps, min: 1000 });
    if (u.facts.nicFullDuplex === undefined) out.push(notDeclaredAt(u.target, where(u), { zh: "网卡双工模式", en: "the NIC duplex mode" }));
    else if (!u.facts.nicFullDuplex) out.push(fail(u.target, `${u.label.zh}的网卡不是全双工`, `${u.label.en}: the NIC is not full-duplex`, { nicFullDuplex: false }));
    return out;
  },
);

const staticIp = machineRule(
  {
    id: "PC-STATIC-IP", level: "min", section: SECTION,
    title: { zh: "重启后 IP 地址不变", en: "IP address does not change after a reboot" },
    explanation: { zh: "考生机 IP 地址重启后不得变化（静态地址或按 MAC 绑定的 DHCP 保留地址）。", en: "The machine's address survives a reboot: a static address, or a DHCP reservation by MAC." },
    fix: { zh: "设置静态 IP，或在清单中登记 MAC 以生成 DHCP 保留地址", en: "set a static address, or record the MAC in the inventory so examlab generates a DHCP reservation" },
    checks: { zh: "ipAssignment 为 static，或为 dhcp 且该座位有 MAC 绑定的保留地址", en: "ipAssignment is static, or dhcp with a MAC reservation for the seat" },
  },
  (u) => {
    const a = u.facts.ipAssignment;
    if (!a) return [notDeclaredAt(u.target, where(u), { zh: "IP 分配方式", en: "how the address is assigned (ipAssignment)" })];
    if (a === "static" || u.reserved) return [];
    return [fail(u.target, `${u.label.zh}的 IP 地址由 DHCP 分配，且没有按 MAC 绑定的保留地址，重启后可能变化`, `${u.label.en} gets its address by DHCP without a MAC reservation, so it may change after a reboot`, { ipAssignment: a, reserved: false })];
  },
);

const restoreCard = machineRule(
  {
    id: "PC-RESTORE-CARD-OFF", level: "min", section: SECTION,
    title: { zh: "考前关闭还原卡", en: "Disk restore card turned off" },
    explanation: { zh: "考前须关闭硬盘还原卡（及冰点等还原软件），否则重启会丢失考试数据。", en: "Disk restore cards (and restore software such as Deep Freeze) are off before the exam, or a reboot loses the candidate's work." },
    fix: { zh: "关闭还原卡与还原软件", en: "turn off the restore card and restore software" },
    checks: { zh: "restoreCard 为 off 或 absent，且未发现运行中的还原软件（diskProtection）", en: "restoreCard is off or absent and no disk-protection software runs (diskProtection)" },
  },
  (u) => {
    const out = [];
    const rc = u.facts.restoreCard;
    if (rc === undefined || rc === "unknown") out.push(notDeclaredAt(u.target, where(u), { zh: "还原卡状态", en: "the restore card state" }));
    else if (rc === "on") out.push(fail(u.target, `${u.label.zh}的还原卡处于开启状态，考前须关闭`, `${u.label.en}: the disk restore card is on`, { restoreCard: rc }));
    const dp = u.facts.diskProtection ?? [];
    if (dp.length) out.push(fail(u.target, `${u.label.zh}正在运行还原软件：${dp.join("、")}`, `${u.label.en}: disk-protection software is running: ${dp.join(", ")}`, { diskProtection: dp }));
    return out;
  },
);

/** Windows 10 or later (Windows 11 builds start at 22000; Windows 10 at 10240). */
function isWindows10OrLater(os: { name: string; build?: string }): boolean {
  if (/windows\s*(10|11)\b/i.test(os.name)) return true;
  if (/windows\s*(xp|vista|7|8(\.1)?)\b/i.test(os.name)) return false;
  return /windows/i.test(os.name) && os.build !== undefined && Number(os.build.split(".")[0]) >= 10240;
}

const os = machineRule(
  {
    id: "PC-OS", level: "min", section: SECTION,
    title: { zh: "Windows 10 操作系统", en: "Windows 10" },
    explanation: { zh: "考生机操作系统为 Windows 10（或更新版本）。", en: "Candidate machines run Windows 10 (or later)." },
    fix: { zh: "升级操作系统到 Windows 10", en: "upgrade to Windows 10" },
    checks: { zh: "os.name 为 Windows 10/11，或 os.build ≥ 10240", en: "os.name is Windows 10/11, or os.build ≥ 10240" },
  },
  (u) => {
    const o = u.facts.os;
    if (!o) return [notDeclaredAt(u.target, where(u), { zh: "操作系统", en: "the operating system" })];
    if (isWindows10OrLater(o)) return [];
    return [fail(u.target, `${u.label.zh}的操作系统为 ${o.name}${o.build ? `（${o.build}）` : ""}，不是 Windows 10`, `${u.label.en} runs ${o.name}${o.build ? ` (build ${o.build})` : ""}, not Windows 10`, { os: o.name, build: o.build })];
  },
);

const usb = machineRule(
  {
    id: "PC-USB", level: "min", section: SECTION,
    title: { zh: "至少一个 USB 2.0 接口", en: "At least one USB 2.0 port" },
    explanation: { zh: "考生机至少有一个 USB 2.0 接口。", en: "At least one USB 2.0 port." },
    fix: { zh: "更换考生机或加装 USB 接口", en: "use a machine with a USB port" },
    checks: { zh: "usb2Ports ≥ 1", en: "usb2Ports ≥ 1" },
  },
  (u) => checkThreshold({ target: u.target, where: where(u), what: { zh: "USB 2.0 接口数", en: "USB 2.0 ports" }, value: u.facts.usb2Ports, min: 1 }),
);

const IME_ALIASES: Record<string, "en" | "pinyin" | "wubi"> = {
  en: "en", english: "en", "en-us": "en", 英文: "en", 英语: "en",
  pinyin: "pinyin", 拼音: "pinyin", 微软拼音: "pinyin", "microsoft pinyin": "pinyin",
  wubi: "wubi", 五笔: "wubi", 微软五笔: "wubi", "microsoft wubi": "wubi",
};
const IME_NAMES = { en: ["英文", "English"], pinyin: ["拼音", "Pinyin"], wubi: ["五笔", "Wubi"] } as const;

const ime = machineRule(
  {
    id: "PC-IME", level: "min", section: SECTION,
    title: { zh: "英文、拼音、五笔输入法（无广告）", en: "English, Pinyin and Wubi input methods (no ads)" },
    explanation: { zh: "考生机须有英文、拼音、五笔输入法，且输入法不得带广告。", en: "English, Pinyin and Wubi input methods are installed, without advertising." },
    fix: { zh: "安装缺少的输入法（建议系统自带的微软拼音/五笔）", en: "install the missing input methods (the built-in Microsoft Pinyin/Wubi)" },
    checks: { zh: "imes 包含 en、pinyin、wubi", en: "imes contains en, pinyin and wubi" },
  },
  (u) => {
    const imes = u.facts.imes;
    if (!imes) return [notDeclaredAt(u.target, where(u), { zh: "输入法", en: "the input methods" })];
    const have = new Set(imes.map((i) => IME_ALIASES[i.trim().toLowerCase()]).filter(Boolean));
    const missing = (["en", "pinyin", "wubi"] as const).filter((k) => !have.has(k));
    if (missing.length === 0) return [];
    return [fail(u.target, `${u.label.zh}缺少输入法：${missing.map((m) => IME_NAMES[m][0]).join("、")}`, `${u.label.en} lacks input methods: ${missing.map((m) => IME_NAMES[m][1]).join(", ")}`, { missing })];
  },
);

const browser = machineRule(
  {
    id: "PC-BROWSER", level: "min", section: "§3.2 (3), §3.3",
    title: { zh: "Chrome 75 以上或 IE9 以上浏览器", en: "Chrome 75+ or IE9+ browser" },
    explanation: { zh: "浏览器为 Chrome 稳定版 75.0 以上或 IE9 以上（§3.3 亦接受 Firefox）。", en: "Chrome stable 75.0 or newer, or IE9 or newer (§3.3 also accepts Firefox)." },
    fix: { zh: "安装 Chrome 75 或更新版本", en: "install Chrome 75 or newer" },
    checks: { zh: "browsers.chrome（或 tools.chrome）≥ 75，或 browsers.ie ≥ 9，或已装 Firefox", en: "browsers.chrome (or tools.chrome) ≥ 75, or browsers.ie ≥ 9, or Firefox installed" },
  },
  (u) => {
    const b = u.facts.browsers ?? {};
    const chrome = b.chrome ?? u.facts.tools?.chrome;
    if (!chrome && !b.ie && !b.firefox) {
      // The one missing-tool policy (toolState): measured absent = error, unknown = warning.
      const state = toolState(u, "chrome", undefined);
      if (state === "absent") return [fail(u.target, `${u.label.zh}未安装浏览器（需要 Chrome 75 以上、IE9 以上或 Firefox）`, `${u.label.en}: no browser is installed (Chrome 75+, IE9+ or Firefox is required)`, { installed: null })];
      const what = { zh: "浏览器版本", en: "the browser versions" };
      return [u.measured ? notMeasuredAt(u.target, where(u), what) : notDeclaredAt(u.target, where(u), what)];
    }
    const ok = (chrome !== undefined && (majorOf(chrome) ?? 0) >= 75) || (b.ie !== undefined && (majorOf(b.ie) ?? 0) >= 9) || b.firefox !== undefined;
    if (ok) return [];
    const found = [chrome && `Chrome ${chrome}`, b.ie && `IE ${b.ie}`].filter(Boolean).join(", ");
    return [fail(u.target, `${u.label.zh}的浏览器版本过低（${found}），需要 Chrome 75 或 IE9 以上`, `${u.label.en}: browser too old (${found}); Chrome 75+ or IE9+ is required`, { chrome, ie: b.ie })];
  },
);

const networkAllowlist = machineRule(
  {
    id: "PC-NETWORK-ALLOWLIST", level: "min", section: "§3.2 (3)",
    title: { zh: "考生机只能访问白名单地址", en: "Machine reaches only allowlisted addresses" },
    explanation: { zh: "考生机只能访问白名单内的地址，白名单内的考试地址须可达。", en: "The machine reaches only allowlisted addresses, and the allowlisted exam addresses are reachable." },
    fix: { zh: "检查路由器白名单配置后重新运行环境检测脚本", en: "fix the router allowlist, then rerun the environment-check script" },
    checks: { zh: "清单中 network.blockedUnreachable 与 network.allowedReachable 均为 true（未测量的由 ROUTER-ALLOWLIST-VERIFIED 报告）", en: "inventory network.blockedUnreachable and network.allowedReachable are true (unmeasured machines are reported by ROUTER-ALLOWLIST-VERIFIED)" },
  },
  (u) => {
    const n = u.facts.network;
    const out = [];
    const failures = n?.failures ?? [];
    if (n?.blockedUnreachable === false) out.push(fail(u.target, `${u.label.zh}能访问白名单以外的地址${failures.length ? `：${failures.join("、")}` : ""}`, `${u.label.en} can reach addresses outside the allowlist${failures.length ? `: ${failures.join(", ")}` : ""}`, { failures }));
    if (n?.allowedReachable === false) out.push(fail(u.target, `${u.label.zh}无法访问白名单内的考试地址`, `${u.label.en} cannot reach the allowlisted exam addresses`, { failures }));
    return out;
  },
  (u) => u.measured,
);

const envCheck = machineRule(
  {
    id: "PC-ENV-CHECK", level: "min", section: "§3.2 (3)",
    title: { zh: "通过考试系统环境检测", en: "Passes the exam system's environment check" },
    explanation: { zh: "考生机须通过监考系统的环境检测。", en: "The machine passes the proctoring system's environment check (环境检测)." },
    fix: { zh: "在考生机上运行环境检测并修复报告的问题", en: "run the environment check on the machine and fix what it reports" },
    checks: { zh: "清单中 envCheckPassed 为 true", en: "inventory envCheckPassed is true" },
  },
  (u) => {
    if (u.facts.envCheckPassed === undefined) return [notDeclaredAt(u.target, where(u), { zh: "环境检测结果", en: "the environment-check result" })];
    return u.facts.envCheckPassed ? [] : [fail(u.target, `${u.label.zh}未通过环境检测`, `${u.label.en} failed the environment check`)];
  },
);

export const machinePack: RulePack = {
  name: "machine",
  rules: [
    cpuCores, cpuClock, ram, disk, display, nic, staticIp, restoreCard, os,
    attestationRule({
      id: "PC-MALWARE-FREE", section: SECTION,
      title: { zh: "无病毒，杀毒软件与防火墙放行考试系统", en: "Virus-free; antivirus and firewall allow the exam system" },
      explanation: { zh: "考生机无病毒，杀毒软件与防火墙设置为允许考试系统运行（或已加入白名单）。", en: "Machines are virus-free and antivirus/firewall allow the exam system (or list it)." },
      checks: { zh: "attestations.PC-MALWARE-FREE 为 true", en: "attestations.PC-MALWARE-FREE is true" },
    }),
    attestationRule({
      id: "PC-PERIPHERALS", section: SECTION,
      title: { zh: "键盘、鼠标、显示器工作正常", en: "Keyboard, mouse and monitor work" },
      explanation: { zh: "考生机的键盘、鼠标、显示器须工作正常。", en: "Every machine's keyboard, mouse and monitor work." },
      checks: { zh: "attestations.PC-PERIPHERALS 为 true", en: "attestations.PC-PERIPHERALS is true" },
    }),
    usb, ime, browser, networkAllowlist, envCheck,
  ],
};
