import { renderTemplate } from "../render";
import type { RenderInput } from "../model";
import { uciString } from "../escape";
import { dnsmasqLines, nftContext, nftElements } from "./shared";
import type { Target } from "./types";

/** OpenWrt 23.05+: fw4 include with the same sets/chains as plain nftables, dnsmasq-full nftset into table inet fw4, and a UCI batch (router-targets.md (a)). */
export const openwrtTarget: Target = {
  id: "openwrt",
  kind: "router",
  title: "OpenWrt 23.05+ (fw4 + dnsmasq-full nftset)",
  validator: "nft -c -f on the include wrapped in table inet fw4, dnsmasq --test; UCI batch by examlab's own quoting",
  apply: "ssh-openwrt",
  render(input: RenderInput) {
    const dns = dnsmasqLines(input, { family: "inet", table: "fw4" });
    return renderTemplate("router/openwrt.hbs", { nftElements, uci: uciString }, {
      ...input,
      nft: nftContext(input),
      forwardPolicy: "accept",
      standalone: false,
      dnsLines: dns.servers,
      exactWidened: dns.exactWidened,
      domainCount: input.policy.stats.domains,
      ipv6Filter: input.lan.ipv6 === "filter",
      filterAaaa: input.lan.ipv6 === "filter" ? "0" : "1",
    });
  },
};
