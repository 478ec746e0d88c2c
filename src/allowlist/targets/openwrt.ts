import { renderTemplate } from "../render";
import type { RenderInput } from "../model";
import { uciString } from "../escape";
import { OPENWRT_MIN } from "../target-versions";
import { dnsmasqExtras, dnsmasqLines, nftContext, nftElements, nftStaticSets, nftEnforcement } from "./shared";
import type { Target } from "./types";

/**
 * OpenWrt 23.05+: fw4 include with the same sets/chains as plain nftables (rendered from the
 * connectivity intent), a ruleset-pre file that empties the static sets on every fw4 load, the
 * bridge isolation table, dnsmasq-full nftset into table inet fw4, and a uci script
 * (router-targets.md (a); firewall4 templates/ruleset.uc and usr/share/nftables.d/README).
 */
export const openwrtTarget: Target = {
  id: "openwrt",
  kind: "router",
  title: "OpenWrt 23.05+ (fw4 + dnsmasq-full nftset)",
  validator: "nft -c -f on the include wrapped in table inet fw4, dnsmasq --test; uci script by examlab's own quoting",
  apply: "ssh-openwrt",
  enforces: (input: RenderInput) => nftEnforcement(input, "openwrt"),
  render(input: RenderInput) {
    const dns = dnsmasqLines(input, { family: "inet", table: "fw4" });
    const nft = nftContext(input);
    const statics = nftStaticSets(nft);
    return renderTemplate("router/openwrt.hbs", { nftElements, uci: uciString }, {
      ...input,
      nft,
      forwardPolicy: "accept",
      standalone: false,
      osRange: input.lan.router?.osVersion ?? `${OPENWRT_MIN}+`,
      staticSetDecls: statics.map((s) => `set ${s.name} { ${s.decl} }`),
      staticSetFlushes: statics.map((s) => `flush set inet fw4 ${s.name}`),
      dns: dnsmasqExtras(input, "openwrt"),
      dnsLines: dns.servers,
      exactWidened: dns.exactWidened,
      domainCount: input.policy.stats.domains,
      ipv6Filter: input.lan.ipv6 === "filter",
      filterAaaa: input.lan.ipv6 === "filter" ? "0" : "1",
    });
  },
};
