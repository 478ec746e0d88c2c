import { renderTemplate } from "../render";
import { pushAll } from "../../util/arrays";
import { guard } from "../escape";
import type { RenderInput } from "../model";
import { dottedMask, policyPlan, WEEKDAYS, type PlanRule, type PolicyPlan } from "./policy-plan";
import { policyPlan6 } from "./policy-plan6";
import { aspect, enforcement, ipv6Aspect, windowAspect } from "./enforcement-text";
import type { Target } from "./types";

/**
 * H3C Comware 7 (SecPath / MSR with security policies; router-targets.md (i), syntax sources in
 * docs/router-vendor-sources.md): the same policy plan as Huawei (./policy-plan.ts) as object
 * groups, a fail-closed time range, URL-filter policies in an app profile and an ordered
 * `security-policy ip`, plus an undo script and a checklist with `display` checks. The IPv6 half
 * of the plan (./policy-plan6.ts) becomes `object-group ipv6 address` groups and an ordered
 * `security-policy ipv6` with the same services, time range and URL-filter app profiles.
 */
export const h3cTarget: Target = {
  id: "h3c",
  kind: "router",
  title: "H3C Comware 7 command script + undo + checklist",
  validator: "none (device only); read back into the intent rule model by tests/allowlist/vendor-intent.test.ts",
  apply: "checklist",
  enforces(input: RenderInput) {
    return enforcement("h3c", {
      allowlist: aspect("enforced", "白名单 IP 用对象组放行，域名用 URL 过滤白名单（DPI 应用配置文件）", "IP entries through object groups, names through a URL-filter whitelist (DPI app profile)"),
      dnsOnly: aspect("enforced", "考生机只能向路由器查询 DNS", "seats may only ask the router for DNS"),
      dotQuic: aspect("enforced", "拒绝 TCP/UDP 853 与 UDP 443", "TCP/UDP 853 and UDP 443 denied"),
      ipv6: ipv6Aspect(input, true),
      seatIsolation: aspect("partial", "跨网段（跨考场）考生机互访被拒绝；同一交换机下需开启端口隔离", "seat-to-seat across rooms denied; seats on one access switch need port isolation"),
      managementLockdown: aspect("enforced", "考生机到设备自身地址只允许 DNS、DHCP、ping", "seats reach the device only for DNS, DHCP and ping"),
      examWindow: windowAspect(input, "failClosed", { zh: "time-range 每条带起始日期，时钟复位后不放行", en: "every time-range statement carries a start date; a reset clock never opens" }),
      rebinding: aspect("enforced", "局域网目的地址在白名单之前拒绝", "LAN destinations denied before the allowlist"),
      minOsVersion: { zh: "Comware 7（security-policy ip 与 ipv6）；Comware 5 语法不同；未在设备上验证", en: "Comware 7 (security-policy ip and ipv6); Comware 5 differs; not verified on a device" },
    });
  },
  render(input: RenderInput) {
    return renderTemplate("router/h3c.hbs", {}, { ...input, ...h3cLines(policyPlan(input), policyPlan6(input)) });
  },
};

/** Comware time-range days: 0 (Sunday) … 6, or `daily`. */
function days(list: readonly string[]): string {
  return list.length === 7 ? "daily" : list.map((d) => String(WEEKDAYS.indexOf(d as (typeof WEEKDAYS)[number]))).join(" ");
}

function h3cLines(plan: PolicyPlan, plan6: PolicyPlan) {
  const objects: string[] = [];
  for (const s of plan.addressSets) {
    objects.push(`object-group ip address ${s.name}`);
    for (const c of s.cidrs) {
      const [a, len] = c.split("/");
      objects.push(len === "32" ? ` network host address ${a}` : ` network subnet ${a} ${dottedMask(Number(len))}`);
    }
    objects.push("quit");
  }
  // IPv6 groups take a prefix length, not a mask (object group commands, IPv6 address object group view).
  for (const s of plan6.addressSets) {
    objects.push(`object-group ipv6 address ${s.name}`);
    for (const c of s.cidrs) {
      const [a, len] = c.split("/");
      objects.push(len === "128" ? ` network host address ${a}` : ` network subnet ${a} ${len}`);
    }
    objects.push("quit");
  }
  // The IPv6 half reuses the IPv4 half's service groups by name; only new ones (ICMPv6, IPv6 exam servers) are added.
  const serviceSets = [...plan.serviceSets, ...plan6.serviceSets.filter((s) => !plan.serviceSets.some((t) => t.name === s.name))];
  for (const s of serviceSets) {
    objects.push(`object-group service ${s.name}`);
    for (const it of s.items) {
      if (it.protocol === "icmp" || it.protocol === "icmpv6" || !it.ports.length) objects.push(` service ${it.protocol}`);
      else for (const p of it.ports) objects.push(` service ${it.protocol} destination eq ${p}`);
    }
    objects.push("quit");
  }
  if (plan.openRange) {
    const r = plan.openRange;
    for (const p of r.periods) objects.push(`time-range ${r.name} ${p.start} to ${p.end === "23:59" ? "24:00" : p.end} ${days(p.days)} from 00:00 ${r.fromDate}`);
  }
  const profiles: string[] = [];
  const skipped: string[] = [];
  for (const f of plan.urlFilters) {
    let id = 1;
    profiles.push(`url-filter policy ${f.name}`);
    for (const h of f.hosts) {
      // Text patterns need at least 3 consecutive literal characters (router-targets.md (i)).
      if (h.name.length < 4) { skipped.push(`#   ${h.name}`); continue; }
      profiles.push(` add whitelist ${id++} host text ${h.name}`);
      if (h.match === "subtree") profiles.push(` add whitelist ${id++} host text *.${h.name}`);
    }
    profiles.push(" default-action drop", "quit", `app-profile ${f.name}`, ` url-filter apply policy ${f.name}`, "quit");
  }
  if (plan.urlFilters.length) profiles.push("inspect activate");
  const rules: string[] = [];
  for (const r of plan.rules) pushAll(rules, ruleLines(r));
  const rules6: string[] = [];
  for (const r of plan6.rules) pushAll(rules6, ruleLines(r));
  const undo: string[] = ["security-policy ip", ...plan.rules.map((r) => ` undo rule name ${r.name}`), "quit"];
  undo.push("security-policy ipv6");
  pushAll(undo, plan6.rules.map((r) => ` undo rule name ${r.name}`));
  undo.push("quit");
  for (const f of plan.urlFilters) undo.push(`undo app-profile ${f.name}`, `undo url-filter policy ${f.name}`);
  if (plan.urlFilters.length) undo.push("inspect activate");
  if (plan.openRange) undo.push(`undo time-range ${plan.openRange.name}`);
  for (const s of serviceSets) undo.push(`undo object-group service ${s.name}`);
  for (const s of plan.addressSets) undo.push(`undo object-group ip address ${s.name}`);
  for (const s of plan6.addressSets) undo.push(`undo object-group ipv6 address ${s.name}`);
  const rooms6 = plan6.addressSets.find((s) => s.name === "examlab_rooms6")?.cidrs ?? [];
  return { objects, profiles, rules, rules6, undo, skipped, ruleCount: plan.rules.length, ruleCount6: plan6.rules.length, rooms: plan.addressSets[0].cidrs, rooms6, ipv6Block: plan.intent.lan.ipv6 === "block" };
}

function ruleLines(r: PlanRule): string[] {
  const out = [` rule name ${guard.ident(r.name)}`, `  description ${guard.asciiComment(r.en).replace(/[?]/g, "")}`, `  action ${r.action === "permit" ? "pass" : "drop"}`];
  if ("set" in r.src) out.push(`  source-ip ${r.src.set}`);
  else if ("host" in r.src) out.push(`  source-ip-host ${guard.address(r.src.host)}`);
  else out.push("  source-ip examlab_rooms");
  if (r.dst) out.push("set" in r.dst ? `  destination-ip ${r.dst.set}` : `  destination-ip-host ${guard.address(r.dst.host)}`);
  if (r.service) out.push(`  service ${r.service}`);
  if (r.open) out.push("  time-range examlab_open");
  if (r.urlFilter) out.push(`  profile examlab_${r.urlFilter}`);
  return out;
}
