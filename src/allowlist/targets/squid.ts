import { renderTemplate } from "../render";
import { guard } from "../escape";
import type { RenderInput } from "../model";
import { aspect, enforcement, windowAspect } from "./enforcement-text";
import type { Target } from "./types";

/**
 * Squid: dstdomain ACLs per port group (`.name` = with subdomains, `name` = exact host), the
 * policy's de-duplication keeps Squid 5.7 from refusing overlaps; SNI peek/splice for intercepted
 * HTTPS (router-targets.md (e)). Paths are notes only.
 */
export const squidTarget: Target = {
  id: "squid",
  kind: "router",
  title: "Squid (explicit proxy; intercept with peek/splice needs squid-openssl)",
  validator: "squid -k parse (squid-openssl)",
  apply: "checklist",
  enforces(input: RenderInput) {
    return enforcement("squid", {
      allowlist: aspect("partial", "HTTP 与 HTTPS（CONNECT / SNI）按域名放行；其他协议需另配防火墙", "HTTP and HTTPS (CONNECT / SNI) by name; other protocols need a firewall"),
      dnsOnly: aspect("not-enforced", "代理不控制 DNS", "a proxy does not control DNS"),
      dotQuic: aspect("not-enforced", "代理不控制 853 与 QUIC", "a proxy does not control 853 or QUIC"),
      ipv6: aspect("not-enforced", "由防火墙负责", "the firewall's job"),
      seatIsolation: aspect("not-enforced", "由交换机与防火墙负责", "the switches' and firewall's job"),
      managementLockdown: aspect("not-enforced", "由防火墙负责", "the firewall's job"),
      examWindow: windowAspect(input, "alwaysOn", { zh: "考后停用代理规则", en: "disable the proxy rules after the exam" }),
      rebinding: aspect("not-enforced", "由防火墙负责", "the firewall's job"),
      minOsVersion: { zh: "Squid 5.7（拦截模式需 squid-openssl）", en: "Squid 5.7 (intercept mode needs squid-openssl)" },
    });
  },
  render(input: RenderInput) {
    const candidates = [...input.lan.candidates4, ...input.lan.candidates6];
    const groups = input.policy.groups.map((g) => {
      const id = guard.ident(g.id);
      const token = (d: { name: string; match: string }) => (d.match === "subtree" ? "." : "") + guard.name(d.name);
      return {
        id,
        portsText: g.ports.map(guard.port).join(" "),
        siteLines: g.domains.map((d) => `acl examlab_${id}_sites dstdomain -n ${token(d)}`),
        sniLines: g.domains.map((d) => `acl examlab_${id}_sni ssl::server_name ${token(d)}`),
        netLines: [...g.ipv4, ...g.ipv6].map((c) => `acl examlab_${id}_nets dst ${guard.address(c)}`),
        noteLines: g.domains.flatMap((d) => d.paths.map((p) => `# path note ${guard.name(d.name)}: ${guard.asciiComment(p)}`)),
        accessLines: [
          ...(g.domains.length ? [`http_access allow examlab_candidates examlab_${id}_sites examlab_${id}_ports`] : []),
          ...(g.ipv4.length + g.ipv6.length ? [`http_access allow examlab_candidates examlab_${id}_nets examlab_${id}_ports`] : []),
        ],
      };
    });
    return renderTemplate("router/squid.hbs", {}, {
      ...input,
      groups,
      candidateLines: (candidates.length ? candidates : ["0.0.0.0/32"]).map((c) => `acl examlab_candidates src ${guard.address(c)}`),
    });
  },
};
