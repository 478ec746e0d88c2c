import { renderTemplate } from "../render";
import { guard, psString } from "../escape";
import type { RenderInput } from "../model";
import { addressToBigint, hostOrCidr } from "../cidr";
import { formatAddress } from "../../ipplan/addresses";
import type { Target } from "./types";

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
    const files = renderTemplate("endpoint/windows-firewall.hbs", {}, {
      ...input,
      webPorts,
      dns: lan.resolvers.map((d) => psString(guard.address(d))),
      ipRules,
      serverRules,
      seatRanges,
    });
    // PowerShell 5.1 reads BOM-less scripts as ANSI: UTF-8 with BOM and CRLF.
    return files.map((f) => ({ ...f, content: "\uFEFF" + String(f.content).replace(/\r?\n/g, "\r\n") }));
  },
};
