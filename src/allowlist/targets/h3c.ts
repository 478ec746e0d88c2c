import { renderTemplate } from "../render";
import { pushAll } from "../../util/arrays";
import { guard } from "../escape";
import type { RenderInput } from "../model";
import { dottedMask, policyPlan, WEEKDAYS, type PlanRule, type PolicyPlan } from "./policy-plan";
import type { Target } from "./types";

/**
 * H3C Comware 7 (SecPath / MSR with security policies; router-targets.md (i), syntax sources in
 * docs/router-vendor-sources.md): the same policy plan as Huawei (./policy-plan.ts) as object
 * groups, a fail-closed time range, URL-filter policies in an app profile and an ordered
 * `security-policy ip`, plus an undo script and a checklist with `display` checks.
 */
export const h3cTarget: Target = {
  id: "h3c",
  kind: "router",
  title: "H3C Comware 7 command script + undo + checklist",
  validator: "none (device only); read back into the intent rule model by tests/allowlist/vendor-intent.test.ts",
  apply: "checklist",
  render(input: RenderInput) {
    return renderTemplate("router/h3c.hbs", {}, { ...input, ...h3cLines(policyPlan(input)) });
  },
};

/** Comware time-range days: 0 (Sunday) … 6, or `daily`. */
function days(list: readonly string[]): string {
  return list.length === 7 ? "daily" : list.map((d) => String(WEEKDAYS.indexOf(d as (typeof WEEKDAYS)[number]))).join(" ");
}

function h3cLines(plan: PolicyPlan) {
  const objects: string[] = [];
  for (const s of plan.addressSets) {
    objects.push(`object-group ip address ${s.name}`);
    for (const c of s.cidrs) {
      const [a, len] = c.split("/");
      objects.push(len === "32" ? ` network host address ${a}` : ` network subnet ${a} ${dottedMask(Number(len))}`);
    }
    objects.push("quit");
  }
  for (const s of plan.serviceSets) {
    objects.push(`object-group service ${s.name}`);
    for (const it of s.items) {
      if (it.protocol === "icmp" || !it.ports.length) objects.push(` service ${it.protocol}`);
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
  const undo: string[] = ["security-policy ip", ...plan.rules.map((r) => ` undo rule name ${r.name}`), "quit"];
  for (const f of plan.urlFilters) undo.push(`undo app-profile ${f.name}`, `undo url-filter policy ${f.name}`);
  if (plan.urlFilters.length) undo.push("inspect activate");
  if (plan.openRange) undo.push(`undo time-range ${plan.openRange.name}`);
  for (const s of plan.serviceSets) undo.push(`undo object-group service ${s.name}`);
  for (const s of plan.addressSets) undo.push(`undo object-group ip address ${s.name}`);
  return { objects, profiles, rules, undo, skipped, ruleCount: plan.rules.length, rooms: plan.addressSets[0].cidrs };
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
