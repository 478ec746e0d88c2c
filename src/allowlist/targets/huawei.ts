import { renderTemplate } from "../render";
import { pushAll } from "../../util/arrays";
import { guard } from "../escape";
import type { RenderInput } from "../model";
import { policyPlan, WEEKDAYS, type PlanRule, type PolicyPlan } from "./policy-plan";
import { policyPlan6 } from "./policy-plan6";
import { aspect, enforcement, ipv6Aspect, windowAspect } from "./enforcement-text";
import type { Target } from "./types";

/**
 * Huawei USG / HiSecEngine command script (router-targets.md (h); syntax sources in
 * docs/router-vendor-sources.md): the intent's policy plan (./policy-plan.ts) as address sets,
 * service sets, a fail-closed time range, URL-filter profiles and an ordered security policy,
 * plus an undo script and a step-by-step checklist (console and web UI) with `display` checks.
 * The USG security policy is dual-stack: the IPv6 half of the plan (./policy-plan6.ts) becomes
 * rules of the same policy whose address sets hold IPv6 members only (the two halves never match
 * the same packet, so their relative order does not matter).
 */
export const huaweiTarget: Target = {
  id: "huawei",
  kind: "router",
  title: "Huawei USG / AR command script + undo + checklist",
  validator: "none (device only); read back into the intent rule model by tests/allowlist/vendor-intent.test.ts",
  apply: "checklist",
  enforces(input: RenderInput) {
    return enforcement("huawei", {
      allowlist: aspect("enforced", "白名单 IP 用地址集放行，域名用 URL 过滤白名单（HTTPS 需开启加密流量过滤读取 SNI）", "IP entries through an address set, names through a URL-filter whitelist (HTTPS needs encrypted-traffic filtering for the SNI)"),
      dnsOnly: aspect("enforced", "考生机只能向路由器查询 DNS", "seats may only ask the router for DNS"),
      dotQuic: aspect("enforced", "拒绝 TCP/UDP 853 与 UDP 443", "TCP/UDP 853 and UDP 443 denied"),
      ipv6: ipv6Aspect(input, true),
      seatIsolation: aspect("partial", "跨网段（跨考场）考生机互访被拒绝；同一交换机下需开启端口隔离", "seat-to-seat across rooms denied; seats on one access switch need port isolation"),
      managementLockdown: aspect("enforced", "考生机到设备自身地址只允许 DNS、DHCP、ping", "seats reach the device only for DNS, DHCP and ping"),
      examWindow: windowAspect(input, "failClosed", { zh: "time-range 带绝对起始日期，时钟复位后不放行", en: "time range anchored by an absolute start date; a reset clock never opens" }),
      rebinding: aspect("enforced", "局域网目的地址在白名单之前拒绝", "LAN destinations denied before the allowlist"),
      minOsVersion: { zh: "USG6000/6000E（一体化安全策略，ip service-set）；未在设备上验证", en: "USG6000/6000E (integrated security policy, ip service-set); not verified on a device" },
    });
  },
  render(input: RenderInput) {
    return renderTemplate("router/huawei.hbs", {}, { ...input, ...huaweiLines(policyPlan(input), policyPlan6(input)) });
  },
};

/** Huawei period-range days: 0 (Sunday) … 6, or `daily`. */
function days(list: readonly string[]): string {
  return list.length === 7 ? "daily" : list.map((d) => String(WEEKDAYS.indexOf(d as (typeof WEEKDAYS)[number]))).join(" ");
}

function huaweiLines(plan: PolicyPlan, plan6: PolicyPlan) {
  const objects: string[] = [];
  const addressSets = [...plan.addressSets, ...plan6.addressSets];
  for (const s of addressSets) {
    objects.push(`ip address-set ${s.name} type object`);
    s.cidrs.forEach((c, i) => {
      const [a, len] = c.split("/");
      // IPv4: `address ID A.B.C.D mask LEN`; IPv6: `address ID X:X::X LEN` (USG `address` command).
      objects.push(a.includes(":") ? ` address ${i} ${a} ${len}` : ` address ${i} ${a} mask ${len}`);
    });
    objects.push("quit");
  }
  // The IPv6 half reuses the IPv4 half's service sets by name; only new ones (ICMPv6, IPv6 exam servers) are added.
  const serviceSets = [...plan.serviceSets, ...plan6.serviceSets.filter((s) => !plan.serviceSets.some((t) => t.name === s.name))];
  for (const s of serviceSets) {
    objects.push(`ip service-set ${s.name} type object`);
    s.items.forEach((it, i) => objects.push(` service ${i} protocol ${it.protocol}${it.ports.length ? ` destination-port ${it.ports.join(" ")}` : ""}`));
    objects.push("quit");
  }
  if (plan.openRange) {
    objects.push(`time-range ${plan.openRange.name}`);
    for (const p of plan.openRange.periods) objects.push(` period-range ${p.start}:00 to ${p.end === "23:59" ? "23:59:59" : `${p.end}:00`} ${days(p.days)}`);
    objects.push(` absolute-range 00:00:00 ${plan.openRange.fromDate}`);
    objects.push("quit");
  }
  const profiles: string[] = [];
  const skipped: string[] = [];
  for (const f of plan.urlFilters) {
    profiles.push(`profile type url-filter name ${f.name}`);
    for (const h of f.hosts) {
      // Host rules are 4–255 characters (router-targets.md (h)); shorter names cannot be expressed.
      if (h.name.length < 4) { skipped.push(`#   ${h.name}`); continue; }
      profiles.push(` add whitelist host ${h.name}`);
      if (h.match === "subtree") profiles.push(` add whitelist host *.${h.name}`);
    }
    profiles.push(" category pre-defined action block");
    profiles.push("quit");
  }
  const allRules = [...plan.rules, ...plan6.rules];
  const rules: string[] = [];
  for (const r of allRules) pushAll(rules, ruleLines(r));
  const undo: string[] = ["security-policy", ...allRules.map((r) => ` undo rule name ${r.name}`), "quit"];
  for (const f of plan.urlFilters) undo.push(`undo profile type url-filter name ${f.name}`);
  if (plan.openRange) undo.push(`undo time-range ${plan.openRange.name}`);
  for (const s of serviceSets) undo.push(`undo ip service-set ${s.name}`);
  for (const s of addressSets) undo.push(`undo ip address-set ${s.name}`);
  const rooms6 = plan6.addressSets.find((s) => s.name === "examlab_rooms6")?.cidrs ?? [];
  return { objects, profiles, rules, undo, skipped, ruleCount: plan.rules.length, ruleCount6: plan6.rules.length, ruleCountAll: allRules.length, rooms: plan.addressSets[0].cidrs, rooms6, ipv6Block: plan.intent.lan.ipv6 === "block" };
}

function ruleLines(r: PlanRule): string[] {
  const out = [` rule name ${guard.ident(r.name)}`, `  description ${guard.asciiComment(r.en).replace(/[?]/g, "")}`];
  if ("set" in r.src) out.push(`  source-address address-set ${r.src.set}`);
  else if ("host" in r.src) out.push(`  source-address ${guard.address(r.src.host)} 32`);
  else out.push("  source-address address-set examlab_rooms");
  if (r.dst) out.push("set" in r.dst ? `  destination-address address-set ${r.dst.set}` : `  destination-address ${guard.address(r.dst.host)} 32`);
  if (r.service) out.push(`  service ${r.service}`);
  if (r.open) out.push("  time-range examlab_open");
  if (r.urlFilter) out.push(`  profile url-filter examlab_${r.urlFilter}`);
  out.push(`  action ${r.action}`);
  return out;
}
