import { renderTemplate } from "../render";
import { guard } from "../escape";
import type { RenderInput, RenderedFile } from "../model";
import { plainAddresses } from "./shared";
import { unboundZones } from "./unbound";
import type { Target } from "./types";

/** pfSense/OPNsense (router-targets.md (g)): Unbound zones, one Network alias file per port group, and a checklist. */
export function pfContext(input: RenderInput) {
  return {
    ...unboundZones(input),
    rooms: input.lan.candidates4.map(guard.address),
    groups: input.policy.groups.map((g) => {
      const aliasName = `EXAMLAB_${guard.ident(g.id).toUpperCase()}`;
      return { aliasName, aliasFile: `aliases/${aliasName}.txt`, aliasDescription: `Network alias ${aliasName} (TCP ${g.ports.join(",")})`, ports: g.ports.map(guard.port).join(","), networks: plainAddresses([...g.ipv4, ...g.ipv6]) };
    }),
    servers: input.lan.servers.filter((s) => s.ipv4).map((s) => ({ name: guard.ident(s.name.replace(/-/g, "_")), address: guard.address(s.ipv4), ports: s.ports.length ? s.ports.map(guard.port).join(",") : "any" })),
  };
}

export const pfsenseTarget: Target = {
  id: "pfsense",
  kind: "router",
  title: "pfSense (alias import + DNS Resolver options + checklist)",
  validator: "unbound-checkconf on the resolver options; aliases by unit tests",
  apply: "checklist",
  render(input: RenderInput): RenderedFile[] {
    return renderTemplate("router/pfsense.hbs", {}, { ...input, ...pfContext(input) });
  },
};
