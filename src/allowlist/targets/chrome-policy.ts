import { renderTemplate } from "../render";
import { guard, regString } from "../escape";
import type { NormalisedPolicy, RenderInput } from "../model";
import { aspect, enforcement, ipv6Aspect, windowAspect } from "./enforcement-text";
import type { Target } from "./types";
import { intentOf } from "../intent";

/**
 * Chrome URL filter patterns (router-targets.md (k)): `name` = the host and its subdomains,
 * `.name` = exactly that host; a port other than the default web ports is part of the pattern.
 * Networks cannot be written as URL filters: only single addresses are kept.
 */
export function chromePatterns(policy: NormalisedPolicy): { patterns: string[]; skipped: string[] } {
  const patterns: string[] = [];
  const skipped: string[] = [];
  for (const g of policy.groups) {
    const ports = g.id === "web" ? [undefined] : g.ports;
    const add = (host: string) => { for (const p of ports) patterns.push(p === undefined ? host : `${host}:${guard.port(p)}`); };
    for (const d of g.domains) add(`${d.match === "exact" ? "." : ""}${guard.name(d.name)}`);
    for (const c of g.ipv4) c.endsWith("/32") ? add(guard.address(c.slice(0, -3))) : skipped.push(guard.address(c));
    for (const c of g.ipv6) c.endsWith("/128") ? add(`[${guard.address(c.slice(0, -4))}]`) : skipped.push(guard.address(c));
  }
  return { patterns: [...new Set(patterns)], skipped };
}

/** Chrome honours at most 1,000 URLAllowlist entries (policy description). */
export const CHROME_ALLOWLIST_LIMIT = 1000;

export const chromePolicyTarget: Target = {
  id: "chrome-policy",
  kind: "endpoint",
  title: "Chrome/Edge policies (.reg, UTF-16LE)",
  validator: "format tests (UTF-16LE BOM, CRLF, regedit escaping); Chromium semantics documented in test-validators.md Recipe 6",
  apply: "checklist",
  enforces(input: RenderInput) {
    return enforcement("chrome-policy", {
      allowlist: aspect("partial", "浏览器只打开白名单网址（导航过滤，不是网络过滤）", "the browser opens allowlisted URLs only (a navigation filter, not a network filter)"),
      dnsOnly: aspect("partial", "关闭浏览器 DoH（DnsOverHttpsMode=off）", "browser DoH off (DnsOverHttpsMode=off)"),
      dotQuic: aspect("partial", "关闭 QUIC 与 ECH", "QUIC and ECH off"),
      ipv6: aspect("not-applicable", "不涉及", "not applicable"),
      seatIsolation: aspect("not-applicable", "不涉及", "not applicable"),
      managementLockdown: aspect("partial", "路由器管理页面不在白名单内则无法打开", "the router's web UI is not on the list, so it does not open"),
      examWindow: windowAspect(input, "alwaysOn", { zh: "考后删除策略恢复", en: "remove the policy after the exam" }),
      rebinding: aspect("not-applicable", "不涉及（由路由器负责）", "not applicable (the router's job)"),
      minOsVersion: { zh: "Chrome 75+（URLBlacklist/URLWhitelist），Chrome 86+ 新名称；Edge", en: "Chrome 75+ (URLBlacklist/URLWhitelist), Chrome 86+ names; Edge" },
    });
  },
  render(input: RenderInput) {
    const { patterns, skipped } = chromePatterns(input.policy);
    // The LAN exam servers the intent allows, in both families (IPv6 literals in brackets).
    const servers = intentOf(input).allowed.flatMap((f) => {
      if (f.class !== "exam-server" || f.to.kind !== "lan-server") return [];
      const host = f.to.family === 6 ? `[${guard.address(f.to.address)}]` : guard.address(f.to.address);
      return (f.ports.length ? f.ports : [undefined]).map((p) => (p === undefined ? host : `${host}:${guard.port(p)}`));
    });
    const all = [...servers.reduce((set, s) => set.add(s), new Set(patterns))];
    const files = renderTemplate("endpoint/chrome-policy.hbs", {}, {
      ...input,
      skipped: skipped.map((s) => `;   ${s}`),
      allowValues: all.map((p, i) => `${regString(String(i + 1))}=${regString(p)}`),
      browsers: [
        { key: "HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Google\\Chrome", legacy: true },
        { key: "HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Edge", legacy: false },
      ],
    });
    // regedit expects UTF-16LE with a byte-order mark and CRLF line ends.
    return files.map((f) => ({ ...f, content: utf16leWithBom(String(f.content).replace(/\r?\n/g, "\r\n")) }));
  },
};

/** BOM + UTF-16LE text in one allocation (the .reg file is tens of MB for a 100,000-entry list). */
function utf16leWithBom(text: string): Buffer {
  const buf = Buffer.allocUnsafe(2 + 2 * text.length);
  buf[0] = 0xff;
  buf[1] = 0xfe;
  buf.write(text, 2, "utf16le");
  return buf;
}
