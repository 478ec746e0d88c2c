import { z } from "zod";
import { ClockTime, Id, IsoDate, TimeZone, NonNegInt, PosInt, Positive, RoomId } from "./common";

/** Where a device stands when it is inside an exam room (drawn on that room's floor plan). */
export const Placement = z.strictObject({ room: RoomId, x: z.number(), y: z.number() });
import { ROUTER_FAMILIES } from "../router-families";

/** Site network: address blocks the IP plan allocates from (§3.2), DNS, exam servers. */
export const Network = z.strictObject({
  /** IPv4 block for the whole site, for example 10.20.0.0/16. */
  block: z.string(),
  /** Optional IPv6 block (for example fd00:20::/48); rooms then get a /64 each. */
  block6: z.string().optional(),
  /** Prefix length of each room's IPv4 subnet. */
  roomPrefix: z.number().int().min(8).max(29).default(24),
  roomPrefix6: z.number().int().min(48).max(124).default(64),
  /** DNS servers handed to candidate machines; defaults to the router (the allowlist resolver). */
  dns: z.array(z.string()).optional(),
  /** Exam platform / exam servers candidates must reach (on the LAN or outside). */
  examServers: z
    .array(
      z.strictObject({
        name: z.string().regex(/^[A-Za-z0-9-]{1,32}$/, "expected a name of letters, digits and '-'"),
        address: z.string().min(1),
        ports: z.array(z.number().int().min(1).max(65535)).default([80, 443]),
      }),
    )
    .default([]),
});

export const Router = z.strictObject({
  /** Generator target family for the allowlist configuration. */
  family: z.enum(ROUTER_FAMILIES),
  model: z.string().max(64).optional(),
  /** 带机量: connected devices it supports. */
  maxDevices: PosInt.optional(),
  bandwidthMbps: Positive.optional(),
  vpnTunnels: NonNegInt.optional(),
  accessPoints: NonNegInt.optional(),
  cpuCores: PosInt.optional(),
  features: z
    .strictObject({
      httpUrlFilter: z.boolean().default(false),
      httpsUrlFilter: z.boolean().default(false),
      appRecognition: z.boolean().default(false),
      allowlist: z.boolean().default(false),
    })
    .default({ httpUrlFilter: false, httpsUrlFilter: false, appRecognition: false, allowlist: false }),
  /** Position in an exam room, when the router stands in one (shown on the floor plan). */
  placement: Placement.optional(),
  /**
   * 路由器系统版本 / The router's OS release, e.g. "23.05.5" for OpenWrt (family openwrt), "7.14" for
   * RouterOS. The generator emits only what that release supports (OpenWrt 23.05.0–23.05.2 ship
   * dnsmasq 2.89: no filter-rr) and refuses releases it cannot serve (OpenWrt before 23.05).
   * Default: unknown — the oldest supported release is assumed.
   */
  osVersion: z.string().regex(/^[0-9][0-9A-Za-z.+~-]{0,31}$/, "expected a version such as 23.05.5").optional(),
  /**
   * dnsmasq 版本 / dnsmasq version on a Linux router (families nftables, dnsmasq), e.g. "2.90"
   * (Debian 12 updates). Default: unknown — 2.87 (the first with nftset) is assumed, so
   * filter-rr (2.90) is left out.
   */
  dnsmasqVersion: z.string().regex(/^2\.\d{2}$/, "expected a dnsmasq version such as 2.90").optional(),
  /**
   * 只连接考生机的接口或网桥端口 / Router interfaces or bridge ports that carry only candidate
   * machines (e.g. ["lan2", "lan3"] or ["br-lan.201"]). When given, seats are bound to them:
   * any source address from these ports that is not a seat address is dropped, and seat
   * addresses from elsewhere are dropped. Default: none (seats are recognised by address and
   * the reverse-path check only).
   */
  seatInterfaces: z.array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,14}$/, "expected an interface name (at most 15 letters, digits, . _ @ -)")).max(64).default([]),
  /**
   * 路由器自身使用的 NTP 服务器 / NTP servers the router itself uses: these names and the names
   * below them stay resolvable through the allowlist resolver (seats still cannot reach them).
   * Default: pool.ntp.org (covers OpenWrt's 0–3.openwrt.pool.ntp.org), ntp.aliyun.com, ntp.tencent.com.
   */
  ntpServers: z
    .array(z.string().max(253).regex(/^([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$|^[0-9a-fA-F:.]+$/, "expected a host name (letters, digits, '-' and '.') or an IP address"))
    .max(8)
    .optional(),
  /** Management address for scripts/apply-router (ssh://user@host:port). */
  ssh: z.string().regex(/^ssh:\/\/[A-Za-z0-9._-]+@[A-Za-z0-9.:_\[\]-]+(:\d+)?$/, "expected ssh://user@host[:port]").optional(),
});

/** Video recorder and its storage (§2.1 (4), §8.1). */
export const Nvr = z.strictObject({
  model: z.string().max(64).optional(),
  /** Raw capacity of all disks, in TB (10^12 bytes). */
  disks: z.array(Positive).min(1, "expected at least one disk size in TB"),
  raid: z.enum(["none", "raid0", "raid1", "raid5", "raid6", "raid10"]).default("none"),
  local: z.boolean().default(true),
  retentionYears: Positive.default(5),
  /** Recorded hours per exam day; defaults to the schedule's sessions plus entry and hand-in time. */
  recordedHoursPerExamDay: Positive.optional(),
  /** Exam days per year; defaults to the number of dates in the schedule (at least 1). */
  examDaysPerYear: PosInt.optional(),
});

/** A server that runs the containerised databases (issue: databases). */
export const LabServer = z.strictObject({
  id: Id,
  /** Docker endpoint: unix:///var/run/docker.sock, tcp://host:2376 or ssh://user@host[:port]. */
  docker: z
    .string()
    .regex(/^(unix:\/\/\/[\w./-]+|tcp:\/\/[\w.-]+(:\d+)?|ssh:\/\/[\w.-]+@[\w.-]+(:\d+)?)$/, "expected unix:///path, tcp://host:port or ssh://user@host[:port]")
    .default("unix:///var/run/docker.sock"),
  cpus: Positive,
  memoryGB: Positive,
  diskGB: Positive.optional(),
  /** Address on the site network; allocated from the infrastructure subnet when omitted. */
  ipv4: z.string().optional(),
  /** Position in an exam room, when the server stands in one (shown on the floor plan). */
  placement: Placement.optional(),
});

const Session = z.strictObject({ start: ClockTime, end: ClockTime });
/** Exam schedule (§6.4): defaults to the manual's 09:00–10:30 and 14:00–16:30. */
export const Schedule = z.strictObject({
  dates: z.array(IsoDate).default([]),
  theory: Session.default({ start: "09:00", end: "10:30" }),
  practical: Session.default({ start: "14:00", end: "16:30" }),
  timezone: TimeZone.default("Asia/Shanghai"),
});
