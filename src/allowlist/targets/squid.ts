import { renderTemplate } from "../render";
import { guard } from "../escape";
import type { RenderInput } from "../model";
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
