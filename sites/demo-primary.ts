// 示例考点（初级，一个考场）— the same schema as the YAML samples, written in TypeScript.
import { defineSite } from "../src/model/schema";

export default defineSite({
  id: "demo-primary",
  name: "示例中学 Python 程序开发考核站点（初级）",
  institution: "示例中学",
  province: "广东",
  levels: ["primary"],
  staff: {
    chiefExaminer: "刘主考",
    deputyExaminers: ["何副主考", "高副主考"],
    technicalLead: { name: "罗技术", registered: true },
    admin: ["梁管理", "宋管理", "唐管理", "许管理", "韩管理"],
    devices: 8,
  },
  // Sample site without an official list: ROUTER-ALLOWLIST errors on the bundled example list.
  // Real sites delete this suppression and name the official list in allowlist.sources.
  suppressions: [{ rule: "ROUTER-ALLOWLIST", target: "allowlist", reason: "示例站点，演示用内置示例白名单 / sample site: demonstrates with the bundled example list" }],
  attestations: Object.fromEntries(
    ["SITE-LEGAL-ENTITY", "SITE-OFFICE", "SITE-RULES", "SITE-DUTY-PHONE", "ROOM-SAFETY", "PC-MALWARE-FREE", "PC-PERIPHERALS"].map((id) => [
      id,
      { value: true, by: "刘主考", date: "2026-11-05" },
    ]),
  ),
  network: { block: "10.30.0.0/16", examServers: [{ name: "exam-platform", address: "exam.1x-python.example.cn", ports: [80, 443] }] },
  router: {
    family: "nftables",
    model: "Debian 12 gateway",
    maxDevices: 200,
    bandwidthMbps: 1000,
    vpnTunnels: 100,
    accessPoints: 100,
    cpuCores: 4,
    features: { httpUrlFilter: true, httpsUrlFilter: true, appRecognition: true, allowlist: true },
  },
  nvr: { disks: [4, 4], raid: "raid1", retentionYears: 5 },
  schedule: { dates: ["2026-12-19"] },
  rooms: [
    {
      id: "A101",
      levels: ["primary"],
      candidates: 40,
      backupPower: true,
      layout: { widthM: 12, depthM: 12, rows: 5, columns: 10, pitchM: 1.1, rowPitchM: 1.6 },
      cameras: [
        { id: "front", position: "front", x: 6, y: 0.3, directionDeg: 90, fovDeg: 110, rangeM: 15 },
        { id: "back", position: "back", x: 6, y: 11.7, directionDeg: 270, fovDeg: 110, rangeM: 15 },
      ],
      staff: { proctors: ["马监考", "朱监考"], networkSupport: ["胡技术"] },
      machineProfile: {
        cpuCores: 4, cpuGHz: 2.8, ramGB: 8, diskFreeGB: 200, display: "1920x1080", nicSpeedMbps: 1000, nicFullDuplex: true,
        ipAssignment: "static", restoreCard: "off", os: { name: "Windows 10 Education", build: "19045" }, usb2Ports: 4,
        browsers: { chrome: "75.0.3770.100" }, imes: ["en", "pinyin", "wubi"],
        tools: { chrome: "75.0.3770.100", python: "3.7.9", pycharm: "2021.1.3", requests: "2.26.0", lxml: "4.6.3" },
      },
    },
  ],
});
