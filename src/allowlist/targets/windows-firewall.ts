import { renderTemplate } from "../render";
import { guard, psString } from "../escape";
import type { RenderInput } from "../model";
import { addressToBigint, hostOrCidr } from "../cidr";
import { formatAddress } from "../../ipplan/addresses";
import type { Target } from "./types";
import { intentOf } from "../intent";
import { intervalOf } from "../cidr";

/** The address ranges of a family NOT covered by the given intervals, as `first-last` text. */
function outside(family: 4 | 6, inside: { first: bigint; last: bigint }[]): string[] {
  const max = (1n << BigInt(family === 4 ? 32 : 128)) - 1n;
  const sorted = [...inside].sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  const out: string[] = [];
  let next = family === 4 ? 1n << 24n : 1n; // skip 0.0.0.0/8 and :: (never destinations)
  for (const r of sorted) {
    if (r.first > next) out.push(`${formatAddress(family, next)}-${formatAddress(family, r.first - 1n)}`);
    if (r.last + 1n > next) next = r.last + 1n;
  }
  if (next <= max) out.push(`${formatAddress(family, next)}-${formatAddress(family, max)}`);
  return out;
}

/** Windows caps the addresses one rule should carry; larger lists are split over several rules. */
const ADDRESSES_PER_RULE = 1000;

/**
 * Windows Defender Firewall script for the candidate machine (router-targets.md (k)): outbound
 * default Block, allows for DNS/DHCP/web/IP entries/LAN servers, and block rules (which win over
 * allows) for the other seats. Windows rules take no host names, so names stay the router's job.
 */
export const windowsFirewallTarget: Target = {
  id: "windows-firewall",
  kind: "endpoint",
  title: "Windows Defender Firewall script (.ps1, UTF-8 BOM)",
  validator: "format tests (UTF-8 BOM, CRLF, PowerShell quoting)",
  apply: "checklist",
  render(input: RenderInput) {
    const { lan, policy } = input;
    const webPorts = policy.defaultPorts.map(guard.port);
    const ipRules: { name: string; ports: string; addressLines: string[] }[] = [];
    for (const g of policy.groups) {
      const addrs = [...g.ipv4, ...g.ipv6].map((c) => psString(guard.address(hostOrCidr(c))));
      for (let i = 0; i < addrs.length; i += ADDRESSES_PER_RULE) {
        const chunk = addrs.slice(i, i + ADDRESSES_PER_RULE);
        ipRules.push({
          name: psString(`allowlist ${g.id} ${i / ADDRESSES_PER_RULE + 1}`),
          ports: g.ports.map(guard.port).join(", "),
          addressLines: chunk.map((a, k) => (k < chunk.length - 1 ? `${a},` : a)),
        });
      }
    }
    const serverRules = lan.servers.flatMap((s) =>
      [s.ipv4, s.ipv6].filter(Boolean).map((a) => ({ name: psString(`${s.kind} server ${s.name}`), ports: s.ports.map(guard.port).join(", "), address: psString(guard.address(a)) })),
    );
    // Other seats: every room address except the network, the gateway (.1) and broadcast.
    const seatRanges = lan.candidates4.map((c) => {
      const [net, len] = c.split("/");
      const first = addressToBigint(net);
      const last = first + (1n << BigInt(32 - Number(len))) - 1n;
      return psString(`${formatAddress(4, first + 2n)}-${formatAddress(4, last - 1n)}`);
    });
    // Web ports go to the internet only: everything outside the site's own blocks (and outside
    // link-local), so the router's web UI, the NVR and the lab servers are never "web" (issue 10).
    const intent = intentOf(input);
    const lanRanges = (family: 4 | 6, cidrs: readonly string[]) => cidrs.filter((c) => c.includes(":") === (family === 6)).map(intervalOf);
    const webRemote = [
      ...outside(4, lanRanges(4, [...intent.lan.site4, ...intent.lan.seats4])),
      ...(lan.ipv6 === "filter" ? outside(6, lanRanges(6, [...intent.lan.site6, ...intent.lan.seats6, intent.lan.linkLocal6])) : []),
    ].map(psString);
    // Each seat's own database ports on its lab server (the first-boot portproxy connects there):
    // the script adds the rule for the addresses this machine actually has.
    const bySeat = new Map<string, Map<string, number[]>>();
    for (const r of lan.seatDb) {
      const servers = bySeat.get(r.seat4) ?? bySeat.set(r.seat4, new Map()).get(r.seat4)!;
      (servers.get(r.server4) ?? servers.set(r.server4, []).get(r.server4)!).push(r.port);
    }
    const seatDbLines = [...bySeat].map(([seat, servers]) => `    ${psString(guard.address(seat))} = @(${[...servers].map(([srv, ports]) => psString(`${guard.address(srv)}|${ports.map(guard.port).join(",")}`)).join(", ")})`);
    const files = renderTemplate("endpoint/windows-firewall.hbs", {}, {
      ...input,
      webPorts,
      // The router's resolver addresses of the intent (IPv6 too when IPv6 is filtered, not blocked).
      dns: [...new Set(intent.allowed.flatMap((f) => (f.class === "dns-router" && f.to.kind === "router" ? f.to.addresses : [])))].map((d) => psString(guard.address(d))),
      ipRules,
      serverRules,
      seatRanges,
      webRemote,
      seatDbLines,
    });
    // PowerShell 5.1 reads BOM-less scripts as ANSI: UTF-8 with BOM and CRLF.
    return files.map((f) => ({ ...f, content: "\uFEFF" + String(f.content).replace(/\r?\n/g, "\r\n") }));
  },
};
