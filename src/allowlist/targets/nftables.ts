import { renderTemplate } from "../render";
import type { RenderInput } from "../model";
import { dnsmasqExtras, dnsmasqLines, nftContext, nftElements, nftEnforcement } from "./shared";
import type { Target } from "./types";

/**
 * Plain Linux router: one nftables table rendered from the connectivity intent (default-drop
 * forward, management lockdown, anti-spoofing), the bridge isolation table, plus the dnsmasq
 * drop-in that fills the sets (router-targets.md (b), (c)).
 */
export const nftablesTarget: Target = {
  id: "nftables",
  kind: "router",
  title: "Linux nftables + dnsmasq (nftset)",
  validator: "nft -c -f (under unshare -n), dnsmasq --test",
  apply: "ssh-linux",
  enforces: (input: RenderInput) => nftEnforcement(input, "nftables"),
  render(input: RenderInput) {
    const nft = nftContext(input);
    const dns = dnsmasqLines(input, { family: "inet", table: "examlab_allowlist" });
    return renderTemplate("router/nftables.hbs", { nftElements }, {
      ...input,
      nft,
      forwardPolicy: "drop",
      standalone: true,
      dns: dnsmasqExtras(input, "nftables"),
      dnsLines: dns.servers,
      exactWidened: dns.exactWidened,
      domainCount: input.policy.stats.domains,
      ipv6Filter: input.lan.ipv6 === "filter",
    });
  },
};
