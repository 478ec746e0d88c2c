import { renderTemplate } from "../render";
import type { RenderInput } from "../model";
import { dnsmasqLines, nftContext, nftElements } from "./shared";
import type { Target } from "./types";

/** Plain Linux router: one nftables table with named sets, default-drop forward, plus the dnsmasq drop-in that fills the sets (router-targets.md (b), (c)). */
export const nftablesTarget: Target = {
  id: "nftables",
  kind: "router",
  title: "Linux nftables + dnsmasq (nftset)",
  validator: "nft -c -f (under unshare -n), dnsmasq --test",
  apply: "ssh-linux",
  render(input: RenderInput) {
    const nft = nftContext(input);
    const dns = dnsmasqLines(input, { family: "inet", table: "examlab_allowlist" });
    const staticSets = ["al_rooms4", "al_rooms6", "al_site4", "al_site6", "al_lansvc4", "al_lansvc6", "al_lanany4", "al_seatdb4", ...nft.groups.flatMap((g) => [`al_net4_${g.id}`, `al_net6_${g.id}`])];
    return renderTemplate("router/nftables.hbs", { nftElements }, {
      ...input,
      nft,
      forwardPolicy: "drop",
      standalone: true,
      staticSetFlushes: staticSets.map((s) => `flush set inet examlab_allowlist ${s}`),
      dnsLines: dns.servers,
      exactWidened: dns.exactWidened,
      domainCount: input.policy.stats.domains,
      ipv6Filter: input.lan.ipv6 === "filter",
    });
  },
};
