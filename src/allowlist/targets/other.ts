import { renderTemplate } from "../render";
import { guard } from "../escape";
import type { RenderInput } from "../model";
import { aspect, enforcement, windowAspect } from "./enforcement-text";
import type { Target } from "./types";

/** Routers without a generator (Ruijie, Sangfor, …; router-targets.md (j)): the normalised list and a checklist. */
export const otherTarget: Target = {
  id: "other",
  kind: "router",
  title: "Other routers: normalised list + checklist",
  validator: "none (web UI)",
  apply: "checklist",
  enforces(input: RenderInput) {
    const manual = aspect("not-enforced", "由管理员在网页界面按清单配置（未生成配置）", "set by hand in the web UI from the checklist (no configuration generated)");
    return enforcement("other", {
      allowlist: manual, dnsOnly: manual, dotQuic: manual, ipv6: manual, seatIsolation: manual, managementLockdown: manual,
      examWindow: windowAspect(input, "alwaysOn", { zh: "按设备功能手工设置", en: "set by hand with the device's own features" }),
      rebinding: manual,
      minOsVersion: { zh: "不适用", en: "not applicable" },
    });
  },
  render(input: RenderInput) {
    return renderTemplate("router/other.hbs", {}, { ...input, ...listContext(input) });
  },
};

/** Entries as text lines (also the `list` output of `examlab allowlist`). */
export function listContext(input: RenderInput) {
  const entryLines: string[] = [];
  for (const g of input.policy.groups) {
    const suffix = g.id === "web" ? "" : `:${g.ports.join(",")}`;
    for (const d of g.domains) entryLines.push(`${d.match === "subtree" ? "*." : ""}${guard.name(d.name)}${suffix}`);
    for (const c of g.ipv4) entryLines.push(`${guard.address(c)}${suffix}`);
    for (const c of g.ipv6) {
      if (!suffix) entryLines.push(guard.address(c));
      else if (c.endsWith("/128")) entryLines.push(`[${guard.address(c.slice(0, -4))}]${suffix}`);
      else entryLines.push(`# ${guard.address(c)} (TCP ${g.ports.join(",")}: an IPv6 network with ports has no list syntax; add it per address)`);
    }
  }
  return { entryLines, rooms: input.lan.candidates4.map(guard.address), ports: input.policy.defaultPorts, router4: guard.address(input.lan.router4) };
}
