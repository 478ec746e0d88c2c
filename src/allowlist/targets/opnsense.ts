import { renderTemplate } from "../render";
import type { RenderInput, RenderedFile } from "../model";
import { pfContext, pfFamilyEnforcement } from "./pfsense";
import type { Target } from "./types";

/** OPNsense: the same model as pfSense (router-targets.md (g)); its Unbound drop-in goes to unbound.opnsense.d. */

export const opnsenseTarget: Target = {
  id: "opnsense",
  kind: "router",
  title: "OPNsense (alias files + unbound.opnsense.d + config.xml rules and schedule + checklist)",
  validator: "unbound-checkconf on the resolver options; config.xml checked well-formed and read back into the intent rule model by tests/allowlist/vendor-intent.test.ts",
  apply: "checklist",
  enforces(input: RenderInput) {
    return pfFamilyEnforcement(input, "opnsense", { zh: "OPNsense 23.x+（Firewall ▸ Rules 规则与计划的 config.xml 片段，别名导入；未在设备上验证）", en: "OPNsense 23.x+ (config.xml rules and schedule for Firewall ▸ Rules, alias import; not verified on a device)" });
  },
  render(input: RenderInput): RenderedFile[] {
    return renderTemplate("router/opnsense.hbs", {}, { ...input, ...pfContext(input, "opnsense") });
  },
};
