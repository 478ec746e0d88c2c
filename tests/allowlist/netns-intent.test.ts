import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireRoot, requireTool } from "../helpers/tools";
import { siteFromObject } from "../../src/model/site";
import { compileSitePolicy, ROUTER_TARGETS } from "../../src/allowlist";
import type { RenderedFile } from "../../src/allowlist/model";
import { text, tmpDir, writeFiles } from "./helpers";
import { writeFw4Ruleset } from "./fw4-emulation";
import { curl, Daemons, dig, internetServers, linkLocal, listenScript, must, readIf, sh, tcpOpen, udpSend, waitPort } from "./netns-lab";

/**
 * Issue 10, items 1–8, for the two executable router families, in network namespaces: the
 * GENERATED nftables ruleset (loaded as the plain-Linux router loads it) and the GENERATED OpenWrt
 * files (loaded the way fw4 loads them, tests/allowlist/fw4-emulation.ts), each with the
 * generated dnsmasq drop-in. Topology:
 *
 *   s1, s2 (seats, room 1: 10.77.1.0/24, fd77:0:0:1::/64) ── br0 ┐
 *   nvr (infrastructure: 10.77.0.5, fd77::5) ──────────── vnvr ┤ router ── vi ── inet (11.1.0.0/24, 2a00:11::/64, upstream DNS)
 *   (br0 also carries 10.77.9.0/24: staff on the same bridge, as on a single OpenWrt br-lan)
 *
 * Every "blocked" expectation has a positive control (the same service answers someone allowed).
 * Each test names the defect of the previous generator it catches; run against that generator
 * (commit 9f1ef63) they fail (see the commit message).
 */
const TAG = `x10a${process.pid % 100000}`;
const NS = { s1: `${TAG}-s1`, s2: `${TAG}-s2`, r: `${TAG}-r`, i: `${TAG}-i`, nvr: `${TAG}-nvr` };
const S1 = "10.77.1.10";
const S2 = "10.77.1.11";
const S1_6 = "fd77:0:0:1::a";
const S2_6 = "fd77:0:0:1::b";
const ULA_S1 = "fd99:bad:1::10";
const NVR = "10.77.0.5";
const NVR6 = "fd77::5";
const ROUTER = "10.77.0.1";
const ROUTER_GW = "10.77.1.1";
const ROUTER6 = "fd77:0:0:1::1";
const ROUTER_WAN = "10.78.0.1";
const STAFF_SPOOF = "10.77.9.50";
const EXAM_LAN = "10.77.0.20";
const ALLOWED = "11.1.0.10";
const BLOCKED = "11.1.0.20";
const STATIC = "11.1.0.50";
const STATIC2 = "11.1.0.51";
const UPSTREAM = "11.1.0.53";
const ALLOWED6 = "2a00:11::10";
const BLOCKED6 = "2a00:11::20";

type Family = "nftables" | "openwrt";

interface SiteOptions {
  list?: string;
  ipv6?: "filter" | "block";
  window?: boolean;
  seatInterfaces?: string[];
}

/** The site under test: one room of two seats, an NVR, the lists above. */
function render(work: string, family: Family, o: SiteOptions = {}): RenderedFile[] {
  fs.writeFileSync(path.join(work, "list.txt"), o.list ?? `allowed.exam.test\nrebind.exam.test\n${STATIC}\n${STATIC2}\n`);
  const now = new Date();
  // A one-hour exam window that does not contain the current (UTC) hour.
  const h = (now.getUTCHours() + 3) % 22;
  const hh = (n: number) => `${String(n).padStart(2, "0")}:00`;
  const site = siteFromObject({
    id: "netns-intent", name: "netns intent", levels: ["primary"],
    network: { block: "10.77.0.0/16", block6: "fd77::/48", examServers: [{ name: "exam-lan", address: "exam.lan.test", ports: [80] }] },
    router: { family, ...(family === "openwrt" ? { osVersion: "23.05.5" } : { dnsmasqVersion: "2.90" }), seatInterfaces: o.seatInterfaces ?? [], ntpServers: ["ntp.example.test"] },
    nvr: { disks: [4] },
    allowlist: { sources: ["list.txt"], upstreamDns: [UPSTREAM], ipv6: o.ipv6 ?? "filter", ...(o.window ? { enforcement: "exam-hours" as const, marginMinutes: 0 } : {}) },
    schedule: { dates: [now.toISOString().slice(0, 10)], timezone: "UTC", theory: { start: hh(h), end: hh(h + 1) }, practical: { start: hh(h), end: hh(h + 1) } },
    rooms: [{ id: "1", levels: ["primary"], candidates: 2, layout: { widthM: 10, depthM: 10, rows: 1, columns: 2, pitchM: 1.2, rowPitchM: 1.5 } }],
  }, path.join(work, "site.ts"));
  const c = compileSitePolicy(site);
  return ROUTER_TARGETS[family].render({ policy: c.policy, lan: c.lan, window: c.window, lang: "en", label: site.spec.id });
}

describe.each<Family>(["nftables", "openwrt"])("issue 10 in network namespaces: %s family", (family) => {
  const daemons = new Daemons();
  let work = "";
  let root = "";
  let routerDns: ReturnType<Daemons["start"]> | undefined;
  const udpLog = () => path.join(work, "udp.log");
  const env = { ...process.env, TZ: "UTC" };

  /** Install the generated files and load them the way the family's router does. */
  function load(files: RenderedFile[], opts: { restartDns?: boolean; scaleTimeouts?: boolean } = {}): void {
    fs.rmSync(root, { recursive: true, force: true });
    writeFiles(root, files);
    if (opts.scaleTimeouts) for (const f of files.filter((x) => x.path.endsWith(".nft"))) {
      // Shortened timeouts: every timeout the generator emits becomes 3 s (1 h → 3 s).
      const p = path.join(root, f.path);
      fs.writeFileSync(p, fs.readFileSync(p, "utf8").replace(/\btimeout \d+[smhd]\b/g, "timeout 3s"));
    }
    if (family === "nftables") must(NS.r, "nft", ["-f", path.join(root, "examlab-allowlist.nft")], { env });
    else must(NS.r, "nft", ["-f", writeFw4Ruleset(root)], { env });
    if (opts.restartDns !== false) restartDns();
  }
  function dnsConf(): string {
    return path.join(root, family === "nftables" ? "dnsmasq-allowlist.conf" : "etc/dnsmasq.d/examlab-allowlist.conf");
  }
  function restartDns(): void {
    if (routerDns) daemons.stop(routerDns);
    // The router's dnsmasq keeps its own settings in a separate file and reads the generated drop-in.
    fs.writeFileSync(path.join(work, "router-dnsmasq.conf"), `bind-interfaces\nlisten-address=${ROUTER}\nno-hosts\nlog-queries\nconf-file=${dnsConf()}\n`);
    sh(NS.r, "sh", ["-c", `kill $(cat ${work}/router.pid 2>/dev/null) 2>/dev/null; true`]);
    routerDns = daemons.start(NS.r, "dnsmasq", ["--keep-in-foreground", `--conf-file=${work}/router-dnsmasq.conf`, `--pid-file=${work}/router.pid`, `--log-facility=${work}/router.log`]);
    for (let i = 0; i < 100 && !sh(NS.r, "ss", ["-Hlnu", "sport = :53"]).stdout.includes(ROUTER); i++) sh(null, "sleep", ["0.05"]);
  }
  const table = family === "nftables" ? "examlab_allowlist" : "fw4";
  const setHas = (set: string, addr: string) => sh(NS.r, "nft", ["list", "set", "inet", table, set]).out.includes(addr);
  const udpReceivedFrom = (src: string, tag: string) => readIf(udpLog()).split("\n").some((l) => l === `${src} ${tag}`);

  beforeAll(async () => {
    requireRoot();
    for (const [t, p] of [["ip", "iproute2"], ["nft", "nftables"], ["dnsmasq", "dnsmasq-base"], ["dig", "bind9-dnsutils"], ["curl", "curl"], ["ss", "iproute2"], ["unbound", "unbound"]]) requireTool(t, p);
    work = tmpDir(`ni-${family}`);
    fs.chmodSync(work, 0o777); // dnsmasq drops to nobody
    root = path.join(work, "root");
    for (const n of Object.values(NS)) { sh(null, "ip", ["netns", "del", n]); must(null, "ip", ["netns", "add", n]); must(n, "ip", ["link", "set", "lo", "up"]); }
    for (const n of Object.values(NS)) for (const k of ["all", "default"]) must(n, "sysctl", ["-qw", `net.ipv6.conf.${k}.accept_dad=0`]);
    const r = NS.r;
    for (const k of ["all", "default"]) must(r, "sysctl", ["-qw", `net.ipv4.conf.${k}.rp_filter=0`]); // the ruleset must do it, not the kernel
    must(r, "sysctl", ["-qw", "net.ipv4.ip_forward=1"]);
    // Bridged frames must not also pass the inet hooks (br_netfilter, loaded by Docker on a CI host): OpenWrt and plain routers do not load it.
    for (const k of ["iptables", "ip6tables", "arptables"]) sh(r, "sysctl", ["-qw", `net.bridge.bridge-nf-call-${k}=0`]);
    must(r, "sysctl", ["-qw", "net.ipv6.conf.all.forwarding=1"]);
    must(r, "ip", ["link", "add", "br0", "type", "bridge"]);
    for (const a of ["10.77.1.1/24", "10.77.9.1/24"]) must(r, "ip", ["addr", "add", a, "dev", "br0"]);
    for (const a of [`${ROUTER6}/64`, "fd99:bad:1::1/64"]) must(r, "ip", ["addr", "add", a, "dev", "br0", "nodad"]);
    for (const [s, ip, ip6, port] of [[NS.s1, S1, S1_6, "p1"], [NS.s2, S2, S2_6, "p2"]] as const) {
      must(r, "ip", ["link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", s]);
      must(r, "ip", ["link", "set", port, "master", "br0", "up"]);
      must(s, "sysctl", ["-qw", "net.ipv6.conf.eth0.accept_dad=0"]);
      must(s, "ip", ["addr", "add", `${ip}/24`, "dev", "eth0"]);
      must(s, "ip", ["addr", "add", `${ip6}/64`, "dev", "eth0", "nodad"]);
      must(s, "ip", ["link", "set", "eth0", "up"]);
      must(s, "ip", ["route", "add", "default", "via", "10.77.1.1"]);
      must(s, "ip", ["-6", "route", "add", "default", "via", ROUTER6]);
    }
    // Addresses a spoofing seat writes as its source (assigned so the kernel sends them; the router cannot tell).
    for (const a of [NVR, "192.0.2.77", STAFF_SPOOF]) must(NS.s1, "ip", ["addr", "add", `${a}/32`, "dev", "eth0"]);
    must(NS.s1, "ip", ["addr", "add", `${ULA_S1}/64`, "dev", "eth0", "nodad", "preferred_lft", "0"]); // deprecated: used only when asked for
    must(r, "ip", ["link", "set", "br0", "up"]);
    // infrastructure on its own interface
    must(r, "ip", ["link", "add", "vnvr", "type", "veth", "peer", "name", "eth0", "netns", NS.nvr]);
    must(r, "ip", ["addr", "add", `${ROUTER}/24`, "dev", "vnvr"]);
    must(r, "ip", ["addr", "add", "fd77::1/64", "dev", "vnvr", "nodad"]);
    must(r, "ip", ["link", "set", "vnvr", "up"]);
    must(NS.nvr, "ip", ["addr", "add", `${NVR}/24`, "dev", "eth0"]);
    must(NS.nvr, "ip", ["addr", "add", `${NVR6}/64`, "dev", "eth0", "nodad"]);
    must(NS.nvr, "ip", ["addr", "add", `${EXAM_LAN}/24`, "dev", "eth0"]); // a LAN exam server declared by name
    must(NS.nvr, "ip", ["link", "set", "eth0", "up"]);
    must(NS.nvr, "ip", ["route", "add", "default", "via", ROUTER]);
    must(NS.nvr, "ip", ["-6", "route", "add", "default", "via", "fd77::1"]);
    // the internet
    must(r, "ip", ["link", "add", "vi", "type", "veth", "peer", "name", "eth0", "netns", NS.i]);
    must(r, "ip", ["addr", "add", `${ROUTER_WAN}/30`, "dev", "vi"]);
    must(r, "ip", ["addr", "add", "2a00:78::1/64", "dev", "vi", "nodad"]);
    must(r, "ip", ["link", "set", "vi", "up"]);
    must(NS.i, "ip", ["addr", "add", "10.78.0.2/30", "dev", "eth0"]);
    must(NS.i, "ip", ["addr", "add", "2a00:78::2/64", "dev", "eth0", "nodad"]);
    must(NS.i, "ip", ["link", "set", "eth0", "up"]);
    for (const a of [ALLOWED, BLOCKED, STATIC, STATIC2, UPSTREAM]) must(NS.i, "ip", ["addr", "add", `${a}/32`, "dev", "lo"]);
    for (const a of [ALLOWED6, BLOCKED6]) must(NS.i, "ip", ["addr", "add", `${a}/128`, "dev", "lo", "nodad"]);
    must(NS.i, "ip", ["route", "add", "10.77.0.0/16", "via", ROUTER_WAN]);
    must(NS.i, "ip", ["-6", "route", "add", "fd77::/48", "via", "2a00:78::1"]);
    must(NS.i, "ip", ["-6", "route", "add", "fd99:bad:1::/64", "via", "2a00:78::1"]);
    must(r, "ip", ["route", "add", "11.1.0.0/24", "via", "10.78.0.2"]);
    must(r, "ip", ["-6", "route", "add", "2a00:11::/64", "via", "2a00:78::2"]);

    fs.writeFileSync(path.join(work, "upstream.conf"), [
      "no-resolv", "no-hosts", "bind-interfaces", `listen-address=${UPSTREAM}`, "local=/test/", "local-ttl=300", // answers carry a real TTL, so the router's dnsmasq caches them
      `host-record=allowed.exam.test,${ALLOWED},${ALLOWED6}`, `host-record=blocked.video.test,${BLOCKED}`,
      `host-record=rebind.exam.test,${NVR}`, `host-record=exam.lan.test,${EXAM_LAN}`, "host-record=ntp.example.test,11.1.0.123", "",
    ].join("\n"));
    daemons.start(NS.i, "dnsmasq", ["--keep-in-foreground", `--conf-file=${work}/upstream.conf`, `--pid-file=${work}/up.pid`]);
    daemons.start(NS.i, process.execPath, ["-e", internetServers(udpLog())]);
    daemons.start(NS.s2, process.execPath, ["-e", listenScript([8445])]);
    daemons.start(NS.nvr, process.execPath, ["-e", listenScript([80, 554])]);
    daemons.start(r, process.execPath, ["-e", listenScript([22, 80])]); // the router's management services
    load(render(work, family));
    await waitPort(NS.i, "u", 53);
    await waitPort(NS.i, "u", 9999);
    await waitPort(r, "u", 53, ROUTER);
    for (const p of [80, 443, 853]) await waitPort(NS.i, "t", p);
    await waitPort(NS.s2, "t", 8445);
    await waitPort(NS.nvr, "t", 80);
    await waitPort(r, "t", 22);
  }, 60_000);

  afterAll(() => {
    daemons.stopAll();
    if (work) sh(null, "sh", ["-c", `kill $(cat ${work}/router.pid 2>/dev/null) 2>/dev/null; true`]);
    for (const n of Object.values(NS)) sh(null, "ip", ["netns", "del", n]);
  });

  it("positive controls: the services answer whoever may reach them", () => {
    expect(curl(NS.r, `http://${BLOCKED}/`)).toBe("200");
    expect(curl(NS.r, `http://[${BLOCKED6}]/`)).toBe("200");
    expect(tcpOpen(NS.r, S2, 8445)).toBe(true);
    expect(tcpOpen(NS.r, NVR, 80)).toBe(true);
    expect(tcpOpen(NS.nvr, ROUTER, 22)).toBe(true); // infrastructure may manage the router
    expect(tcpOpen(NS.nvr, "fd77::1", 22)).toBe(true);
    udpSend(NS.nvr, NVR, UPSTREAM, 9999, "real-nvr");
    expect(udpReceivedFrom(NVR, "real-nvr")).toBe(true);
  });

  it("allowlisted names answer over IPv4 and IPv6; others do not (baseline)", () => {
    expect(dig(NS.s1, ROUTER, "allowed.exam.test").answers).toEqual([ALLOWED]);
    expect(dig(NS.s1, ROUTER, "allowed.exam.test", "AAAA").answers).toEqual([ALLOWED6]);
    expect(curl(NS.s1, `http://${ALLOWED}/`)).toBe("200");
    expect(curl(NS.s1, `http://[${ALLOWED6}]/`)).toBe("200");
    expect(curl(NS.s1, `http://${STATIC}/`)).toBe("200");
    expect(dig(NS.s1, ROUTER, "blocked.video.test").status).toBe("NXDOMAIN");
    expect(curl(NS.s1, `http://${BLOCKED}/`)).toBe("000");
    expect(curl(NS.s1, `http://[${BLOCKED6}]/`)).toBe("000");
  });

  it("item 1: no seat-to-seat over link-local fe80:: (nor over the room's IPv4/IPv6)", () => {
    const ll2 = linkLocal(NS.s2, "eth0");
    expect(tcpOpen(NS.r, `${linkLocal(NS.r, "br0")}%br0`, 22)).toBe(true); // control: the router reaches its own link-local service
    // control: with no ruleset the seats do reach each other over link-local
    must(NS.r, "nft", ["flush", "ruleset"]);
    expect(tcpOpen(NS.s1, `${ll2}%eth0`, 8445)).toBe(true);
    load(render(work, family));
    expect(tcpOpen(NS.s1, `${ll2}%eth0`, 8445)).toBe(false);
    expect(tcpOpen(NS.s1, S2, 8445)).toBe(false);
    expect(tcpOpen(NS.s1, S2_6, 8445)).toBe(false);
  });

  it("item 1: a seat on an undeclared IPv6 prefix (OpenWrt ULA / ISP-delegated) reaches nothing outside", () => {
    expect(curl(NS.s1, `http://[${BLOCKED6}]/`, ["--interface", ULA_S1])).toBe("000");
    expect(curl(NS.s1, `http://[${ALLOWED6}]/`, ["--interface", ULA_S1])).toBe("000");
    expect(tcpOpen(NS.s1, ROUTER6, 22, ULA_S1)).toBe(false);
  });

  it("items 1 and 3: no router management from a seat, in any family, link-local included", () => {
    for (const a of [ROUTER, ROUTER_GW, ROUTER_WAN, ROUTER6, "fd77::1"]) {
      expect(tcpOpen(NS.s1, a, 22), `ssh ${a}`).toBe(false);
      expect(tcpOpen(NS.s1, a, 80), `web ${a}`).toBe(false);
    }
    const llr = linkLocal(NS.r, "br0");
    expect(tcpOpen(NS.s1, `${llr}%eth0`, 22)).toBe(false);
    expect(tcpOpen(NS.s1, `${llr}%eth0`, 80)).toBe(false);
    // DNS to the router still works (the seat's only router service)
    expect(dig(NS.s1, ROUTER, "allowed.exam.test").status).toBe("NOERROR");
  });

  it("item 2: a seat writing the NVR's address (or an outside one) as its source is not forwarded", () => {
    // control: with no ruleset the spoofed datagrams do arrive
    must(NS.r, "nft", ["flush", "ruleset"]);
    udpSend(NS.s1, NVR, UPSTREAM, 9999, "control-nvr");
    udpSend(NS.s1, "192.0.2.77", UPSTREAM, 9999, "control-public");
    sh(null, "sleep", ["0.3"]);
    expect(udpReceivedFrom(NVR, "control-nvr")).toBe(true);
    expect(udpReceivedFrom("192.0.2.77", "control-public")).toBe(true);
    load(render(work, family));
    udpSend(NS.s1, NVR, UPSTREAM, 9999, "spoof-nvr");
    udpSend(NS.s1, "192.0.2.77", UPSTREAM, 9999, "spoof-public");
    udpSend(NS.s1, S1, UPSTREAM, 9999, "own-address"); // a seat's own UDP to the internet is not on the allowlist either
    sh(null, "sleep", ["0.3"]);
    expect(udpReceivedFrom(NVR, "spoof-nvr")).toBe(false);
    expect(udpReceivedFrom("192.0.2.77", "spoof-public")).toBe(false);
    expect(udpReceivedFrom(S1, "own-address")).toBe(false);
  });

  it("item 4: an allowlisted name answering a LAN address does not open the LAN (dnsmasq and the firewall)", () => {
    const r = dig(NS.s1, ROUTER, "rebind.exam.test");
    expect(r.answers).not.toContain(NVR);
    expect(setHas("al_dns4_web", NVR)).toBe(false);
    expect(tcpOpen(NS.s1, NVR, 80)).toBe(false);
    expect(tcpOpen(NS.s1, NVR6, 80)).toBe(false);
    expect(fs.readFileSync(path.join(work, "router.log"), "utf8")).toMatch(/possible DNS-rebind attack detected: rebind\.exam\.test/);
    // the declared exam server's name may answer a LAN address, and only on its ports
    expect(dig(NS.s1, ROUTER, "exam.lan.test").answers).toEqual([EXAM_LAN]);
    expect(tcpOpen(NS.s1, EXAM_LAN, 80)).toBe(true);
    expect(tcpOpen(NS.s1, EXAM_LAN, 554)).toBe(false);
  });

  it("item 5: DNS-filled set elements outlive every generated timeout (shortened to 3 s), also when answered from the cache", async () => {
    load(render(work, family), { scaleTimeouts: true });
    expect(dig(NS.s1, ROUTER, "allowed.exam.test").status).toBe("NOERROR");
    expect(curl(NS.s1, `http://${ALLOWED}/`)).toBe("200");
    await new Promise((r) => setTimeout(r, 4000));
    expect(dig(NS.s1, ROUTER, "allowed.exam.test").status).toBe("NOERROR"); // answered from dnsmasq's cache: no re-add
    expect(curl(NS.s1, `http://${ALLOWED}/`)).toBe("200");
  }, 20_000);

  it("item 6: loading again with an entry removed drops it at once; loading twice duplicates nothing", () => {
    load(render(work, family));
    expect(curl(NS.s1, `http://${STATIC2}/`)).toBe("200");
    expect(dig(NS.s1, ROUTER, "allowed.exam.test").status).toBe("NOERROR");
    const bridgeRules = () => must(NS.r, "nft", ["list", "chain", "bridge", "examlab_isolation", "forward"]).split("\n").filter((l) => /drop|accept/.test(l)).length;
    const before = bridgeRules();
    // the same reload a WAN flap or `fw4 reload` does: no dnsmasq restart
    load(render(work, family, { list: `allowed.exam.test\nrebind.exam.test\n${STATIC}\n` }), { restartDns: false });
    expect(curl(NS.s1, `http://${STATIC2}/`)).toBe("000");
    expect(curl(NS.s1, `http://${STATIC}/`)).toBe("200");
    expect(bridgeRules()).toBe(before);
    if (family === "openwrt") expect(curl(NS.s1, `http://${ALLOWED}/`)).toBe("200"); // fw4 reload keeps the DNS-filled elements
    restartDns();
  });

  it("item 1: `ipv6: block` with a declared block6 closes IPv6 internet, router ssh and seat-to-seat over IPv6", () => {
    load(render(work, family, { ipv6: "block" }));
    expect(dig(NS.s1, ROUTER, "allowed.exam.test", "AAAA").answers).toEqual([]);
    expect(curl(NS.s1, `http://[${ALLOWED6}]/`)).toBe("000");
    expect(curl(NS.s1, `http://[${BLOCKED6}]/`)).toBe("000");
    expect(tcpOpen(NS.s1, ROUTER6, 22)).toBe(false);
    expect(tcpOpen(NS.s1, S2_6, 8445)).toBe(false);
    expect(tcpOpen(NS.nvr, "fd77::1", 22)).toBe(true); // control: the site's own infrastructure keeps IPv6
    expect(dig(NS.s1, ROUTER, "allowed.exam.test").status).toBe("NOERROR");
    expect(curl(NS.s1, `http://${ALLOWED}/`)).toBe("200"); // IPv4 still works
  });

  it("item 8: the exam-hours window fails closed while the clock is not synchronised; management stays closed outside it", () => {
    load(render(work, family, { window: true }));
    const files = fs.readdirSync(root, { recursive: true }).map(String);
    expect(files.some((f) => /clock/.test(f))).toBe(true);
    // outside the window, clock unknown: still enforced
    expect(curl(NS.s1, `http://${BLOCKED}/`)).toBe("000");
    expect(tcpOpen(NS.s1, S2, 8445)).toBe(false);
    // the NTP hook marks the clock synchronised (what the generated hook/cron script runs)
    const hook = path.join(root, family === "nftables" ? "examlab-clock-check" : "etc/hotplug.d/ntp/50-examlab-clock");
    const script = fs.readFileSync(hook, "utf8");
    expect(script).toContain(`nft add element inet ${table} al_clock_ok '{ 0 }'`);
    must(NS.r, "nft", ["add", "element", "inet", table, "al_clock_ok", "{ 0 }"]);
    must(NS.r, "nft", ["add", "element", "bridge", "examlab_isolation", "al_clock_ok", "{ 0 }"]);
    expect(curl(NS.s1, `http://${BLOCKED}/`)).toBe("200"); // outside the window, clock known: normal use
    expect(tcpOpen(NS.s1, S2, 8445)).toBe(true);
    for (const a of [ROUTER, ROUTER6]) expect(tcpOpen(NS.s1, a, 22), `ssh ${a} outside the window`).toBe(false);
    expect(tcpOpen(NS.s1, NVR, 80)).toBe(false); // infrastructure is never open
    load(render(work, family));
  });

  it("item 2: seats bound to their bridge ports: a staff address on the same bridge is refused from a seat port", () => {
    udpSend(NS.s1, STAFF_SPOOF, UPSTREAM, 9999, "spoof-staff-1");
    sh(null, "sleep", ["0.3"]);
    // without declared seat ports the router cannot tell (same bridge, routable source): documented limitation
    const unbound = udpReceivedFrom(STAFF_SPOOF, "spoof-staff-1");
    load(render(work, family, { seatInterfaces: ["p1", "p2"] }));
    udpSend(NS.s1, STAFF_SPOOF, UPSTREAM, 9999, "spoof-staff-2");
    sh(null, "sleep", ["0.3"]);
    expect(udpReceivedFrom(STAFF_SPOOF, "spoof-staff-2")).toBe(false);
    expect(unbound).toBe(true); // shows the probe reaches the internet when nothing binds the ports
    expect(curl(NS.s1, `http://${STATIC}/`)).toBe("200"); // the seat itself still works
    load(render(work, family));
  });

  it("item 4: the Unbound drop-in removes LAN answers for allowlisted names", async () => {
    const files = ROUTER_TARGETS.unbound.render((() => {
      const c = compileSitePolicy(siteFromObject({
        id: "ub", name: "ub", levels: ["primary"], network: { block: "10.77.0.0/16" }, router: { family: "unbound" },
        allowlist: { sources: ["list.txt"], upstreamDns: [UPSTREAM] },
        rooms: [{ id: "1", levels: ["primary"], candidates: 2, layout: { widthM: 10, depthM: 10, rows: 1, columns: 2, pitchM: 1.2, rowPitchM: 1.5 } }],
      }, path.join(work, "site.ts")));
      return { policy: c.policy, lan: c.lan, lang: "en" as const, label: "ub" };
    })());
    const dropIn = path.join(work, "unbound-allowlist.conf");
    fs.writeFileSync(dropIn, text(files.find((f) => f.path.startsWith("unbound"))));
    fs.writeFileSync(path.join(work, "unbound.conf"), `server:\n\tinterface: ${ROUTER}@5353\n\taccess-control: 10.77.0.0/16 allow\n\tchroot: ""\n\tusername: ""\n\tpidfile: ""\n\tuse-syslog: no\n\tmodule-config: "iterator"\n\tdo-not-query-localhost: no\ninclude: "${dropIn}"\n`);
    const ub = daemons.start(NS.r, "unbound", ["-d", "-c", path.join(work, "unbound.conf")]);
    try {
      await waitPort(NS.r, "u", 5353);
      expect(dig(NS.r, ROUTER, "allowed.exam.test", "A", 5353).answers).toEqual([ALLOWED]); // control
      expect(dig(NS.r, ROUTER, "rebind.exam.test", "A", 5353).answers).not.toContain(NVR);
    } finally {
      daemons.stop(ub);
    }
  });
});
