import { renderTemplate } from "../render";
import type { RenderInput } from "../model";
import { dnsmasqExtras, dnsmasqLines, dnsOnlyEnforcement } from "./shared";
import type { Target } from "./types";

/** dnsmasq alone: the deny-all resolver without firewall sets (DNS layer only; router-targets.md (c)). */
export const dnsmasqTarget: Target = {
  id: "dnsmasq",
  kind: "router",
  title: "dnsmasq (DNS only)",
  validator: "dnsmasq --test",
  apply: "ssh-linux",
  enforces: (input: RenderInput) => dnsOnlyEnforcement(input, "dnsmasq"),
  render(input: RenderInput) {
    const dns = dnsmasqLines(input);
    return renderTemplate("router/dnsmasq.hbs", {}, {
      ...input,
      dns: dnsmasqExtras(input, "dnsmasq"),
      dnsLines: dns.servers,
      exactWidened: dns.exactWidened,
      domainCount: input.policy.stats.domains,
      ipv6Filter: input.lan.ipv6 === "filter",
    });
  },
};
