import { renderTemplate } from "../render";
import { guard, rosString } from "../escape";
import { intentOf } from "../intent";
import type { RenderInput } from "../model";
import { dnsSetsByName } from "./shared";
import { complement, policyPlan } from "./policy-plan";
import type { Target } from "./types";

const ROS_DAYS: Record<string, string> = { Sunday: "sun", Monday: "mon", Tuesday: "tue", Wednesday: "wed", Thursday: "thu", Friday: "fri", Saturday: "sat" };
/** NTP servers the router itself resolves (forwarded, but on no address list: seats cannot reach them). */
export const ROUTEROS_NTP = ["ntp.aliyun.com", "ntp.tencent.com"];

/**
 * MikroTik RouterOS v7 (router-targets.md (f), sources in docs/router-vendor-sources.md), from the
 * connectivity intent. Safe /import order: old examlab entries removed, address lists and the
 * `examlab` chains built (inactive until jumped to), then the jumps placed at the top of their
 * chains with `place-before=[find …]` only when the chain is not empty (never by number), and only
 * then DNS (no default upstream, `use-peer-dns=no` on DHCP/PPPoE clients) and the management
 * lockdown (MAC server, MAC-Winbox, MAC ping, neighbour discovery off on the exam interfaces,
 * bridged traffic through the IP firewall). The exam-hours opening is disabled by default and a
 * scheduler enables it only while NTP is synchronised: an unknown clock fails closed. Every
 * setting changed is recorded first in the script `examlab-restore`, which the undo file runs.
 */
export const routerosTarget: Target = {
  id: "routeros",
  kind: "router",
  title: "MikroTik RouterOS v7 script (/import) + undo + checklist",
  validator: "none offline (RouterOS CHR only); read back into the intent rule model by tests/allowlist/vendor-intent.test.ts",
  apply: "checklist",
  render(input: RenderInput) {
    return renderTemplate("router/routeros.hbs", {}, { ...input, ...routerosLines(input) });
  },
};

function routerosLines(input: RenderInput) {
  const intent = intentOf(input);
  const plan = policyPlan(input);
  const lan = intent.lan;
  const q = rosString;
  const c = 'comment="examlab"';
  const list4 = (l: string, a: string) => `/ip firewall address-list add list=${q(l)} address=${q(guard.address(a))} ${c}`;
  const list6 = (l: string, a: string) => `/ipv6 firewall address-list add list=${q(l)} address=${q(guard.address(a))} ${c}`;
  const set = (name: string) => plan.addressSets.find((s) => s.name === name)?.cidrs ?? [];
  const addressLines = [
    ...set("examlab_rooms").map((a) => list4("examlab_rooms", a)),
    ...set("examlab_router").map((a) => list4("examlab_router", a)),
    ...set("examlab_lan").map((a) => list4("examlab_lan", a)),
    ...input.policy.groups.flatMap((g) => g.ipv4.map((a) => list4(`examlab_${guard.ident(g.id)}`, a))),
  ];
  const filter6 = lan.ipv6 === "filter";
  const address6Lines = [
    ...lan.seats6.map((a) => list6("examlab_rooms6", a)),
    ...[...lan.site6, ...lan.seats6].map((a) => list6("examlab_lan6", a)),
    ...(filter6 ? input.policy.groups.flatMap((g) => g.ipv6.map((a) => list6(`examlab_${guard.ident(g.id)}`, a))) : []),
  ];
  const f4 = (rest: string) => `/ip firewall filter add ${rest} ${c}`;
  const f6 = (rest: string) => `/ipv6 firewall filter add ${rest} ${c}`;
  const tcpPorts = (ports: readonly number[]) => `protocol=tcp${ports.length ? ` dst-port=${ports.map(guard.port).join(",")}` : ""}`;

  // Input chain (traffic to the router itself): DNS, DHCP and ping only.
  const input4 = [
    f4("chain=examlab-in protocol=udp dst-port=53,67 action=accept"),
    f4("chain=examlab-in protocol=tcp dst-port=53 action=accept"),
    f4("chain=examlab-in protocol=icmp action=accept"),
    f4("chain=examlab-in action=drop"),
  ];
  // Forward chain: always-on protection first, then the exam window.
  const always4 = [
    f4("chain=examlab src-address-list=!examlab_rooms action=drop"),
    f4("chain=examlab connection-state=established,related action=accept"),
    f4("chain=examlab dst-address-list=examlab_router action=reject reject-with=icmp-admin-prohibited"),
  ];
  for (const s of input.lan.servers) if (s.ipv4 && s.kind === "exam") always4.push(f4(`chain=examlab dst-address=${guard.address(s.ipv4)} ${tcpPorts(s.ports)} action=accept`));
  for (const r of input.lan.seatDb) always4.push(f4(`chain=examlab src-address=${guard.address(r.seat4)} dst-address=${guard.address(r.server4)} protocol=tcp dst-port=${guard.port(r.port)} action=accept`));
  always4.push(f4("chain=examlab dst-address-list=examlab_lan action=reject reject-with=icmp-admin-prohibited"));
  const open4: string[] = [];
  const open6: string[] = [];
  if (intent.window.mode === "exam-hours") {
    for (const p of complement(intent.window.start, intent.window.end, intent.window.days)) {
      const t = `time=${rosTime(p.start)}-${p.end === "23:59" ? "23h59m59s" : rosTime(p.end)},${p.days.map((d) => ROS_DAYS[guard.day(d)]).join(",")}`;
      open4.push(`/ip firewall filter add chain=examlab ${t} action=accept disabled=yes comment="examlab-open"`);
      open6.push(`/ipv6 firewall filter add chain=examlab ${t} action=accept disabled=yes comment="examlab-open"`);
    }
  }
  const exam4 = [
    f4("chain=examlab protocol=udp dst-port=53,443,853 action=reject reject-with=icmp-admin-prohibited"),
    f4("chain=examlab protocol=tcp dst-port=53,853 action=reject reject-with=tcp-reset"),
    ...input.policy.groups.map((g) => f4(`chain=examlab dst-address-list=${q(`examlab_${guard.ident(g.id)}`)} ${tcpPorts(g.ports)} action=accept`)),
    f4("chain=examlab action=reject reject-with=icmp-admin-prohibited"),
  ];
  // IPv6: the same structure; link-local and undeclared prefixes are never an allowed source.
  const input6 = [
    f6("chain=examlab-in protocol=icmpv6 action=accept"),
    ...(filter6 ? [f6("chain=examlab-in protocol=udp dst-port=53 action=accept"), f6("chain=examlab-in protocol=tcp dst-port=53 action=accept")] : []),
    f6("chain=examlab-in action=drop"),
  ];
  const fwd6 = [
    f6("chain=examlab src-address-list=!examlab_rooms6 action=drop"),
    f6("chain=examlab connection-state=established,related action=accept"),
    f6("chain=examlab dst-address-list=examlab_lan6 action=reject reject-with=icmp-admin-prohibited"),
    ...open6,
    ...(filter6
      ? [
          f6("chain=examlab protocol=udp dst-port=53,443,853 action=reject reject-with=icmp-admin-prohibited"),
          f6("chain=examlab protocol=tcp dst-port=53,853 action=reject reject-with=tcp-reset"),
          ...input.policy.groups.map((g) => f6(`chain=examlab dst-address-list=${q(`examlab_${guard.ident(g.id)}`)} ${tcpPorts(g.ports)} action=accept`)),
        ]
      : []),
    f6("chain=examlab action=reject reject-with=icmp-admin-prohibited"),
  ];

  // DNS: only allowlisted names are forwarded; their answers fill the group's address list.
  const up = guard.address(input.lan.upstreamDns.find((u) => !u.includes(":")) ?? input.lan.upstreamDns[0]);
  const dnsLines: string[] = [];
  for (const [name, { rule, groups }] of dnsSetsByName(input))
    for (const g of groups)
      dnsLines.push(`/ip dns static add name=${q(guard.name(name))} type=FWD forward-to=${up} match-subdomain=${rule.match === "subtree" ? "yes" : "no"} address-list=${q(`examlab_${guard.ident(g)}`)} ${c}`);
  for (const n of ROUTEROS_NTP) dnsLines.push(`/ip dns static add name=${q(n)} type=FWD forward-to=${up} ${c}`);
  const rooms = set("examlab_rooms").map((r) => ({ network: guard.address(r.split("/")[0]) }));
  return { addressLines, address6Lines, input4, always4, open4, exam4, input6, fwd6, dnsLines, rooms, up, ntp: ROUTEROS_NTP.join(","), examHours: intent.window.mode === "exam-hours" };
}

function rosTime(hhmm: string): string {
  const [h, m] = guard.clock(hhmm).split(":").map(Number);
  return `${h}h${m}m`;
}
