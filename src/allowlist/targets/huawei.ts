import { renderTemplate } from "../render";
import { guard } from "../escape";
import type { RenderInput } from "../model";
import { vendorHostRules } from "./vendor-hosts";
import type { Target } from "./types";

/** Huawei USG/AR command script (router-targets.md (h)); unvalidated lines are marked [UNVERIFIED]. */
export const huaweiTarget: Target = {
  id: "huawei",
  kind: "router",
  title: "Huawei USG / AR command script",
  validator: "none (device only); examlab's own length/character rule tests",
  apply: "checklist",
  render(input: RenderInput) {
    const { hostLines, skipped } = vendorHostRules(input, (h) => `add whitelist host ${h}`);
    let n = 0;
    const addressLines = input.policy.groups.flatMap((g) => g.ipv4.map((c) => `address ${n++} ${guard.address(c.split("/")[0])} mask ${c.split("/")[1]}`));
    let r = 0;
    const roomLines = input.lan.candidates4.map((c) => `address ${r++} ${guard.address(c.split("/")[0])} mask ${c.split("/")[1]}`);
    return renderTemplate("router/huawei.hbs", {}, { ...input, hostLines, skipped, addressLines, roomLines, router4: guard.address(input.lan.router4) });
  },
};
