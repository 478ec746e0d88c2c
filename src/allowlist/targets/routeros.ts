import { renderTemplate } from "../render";
import { guard, rosString } from "../escape";
import type { RenderInput } from "../model";
import { dnsSetsByName } from "./shared";
import type { Target } from "./types";

const ROS_DAYS: Record<string, string> = { Sunday: "sun", Monday: "mon", Tuesday: "tue", Wednesday: "wed", Thursday: "thu", Friday: "fri", Saturday: "sat" };

/**
 * MikroTik RouterOS v7 (router-targets.md (f)): static DNS `type=FWD` entries with
 * `address-list=` (the client's own query fills the list), no default upstream, and a jump into
 * a default-deny chain. Every value is double-quoted with RouterOS escaping.
 */
export const routerosTarget: Target = {
  id: "routeros",
  kind: "router",
  title: "MikroTik RouterOS v7 script",
  validator: "none offline (RouterOS CHR only); examlab's own escaping tests",
  apply: "checklist",
  render(input: RenderInput) {
    const up = guard.address(input.lan.upstreamDns.find((u) => !u.includes(":")) ?? input.lan.upstreamDns[0]);
    const dnsLines: string[] = [];
    for (const [name, { rule, groups }] of dnsSetsByName(input))
      for (const g of groups)
        dnsLines.push(`/ip dns static add name=${rosString(guard.name(name))} type=FWD forward-to=${up} match-subdomain=${rule.match === "subtree" ? "yes" : "no"} address-list=${rosString(`examlab_${guard.ident(g)}`)} comment="examlab"`);
    const list = (l: string, a: string) => `/ip firewall address-list add list=${rosString(l)} address=${rosString(guard.address(a))} comment="examlab"`;
    const list6 = (l: string, a: string) => `/ipv6 firewall address-list add list=${rosString(l)} address=${rosString(guard.address(a))} comment="examlab"`;
    const addressLines = [
      ...input.lan.candidates4.map((c) => list("examlab_rooms", c)),
      ...input.policy.groups.flatMap((g) => g.ipv4.map((c) => list(`examlab_${g.id}`, c))),
    ];
    const filterLines: string[] = [];
    for (const s of input.lan.servers) if (s.ipv4) filterLines.push(`/ip firewall filter add chain=examlab dst-address=${guard.address(s.ipv4)} protocol=tcp ${s.ports.length ? `dst-port=${s.ports.map(guard.port).join(",")} ` : ""}action=accept comment="examlab"`);
    for (const r of input.lan.seatDb) filterLines.push(`/ip firewall filter add chain=examlab src-address=${guard.address(r.seat4)} dst-address=${guard.address(r.server4)} protocol=tcp dst-port=${guard.port(r.port)} action=accept comment="examlab"`);
    for (const g of input.policy.groups) filterLines.push(`/ip firewall filter add chain=examlab dst-address-list=${rosString(`examlab_${guard.ident(g.id)}`)} protocol=tcp dst-port=${g.ports.map(guard.port).join(",")} action=accept comment="examlab"`);
    const filter6 = input.lan.ipv6 === "filter";
    const address6Lines = [
      ...input.lan.candidates6.map((c) => list6("examlab_rooms6", c)),
      ...input.policy.groups.flatMap((g) => g.ipv6.map((c) => list6(`examlab_${g.id}`, c))),
    ];
    const filter6Lines = input.policy.groups.map((g) => `/ipv6 firewall filter add chain=examlab dst-address-list=${rosString(`examlab_${guard.ident(g.id)}`)} protocol=tcp dst-port=${g.ports.map(guard.port).join(",")} action=accept comment="examlab"`);
    const w = input.window;
    const timeMatch = w ? `time=${rosTime(w.start)}-${rosTime(w.end)},${(w.days.length ? w.days.map((d) => ROS_DAYS[guard.day(d)]) : Object.values(ROS_DAYS)).join(",")} ` : "";
    return renderTemplate("router/routeros.hbs", {}, { ...input, dnsLines, addressLines, filterLines, filter6, address6Lines, filter6Lines, timeMatch });
  },
};

function rosTime(hhmm: string): string {
  const [h, m] = guard.clock(hhmm).split(":").map(Number);
  return `${h}h${m}m`;
}
