import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireRoot, requireTool } from "../helpers/tools";
import { siteFromObject } from "../../src/model/site";
import { compileSitePolicy, ROUTER_TARGETS } from "../../src/allowlist";
import { text, tmpDir } from "./helpers";

/**
 * Functional test in network namespaces (issue 7; test-validators.md Recipe 3, reject variant):
 * two candidate machines on the router's room bridge, the router running the GENERATED nftables
 * ruleset and dnsmasq drop-in, and a fake internet with an upstream resolver and web servers.
 * Every "blocked" expectation has a positive control (the same service answers from the router
 * itself), and the last test swaps in an allow-all ruleset to show the probes would catch it.
 */
const P = `exl-al-${process.pid % 100000}`;
const NS = { c1: `${P}-c1`, c2: `${P}-c2`, r: `${P}-r`, i: `${P}-i` };
// "Internet" addresses are public ones: the generated dnsmasq has stop-dns-rebind, which treats the
// documentation ranges (TEST-NET) as private and drops them from answers.
const ALLOWED_IP = "11.2.0.10";
const BLOCKED_IP = "11.2.0.20";
const STATIC_IP = "11.2.0.50";
const UPSTREAM = "11.2.0.53";
const C1 = "10.77.1.10";
const C2 = "10.77.1.11";
const ROUTER_DNS = "10.77.0.1";

const daemons: ChildProcess[] = [];
let work = "";
let generatedNft = "";

function sh(ns: string | null, cmd: string, args: string[], timeout = 10_000) {
  const full = ns ? ["netns", "exec", ns, cmd, ...args] : [];
  const r = ns ? spawnSync("ip", full, { encoding: "utf8", timeout }) : spawnSync(cmd, args, { encoding: "utf8", timeout });
  return { status: r.status, out: `${r.stdout ?? ""}${r.stderr ?? ""}`, stdout: r.stdout ?? "" };
}
function must(ns: string | null, cmd: string, args: string[]): string {
  const r = sh(ns, cmd, args);
  if (r.status !== 0) throw new Error(`${ns ?? "host"}: ${cmd} ${args.join(" ")} failed:\n${r.out}`);
  return r.stdout;
}
function daemon(ns: string, cmd: string, args: string[]): void {
  const p = spawn("ip", ["netns", "exec", ns, cmd, ...args], { stdio: ["ignore", "ignore", "pipe"] });
  p.stderr?.on("data", () => undefined);
  daemons.push(p);
}
async function waitPort(ns: string, proto: "t" | "u", port: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (sh(ns, "ss", [`-Hln${proto}`, `sport = :${port}`]).stdout.trim()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${ns}: nothing listening on ${proto}${port}`);
}
function dig(ns: string, server: string, name: string): string {
  const r = sh(ns, "dig", [`@${server}`, name, "A", "+time=1", "+tries=1", "+noall", "+comments", "+answer"]);
  const status = /status: ([A-Z]+)/.exec(r.out)?.[1] ?? `no answer (rc ${r.status})`;
  return status;
}
function curl(ns: string, url: string): string {
  const r = sh(ns, "curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "--connect-timeout", "1", "-m", "2", url]);
  return r.stdout.trim() || "000";
}
function tcpOpen(ns: string, host: string, port: number): boolean {
  return sh(ns, process.execPath, ["-e", `const s=require("net").connect(${port},"${host}");s.setTimeout(1000);s.on("connect",()=>process.exit(0));s.on("error",()=>process.exit(1));s.on("timeout",()=>process.exit(2));`]).status === 0;
}
function udpEcho(ns: string, host: string, port: number): boolean {
  return sh(ns, process.execPath, ["-e", `const d=require("dgram").createSocket("udp4");d.on("message",()=>process.exit(0));d.on("error",()=>process.exit(1));d.send("x",${port},"${host}");setTimeout(()=>process.exit(2),700);`]).status === 0;
}

const SERVERS = `
const net=require("net"),http=require("http"),dgram=require("dgram");
for (const p of [80,443]) http.createServer((q,s)=>{s.end("ok")}).listen(p,"0.0.0.0");
net.createServer((c)=>c.end()).listen(853,"0.0.0.0");
const u=dgram.createSocket("udp4");u.on("message",(m,r)=>u.send(m,r.port,r.address));u.bind(443,"0.0.0.0");`;

describe("generated nftables + dnsmasq enforce default-deny in network namespaces", () => {
  beforeAll(async () => {
    requireRoot();
    for (const [t, p] of [["ip", "iproute2"], ["nft", "nftables"], ["dnsmasq", "dnsmasq-base"], ["dig", "bind9-dnsutils"], ["curl", "curl"], ["ss", "iproute2"]]) requireTool(t, p);
    work = tmpDir("netns");
    fs.chmodSync(work, 0o777); // dnsmasq drops to nobody
    fs.writeFileSync(path.join(work, "list.txt"), `allowed.exam.test\n${STATIC_IP}\n`);
    const site = siteFromObject({
      id: "netns-test", name: "netns test", levels: ["primary"],
      network: { block: "10.77.0.0/16" },
      router: { family: "nftables" },
      allowlist: { sources: ["list.txt"], upstreamDns: [UPSTREAM] },
      rooms: [{ id: "1", levels: ["primary"], candidates: 2, layout: { widthM: 10, depthM: 10, rows: 1, columns: 2, pitchM: 1.2, rowPitchM: 1.5 } }],
    }, path.join(work, "site.ts"));
    const c = compileSitePolicy(site);
    expect(c.lan.candidates4).toEqual(["10.77.1.0/24"]);
    const files = ROUTER_TARGETS.nftables.render({ policy: c.policy, lan: c.lan, lang: "en", label: site.spec.id });
    generatedNft = path.join(work, "router.nft");
    fs.writeFileSync(generatedNft, text(files.find((f) => f.path.endsWith(".nft"))));
    fs.writeFileSync(path.join(work, "allowlist-dnsmasq.conf"), text(files.find((f) => f.path.startsWith("dnsmasq"))));
    fs.writeFileSync(path.join(work, "router-dnsmasq.conf"), `bind-interfaces\nlisten-address=${ROUTER_DNS}\nno-hosts\nlog-queries\nconf-file=${work}/allowlist-dnsmasq.conf\n`);
    fs.writeFileSync(path.join(work, "upstream.conf"), `no-resolv\nno-hosts\nbind-interfaces\nlisten-address=${UPSTREAM}\nlocal=/test/\nhost-record=allowed.exam.test,${ALLOWED_IP}\nhost-record=blocked.video.test,${BLOCKED_IP}\n`);

    for (const n of Object.values(NS)) { sh(null, "ip", ["netns", "del", n]); must(null, "ip", ["netns", "add", n]); must(n, "ip", ["link", "set", "lo", "up"]); }
    const r = NS.r;
    must(r, "ip", ["link", "add", "br0", "type", "bridge"]);
    must(r, "ip", ["addr", "add", "10.77.1.1/24", "dev", "br0"]);
    must(r, "ip", ["addr", "add", `${ROUTER_DNS}/32`, "dev", "lo"]);
    for (const [c, ip, port] of [[NS.c1, C1, "p1"], [NS.c2, C2, "p2"]] as const) {
      must(r, "ip", ["link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", c]);
      must(r, "ip", ["link", "set", port, "master", "br0", "up"]);
      must(c, "ip", ["addr", "add", `${ip}/24`, "dev", "eth0"]);
      must(c, "ip", ["link", "set", "eth0", "up"]);
      must(c, "ip", ["route", "add", "default", "via", "10.77.1.1"]);
    }
    must(r, "ip", ["link", "set", "br0", "up"]);
    must(r, "ip", ["link", "add", "vi", "type", "veth", "peer", "name", "eth0", "netns", NS.i]);
    must(r, "ip", ["addr", "add", "10.78.0.1/30", "dev", "vi"]);
    must(r, "ip", ["link", "set", "vi", "up"]);
    must(NS.i, "ip", ["addr", "add", "10.78.0.2/30", "dev", "eth0"]);
    must(NS.i, "ip", ["link", "set", "eth0", "up"]);
    for (const a of [ALLOWED_IP, BLOCKED_IP, STATIC_IP, UPSTREAM]) must(NS.i, "ip", ["addr", "add", `${a}/32`, "dev", "lo"]);
    must(NS.i, "ip", ["route", "add", "10.77.0.0/16", "via", "10.78.0.1"]);
    must(r, "ip", ["route", "add", "11.2.0.0/24", "via", "10.78.0.2"]);
    must(r, "sysctl", ["-qw", "net.ipv4.ip_forward=1"]);
    must(r, "nft", ["-f", generatedNft]);

    daemon(NS.i, "dnsmasq", ["--keep-in-foreground", `--conf-file=${work}/upstream.conf`, `--pid-file=${work}/up.pid`, `--log-facility=${work}/upstream.log`]);
    daemon(NS.i, process.execPath, ["-e", SERVERS]);
    daemon(NS.c2, process.execPath, ["-e", `require("net").createServer((c)=>c.end()).listen(8445,"0.0.0.0")`]);
    daemon(r, "dnsmasq", ["--keep-in-foreground", `--conf-file=${work}/router-dnsmasq.conf`, `--pid-file=${work}/router.pid`, `--log-facility=${work}/router.log`]);
    await waitPort(NS.i, "u", 53);
    await waitPort(r, "u", 53);
    for (const p of [80, 443, 853]) await waitPort(NS.i, "t", p);
    await waitPort(NS.i, "u", 443);
    await waitPort(NS.c2, "t", 8445);
  });

  afterAll(() => {
    for (const d of daemons) d.kill("SIGKILL");
    for (const n of Object.values(NS)) sh(null, "ip", ["netns", "del", n]);
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it("positive controls: every service the candidates must NOT reach does answer the router itself", () => {
    expect(curl(NS.r, `http://${BLOCKED_IP}/`)).toBe("200");
    expect(dig(NS.r, UPSTREAM, "blocked.video.test")).toBe("NOERROR");
    expect(tcpOpen(NS.r, ALLOWED_IP, 853)).toBe(true);
    expect(udpEcho(NS.r, ALLOWED_IP, 443)).toBe(true);
    expect(tcpOpen(NS.r, C2, 8445)).toBe(true);
  });

  it("an allowed name resolves, fills the set, and answers on 80 and 443", () => {
    expect(curl(NS.c1, `http://${ALLOWED_IP}/`)).toBe("000"); // not yet learned from DNS
    expect(dig(NS.c1, ROUTER_DNS, "allowed.exam.test")).toBe("NOERROR");
    const set = must(NS.r, "nft", ["-j", "list", "set", "inet", "examlab_allowlist", "al_dns4_web"]);
    expect(set).toContain(ALLOWED_IP);
    expect(curl(NS.c1, `http://${ALLOWED_IP}/`)).toBe("200");
    expect(curl(NS.c1, `http://${ALLOWED_IP}:443/`)).toBe("200");
    expect(fs.readFileSync(path.join(work, "router.log"), "utf8")).not.toMatch(/nftset .*Error/);
  });

  it("a name outside the list does not resolve, and its address is unreachable", () => {
    expect(dig(NS.c1, ROUTER_DNS, "blocked.video.test")).toBe("NXDOMAIN");
    expect(dig(NS.c1, ROUTER_DNS, "www.example.com")).toBe("NXDOMAIN");
    expect(curl(NS.c1, `http://${BLOCKED_IP}/`)).toBe("000");
  });

  it("a static IP entry is reachable without DNS", () => {
    expect(curl(NS.c1, `http://${STATIC_IP}/`)).toBe("200");
  });

  it("DNS only via the router: direct DNS, DoT (853) and QUIC (UDP 443) are blocked", () => {
    expect(dig(NS.c1, UPSTREAM, "allowed.exam.test")).not.toBe("NOERROR");
    expect(tcpOpen(NS.c1, ALLOWED_IP, 853)).toBe(false);
    expect(udpEcho(NS.c1, ALLOWED_IP, 443)).toBe(false);
  });

  it("one candidate cannot reach another", () => {
    expect(tcpOpen(NS.c1, C2, 8445)).toBe(false);
  });

  it("the probes catch an allow-all router (mutation check of this test)", () => {
    must(NS.r, "nft", ["flush", "ruleset"]);
    expect(curl(NS.c1, `http://${BLOCKED_IP}/`)).toBe("200");
    expect(tcpOpen(NS.c1, C2, 8445)).toBe(true);
    must(NS.r, "nft", ["-f", generatedNft]);
    expect(curl(NS.c1, `http://${BLOCKED_IP}/`)).toBe("000");
  });
});
