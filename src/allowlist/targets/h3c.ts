import { renderTemplate } from "../render";
import { guard } from "../escape";
import type { RenderInput } from "../model";
import { vendorHostRules } from "./vendor-hosts";
import type { Target } from "./types";

/** H3C Comware 7 URL-filter whitelist script (router-targets.md (i)); unvalidated lines are marked [UNVERIFIED]. */
export const h3cTarget: Target = {
  id: "h3c",
  kind: "router",
  title: "H3C Comware 7 command script",
  validator: "none (device only); examlab's own length/character rule tests",
  apply: "checklist",
  render(input: RenderInput) {
    let id = 1;
    const { hostLines, skipped } = vendorHostRules(input, (h) => `add whitelist ${id++} host text ${h}`);
    return renderTemplate("router/h3c.hbs", {}, { ...input, hostLines, skipped, rooms: input.lan.candidates4.map(guard.address) });
  },
};
