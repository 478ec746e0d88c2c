import type { ArtifactProducer, Artifact } from "../export/artifacts";
import { jsonArtifact } from "../export/json-artifact";
import type { RenderInput } from "./model";
import { compileSitePolicy } from "./site-policy";
import { describeEnforcement, ENDPOINT_TARGETS, ROUTER_TARGETS } from "./targets";

/** Export paths the Windows provisioning feature relies on: keep them stable. */
export const ENDPOINT_PATHS = { chromePolicy: "endpoint/chrome-policy.reg", firewall: "endpoint/firewall-allowlist.ps1" } as const;

/**
 * `examlab export` / cdktf output: the site's router family under router/<family>/, the two
 * endpoint files, and the normalised policy for the report (manual §3.2 ROUTER-ALLOWLIST).
 */
export const allowlistProducer: ArtifactProducer = {
  name: "allowlist",
  produce({ site, options }) {
    const compiled = compileSitePolicy(site);
    const input: RenderInput = { policy: compiled.policy, lan: compiled.lan, window: compiled.window, lang: options.lang ?? site.spec.language, label: site.spec.id };
    const out: Artifact[] = [];
    const family = site.spec.router?.family;
    if (family) {
      const t = ROUTER_TARGETS[family];
      for (const f of t.render(input)) out.push({ path: `router/${family}/${f.path}`, kind: "router-config", target: family, content: f.content, description: f.description });
    }
    for (const f of ENDPOINT_TARGETS["chrome-policy"].render(input)) out.push({ path: ENDPOINT_PATHS.chromePolicy, kind: "windows-policy", target: "windows", content: f.content, description: f.description });
    for (const f of ENDPOINT_TARGETS["windows-firewall"].render(input)) out.push({ path: ENDPOINT_PATHS.firewall, kind: "windows-script", target: "windows", content: f.content, description: f.description });
    out.push(
      jsonArtifact(
        { path: "policy/allowlist.normalised.json", kind: "allowlist-policy", target: "people", description: "Normalised allowlist policy, LAN plan, enforcement window and warnings" },
        // What each generated target enforces (the report states it per target; issue 10 item 14).
        { manual: "§3.2 ROUTER-ALLOWLIST, PC-NETWORK-ALLOWLIST", ...compiled, enforcement: [...(family ? [family] : []), "windows-firewall", "chrome-policy"].map((id) => describeEnforcement(id, input) ?? { target: id }) },
      ),
    );
    return out;
  },
};
