import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/model/errors";
import { loadSiteSource } from "../../src/model/sources";
import { compileSitePolicy, ROUTER_TARGETS } from "../../src/allowlist";
import { dnsmasqCheck, text, tmpDir } from "./helpers";

/**
 * Issue 10 item 7: the files follow the router's declared version. OpenWrt 23.05.0–23.05.2 ship
 * dnsmasq 2.89 (no filter-rr: dnsmasq would not start), 23.05.3+ ship 2.90 (openwrt/openwrt#14853);
 * releases the target cannot serve are refused with file:line.
 */
function site(dir: string, router: string): string {
  const f = path.join(dir, "site.yaml");
  fs.writeFileSync(f, `id: v\nname: v\nlevels: [primary]\nnetwork: { block: 10.60.0.0/16 }\nrouter:\n  family: ${router}\nallowlist: { additions: [exam.example.cn] }\nrooms:\n  - { id: "1", levels: [primary], candidates: 2, layout: { widthM: 10, depthM: 10, rows: 1, columns: 2, pitchM: 1.2, rowPitchM: 1.5 } }\n`);
  return f;
}
const render = (file: string, family: "openwrt" | "nftables" | "dnsmasq") => {
  const s = loadSiteSource(file);
  const c = compileSitePolicy(s);
  return ROUTER_TARGETS[family].render({ policy: c.policy, lan: c.lan, window: c.window, lang: "en", label: "v" });
};
const dnsConf = (files: ReturnType<typeof render>) => text(files.find((f) => /dnsmasq.*\.conf$/.test(f.path)));

describe("router versions", () => {
  it.each([
    ["openwrt\n  osVersion: \"23.05.2\"", "openwrt", false],
    ["openwrt\n  osVersion: \"23.05.3\"", "openwrt", true],
    ["openwrt", "openwrt", false],
    ["nftables\n  dnsmasqVersion: \"2.89\"", "nftables", false],
    ["nftables\n  dnsmasqVersion: \"2.90\"", "nftables", true],
    ["nftables", "nftables", false],
  ] as const)("router.family %s: filter-rr only where dnsmasq has it, and dnsmasq --test passes", (router, family, filterRr) => {
    const dir = tmpDir("ver");
    const conf = dnsConf(render(site(dir, router), family));
    expect(/^filter-rr=/m.test(conf)).toBe(filterRr);
    const p = path.join(dir, "dnsmasq.conf");
    fs.writeFileSync(p, conf);
    const r = dnsmasqCheck(p);
    expect(r.status, r.out).toBe(0);
  });

  it.each([
    ["openwrt\n  osVersion: \"22.03.5\"", /OpenWrt 22\.03\.5 is not supported.*23\.05 or newer/],
    ["openwrt\n  osVersion: \"21.02.7\"", /not supported/],
    ["nftables\n  dnsmasqVersion: \"2.86\"", /dnsmasq 2\.86 has no nftset/],
  ])("refuses %s with file, line and the reason", (router, message) => {
    const dir = tmpDir("ver");
    const file = site(dir, router);
    let err: unknown;
    try { compileSitePolicy(loadSiteSource(file)); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(InputError);
    const p = (err as InputError).problems[0];
    expect(p.file).toBe(file);
    expect(p.line).toBe(7); // the osVersion / dnsmasqVersion line
    expect(p.path).toMatch(/^router\.(osVersion|dnsmasqVersion)$/);
    expect(p.message).toMatch(message);
  });

  it("the uci script tolerates a default config and the router keeps resolving its NTP servers (item 8)", () => {
    const dir = tmpDir("ver");
    const files = render(site(dir, "openwrt\n  osVersion: \"23.05.5\""), "openwrt");
    const uci = text(files.find((f) => f.path === "examlab-uci.sh"));
    expect(uci).toMatch(/^uci -q delete dhcp\.@dnsmasq\[0\]\.server \|\| true$/m);
    expect(uci).not.toMatch(/^uci delete/m);
    expect(dnsConf(files)).toMatch(/^server=\/pool\.ntp\.org\/223\.5\.5\.5$/m);
    expect(files.some((f) => /examlab-uci\.batch/.test(f.path))).toBe(false);
  });
});

describe("new router fields refuse hostile values before any target sees them", () => {
  it.each([
    ["seatInterfaces", "[\"lan2\\\";reboot\"]"],
    ["seatInterfaces", "[\"a-very-long-interface-name\"]"],
    ["ntpServers", "[\"pool.ntp.org;reboot\"]"],
    ["ntpServers", "[\"-x.example\"]"],
    ["osVersion", "\"23.05'\""],
    ["dnsmasqVersion", "\"2.90;x\""],
  ])("router.%s: %s", (field, value) => {
    const dir = tmpDir("ver");
    const file = site(dir, `openwrt\n  ${field}: ${value}`);
    let err: unknown;
    try { compileSitePolicy(loadSiteSource(file)); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(InputError);
    const p = (err as InputError).problems[0];
    expect(p.file).toBe(file);
    expect(p.line).toBe(7);
    expect(p.path).toContain(`router.${field}`);
  });
});
