import { renderTemplate } from "../render";
import { guard } from "../escape";
import type { RenderInput, RenderedFile } from "../model";
import { plainAddresses } from "./shared";
import { unboundZones } from "./unbound";
import { policyPlan, type PlanRule } from "./policy-plan";
import type { Target } from "./types";

/**
 * pfSense/OPNsense (router-targets.md (g), sources in docs/router-vendor-sources.md): Unbound
 * zones, alias files, and the exam interface's rule table rendered from the intent's policy plan
 * (./policy-plan.ts), top to bottom, first match. Names are matched by a Host alias of FQDNs
 * (exact names: aliases have no wildcards), networks by Network aliases. GUI schedules are plain
 * clock tests, so no exam-hours opening is rendered: the policy is always on (fail closed).
 */
const ALIAS: Record<string, string> = { examlab_rooms: "EXAMLAB_ROOMS", examlab_router: "EXAMLAB_ROUTER", examlab_lan: "EXAMLAB_LAN" };

export function pfContext(input: RenderInput) {
  const plan = policyPlan(input);
  const aliasOf = (set: string) => ALIAS[set] ?? guard.ident(set).toUpperCase();
  const aliases: { aliasName: string; aliasFile: string; aliasDescription: string; networks: string[] }[] = plan.addressSets.map((s) => ({
    aliasName: aliasOf(s.name),
    aliasFile: `aliases/${aliasOf(s.name)}.txt`,
    aliasDescription: `Network alias ${aliasOf(s.name)}`,
    networks: plainAddresses(s.cidrs),
  }));
  for (const f of plan.urlFilters) {
    const name = `EXAMLAB_${guard.ident(f.group).toUpperCase()}_HOSTS`;
    aliases.push({ aliasName: name, aliasFile: `aliases/${name}.txt`, aliasDescription: `Host alias ${name} (FQDNs, exact names)`, networks: f.hosts.map((h) => guard.name(h.name)) });
  }
  const services = new Map(plan.serviceSets.map((s) => [s.name, s.items]));
  const rows: string[] = [];
  let n = 0;
  const row = (r: PlanRule) => {
    if (r.open) return; // no exam-hours opening: schedules would fail open on a wrong clock
    const src = "set" in r.src ? aliasOf(r.src.set) : "host" in r.src ? guard.address(r.src.host) : "*";
    const dst = r.urlFilter ? `EXAMLAB_${guard.ident(r.urlFilter).toUpperCase()}_HOSTS` : r.dst ? ("set" in r.dst ? aliasOf(r.dst.set) : guard.address(r.dst.host)) : "*";
    const items = r.service ? services.get(r.service) ?? [] : [];
    const protos = items.length ? [...new Set(items.map((i) => i.protocol.toUpperCase()))].join("/") : "any";
    const ports = [...new Set(items.flatMap((i) => i.ports))].join(",") || "*";
    const action = r.action === "permit" ? "pass" : "block";
    rows.push(`| ${++n} | ${action} | IPv4 | ${protos} | ${"zone" in r.src ? "*" : src} | ${dst} | ${ports} | ${guard.asciiComment(r.en)} |`);
  };
  plan.rules.forEach(row);
  return {
    ...unboundZones(input),
    aliases,
    rules: rows,
    rooms: plan.addressSets[0].cidrs,
    examHours: plan.intent.window.mode === "exam-hours",
  };
}

export const pfsenseTarget: Target = {
  id: "pfsense",
  kind: "router",
  title: "pfSense (alias import + DNS Resolver options + rule table checklist)",
  validator: "unbound-checkconf on the resolver options; rule table read back into the intent rule model by tests/allowlist/vendor-intent.test.ts",
  apply: "checklist",
  render(input: RenderInput): RenderedFile[] {
    return renderTemplate("router/pfsense.hbs", {}, { ...input, ...pfContext(input) });
  },
};
