import { renderTemplate } from "../render";
import { pushAll } from "../../util/arrays";
import { guard } from "../escape";
import type { RenderInput } from "../model";
import { policyPlan, WEEKDAYS, type PlanRule, type PolicyPlan } from "./policy-plan";
import type { Target } from "./types";

/**
 * Huawei USG / HiSecEngine command script (router-targets.md (h); syntax sources in
 * docs/router-vendor-sources.md): the intent's policy plan (./policy-plan.ts) as address sets,
 * service sets, a fail-closed time range, URL-filter profiles and an ordered security policy,
 * plus an undo script and a step-by-step checklist (console and web UI) with `display` checks.
 */
export const huaweiTarget: Target = {
  id: "huawei",
  kind: "router",
  title: "Huawei USG / AR command script + undo + checklist",
  validator: "none (device only); read back into the intent rule model by tests/allowlist/vendor-intent.test.ts",
  apply: "checklist",
  render(input: RenderInput) {
    const plan = policyPlan(input);
    return renderTemplate("router/huawei.hbs", {}, { ...input, ...huaweiLines(plan) });
  },
};

/** Huawei period-range days: 0 (Sunday) … 6, or `daily`. */
function days(list: readonly string[]): string {
  return list.length === 7 ? "daily" : list.map((d) => String(WEEKDAYS.indexOf(d as (typeof WEEKDAYS)[number]))).join(" ");
}

function huaweiLines(plan: PolicyPlan) {
  const objects: string[] = [];
  for (const s of plan.addressSets) {
    objects.push(`ip address-set ${s.name} type object`);
    s.cidrs.forEach((c, i) => {
      const [a, len] = c.split("/");
      objects.push(` address ${i} ${a} mask ${len}`);
    });
    objects.push("quit");
  }
  for (const s of plan.serviceSets) {
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
  const rules: string[] = [];
  for (const r of plan.rules) pushAll(rules, ruleLines(r));
  const undo: string[] = ["security-policy", ...plan.rules.map((r) => ` undo rule name ${r.name}`), "quit"];
  for (const f of plan.urlFilters) undo.push(`undo profile type url-filter name ${f.name}`);
  if (plan.openRange) undo.push(`undo time-range ${plan.openRange.name}`);
  for (const s of plan.serviceSets) undo.push(`undo ip service-set ${s.name}`);
  for (const s of plan.addressSets) undo.push(`undo ip address-set ${s.name}`);
  return { objects, profiles, rules, undo, skipped, ruleCount: plan.rules.length, rooms: plan.addressSets[0].cidrs };
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
