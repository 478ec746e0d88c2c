import { renderTemplate } from "../render";
import type { RenderInput, RenderedFile } from "../model";
import { pfContext } from "./pfsense";
import type { Target } from "./types";

/** OPNsense: the same model as pfSense (router-targets.md (g)); its Unbound drop-in goes to unbound.opnsense.d. */

export const opnsenseTarget: Target = {
  id: "opnsense",
  kind: "router",
  title: "OPNsense (alias files + unbound.opnsense.d + checklist)",
  validator: "unbound-checkconf on the resolver options; aliases by unit tests",
  apply: "checklist",
  render(input: RenderInput): RenderedFile[] {
    return renderTemplate("router/opnsense.hbs", {}, { ...input, ...pfContext(input) });
  },
};
