import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireRoot, requireTool } from "../helpers/tools";
import { siteFromObject } from "../../src/model/site";
import { compileSitePolicy, ROUTER_TARGETS } from "../../src/allowlist";
import { tmpDir, writeFiles } from "./helpers";
import { fakeFw4Script } from "./fw4-emulation";
import { writeExecutable } from "./netns-lab";

/**
 * scripts/apply-router.mjs end to end against a network-namespace "router" running sshd,
 * nftables and dnsmasq: a good apply, a config the router's validator refuses (nothing changes),
 * a failed probe (automatic rollback to the previous ruleset), and a connection lost mid-apply
 * (the rollback armed on the router restores by itself). The OpenWrt path runs against fake
 * uci/fw4 with their documented semantics (issue 10 item 9): every fault restores the uci
 * configs, the files, the firewall and the LAN's DNS.
 */
const NS = `exl-al-${process.pid % 100000}-ap`;
const HOST_IP = "10.79.0.1";
const ROUTER_IP = "10.79.0.2";
// "Internet" addresses are public ones: the generated dnsmasq has stop-dns-rebind, which treats the
// documentation ranges (TEST-NET, 2001:db8::/32) as private and drops them from answers.
const UPSTREAM = "11.3.0.53";
const daemons: ChildProcess[] = [];
let work = "";
let key = "";

function run(cmd: string, args: string[], input?: string) {
  const r = spawnSync(cmd, args, { encoding: "utf8", input, timeout: 60_000 });
  return { status: r.status, out: `${r.stdout ?? ""}${r.stderr ?? ""}` };
}
function must(cmd: string, args: string[]): string {
  const r = run(cmd, args);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")}: ${r.out}`);
  return r.out;
}
const inNs = (cmd: string, args: string[]) => run("ip", ["netns", "exec", NS, cmd, ...args]);

function render(dir: string, entries: string): void {
  fs.writeFileSync(path.join(work, "list.txt"), entries);
  const site = siteFromObject({
    id: "apply-test", name: "apply", levels: ["primary"], network: { block: "10.88.0.0/16" }, router: { family: "nftables" },
    allowlist: { sources: ["list.txt"], upstreamDns: [UPSTREAM] },
    rooms: [{ id: "1", levels: ["primary"], candidates: 1, layout: { widthM: 5, depthM: 5, rows: 1, columns: 1, pitchM: 1.2, rowPitchM: 1.5 } }],
  }, path.join(work, "site.ts"));
  const c = compileSitePolicy(site);
  writeFiles(dir, ROUTER_TARGETS.nftables.render({ policy: c.policy, lan: c.lan, lang: "en", label: "apply-test" }));
}

function apply(dir: string, probeAllow: string, stamp: string, o: { rollbackAfter?: number; loseConnection?: boolean } = {}) {
  const root = path.join(work, "root");
  let restart = `kill $(cat ${work}/router-dnsmasq.pid) 2>/dev/null; sleep 0.2; dnsmasq --conf-file=${work}/router-dnsmasq.conf --pid-file=${work}/router-dnsmasq.pid`;
  if (o.loseConnection) restart = `${LOSE_ONCE(stamp)}${restart}`;
  return run(process.execPath, ["scripts/apply-router.mjs", "--family", "nftables", "--dir", dir, "--ssh", `ssh://root@${ROUTER_IP}:2222`, "--identity", key,
    "--known-hosts", path.join(work, "known_hosts"), "--root", root, "--restart-cmd", restart, "--probe-allow", probeAllow, "--probe-block", "blocked.video.test", "--stamp", stamp, "--rollback-after", String(o.rollbackAfter ?? 30)]);
}

/** Fault injection: the first time it runs (during the apply), the router's only link goes down. */
const LOSE_ONCE = (stamp: string) => `if [ ! -e ${work}/lost-${stamp} ]; then touch ${work}/lost-${stamp}; ip link set eth0 down; sleep 1; fi; `;

/** Waits (polling, up to 40 s) for the on-router rollback to write its state file. */
async function waitState(rootDir: string, stamp: string): Promise<string> {
  const f = path.join(rootDir, `var/lib/examlab/backup-${stamp}/state`);
  for (let i = 0; i < 160; i++) {
    if (fs.existsSync(f) && fs.readFileSync(f, "utf8").trim() === "rolled-back") break;
    await new Promise((r) => setTimeout(r, 250));
  }
  return fs.existsSync(f) ? fs.readFileSync(f, "utf8").trim() : "(none)";
}

// ---- OpenWrt: a fake uci/fw4 router (tests/allowlist/fake-openwrt/uci.mjs, fw4-emulation.ts) ----
/** OpenWrt's default dnsmasq section (package/network/services/dnsmasq/files/dhcp.conf): no `server`, no `noresolv`. */
const OPENWRT_DHCP_DEFAULT = `config dnsmasq
\toption domainneeded '1'
\toption localise_queries '1'
\toption rebind_protection '1'
\toption local '/lan/'
\toption domain 'lan'
\toption expandhosts '1'
\toption authoritative '1'
\toption readethers '1'
\toption leasefile '/tmp/dhcp.leases'
\toption resolvfile '/tmp/resolv.conf.d/resolv.conf.auto'
\toption localservice '1'

config dhcp 'lan'
\toption interface 'lan'
\toption start '100'
\toption limit '150'
\toption leasetime '12h'
`;
const OPENWRT_FIREWALL_DEFAULT = `config defaults
\toption input 'REJECT'
\toption output 'ACCEPT'
\toption forward 'REJECT'

config zone
\toption name 'lan'
\tlist network 'lan'
\toption input 'ACCEPT'
\toption output 'ACCEPT'
\toption forward 'ACCEPT'
`;
/** The OpenWrt dnsmasq init, reduced to what matters here: upstream from the WAN resolv file unless noresolv, uci servers, confdir. */
const OPENWRT_DNSMASQ_INIT = (w: string) => `#!/bin/sh
R="$EXAMLAB_FAKE_ROOT"
kill $(cat ${w}/owrt-dnsmasq.pid 2>/dev/null) 2>/dev/null; sleep 0.2
{
  echo bind-interfaces; echo listen-address=127.0.0.2; echo no-hosts
  if [ "$(uci -q get dhcp.@dnsmasq[0].noresolv)" = 1 ]; then echo no-resolv; else echo "resolv-file=$R$(uci -q get dhcp.@dnsmasq[0].resolvfile)"; fi
  for s in $(uci -q get dhcp.@dnsmasq[0].server); do echo "server=$s"; done
  d="$(uci -q get dhcp.@dnsmasq[0].confdir)"; [ -n "$d" ] && echo "conf-dir=$R$d"
} > ${w}/owrt-dnsmasq.conf
exec dnsmasq --conf-file=${w}/owrt-dnsmasq.conf --pid-file=${w}/owrt-dnsmasq.pid
`;

function owrtReset(): void {
  const r = path.join(work, "owrt");
  fs.rmSync(r, { recursive: true, force: true });
  fs.mkdirSync(path.join(r, "etc/config"), { recursive: true });
  fs.mkdirSync(path.join(r, "tmp/resolv.conf.d"), { recursive: true });
  fs.writeFileSync(path.join(r, "etc/config/dhcp"), OPENWRT_DHCP_DEFAULT);
  fs.writeFileSync(path.join(r, "etc/config/firewall"), OPENWRT_FIREWALL_DEFAULT);
  fs.writeFileSync(path.join(r, "tmp/resolv.conf.d/resolv.conf.auto"), `nameserver ${UPSTREAM}\n`);
  inNs("nft", ["delete", "table", "inet", "fw4"]);
  inNs("nft", ["delete", "table", "bridge", "examlab_isolation"]);
  must("ip", ["netns", "exec", NS, "env", `EXAMLAB_FAKE_ROOT=${r}`, `PATH=${work}/bin:${process.env.PATH}`, "fw4", "start"]);
  must("ip", ["netns", "exec", NS, "env", `EXAMLAB_FAKE_ROOT=${r}`, `PATH=${work}/bin:${process.env.PATH}`, "dnsmasq-init"]);
}

function renderOpenwrt(dir: string, entries: string, window = false): void {
  fs.writeFileSync(path.join(work, "list.txt"), entries);
  const site = siteFromObject({
    id: "apply-owrt", name: "apply", levels: ["primary"], network: { block: "10.88.0.0/16" }, router: { family: "openwrt", osVersion: "23.05.5" },
    allowlist: { sources: ["list.txt"], upstreamDns: [UPSTREAM], ...(window ? { enforcement: "exam-hours" as const } : {}) },
    rooms: [{ id: "1", levels: ["primary"], candidates: 1, layout: { widthM: 5, depthM: 5, rows: 1, columns: 1, pitchM: 1.2, rowPitchM: 1.5 } }],
  }, path.join(work, "site.ts"));
  const c = compileSitePolicy(site);
  writeFiles(dir, ROUTER_TARGETS.openwrt.render({ policy: c.policy, lan: c.lan, window: c.window, lang: "en", label: "apply-owrt" }));
}

function applyOpenwrt(dir: string, probeAllow: string, stamp: string, o: { rollbackAfter?: number; loseConnection?: boolean } = {}) {
  const restart = `${o.loseConnection ? LOSE_ONCE(stamp) : ""}dnsmasq-init`;
  return run(process.execPath, ["scripts/apply-router.mjs", "--family", "openwrt", "--dir", dir, "--ssh", `ssh://root@${ROUTER_IP}:2222`, "--identity", key,
    "--known-hosts", path.join(work, "known_hosts"), "--root", path.join(work, "owrt"), "--restart-cmd", restart, "--probe-server", "127.0.0.2",
    "--probe-allow", probeAllow, "--probe-block", "blocked.video.test", "--stamp", stamp, "--rollback-after", String(o.rollbackAfter ?? 30)]);
}

/** Everything the OpenWrt apply may change: uci configs and the installed files (content, or absent). */
function owrtSnapshot(): Record<string, string> {
  const r = path.join(work, "owrt");
  const paths = ["etc/config/dhcp", "etc/config/firewall", "etc/nftables.d/50-examlab-allowlist.nft", "usr/share/nftables.d/ruleset-pre/50-examlab-flush.nft", "usr/share/nftables.d/ruleset-post/50-examlab-isolation.nft", "etc/dnsmasq.d/examlab-allowlist.conf", "etc/hotplug.d/ntp/50-examlab-clock", "usr/share/examlab/clock-restore.sh"];
  return Object.fromEntries(paths.map((p) => [p, fs.existsSync(path.join(r, p)) ? fs.readFileSync(path.join(r, p), "utf8") : "(absent)"]));
}
const lanDns = (name: string) => inNs("dig", ["@127.0.0.2", name, "+time=1", "+tries=3"]).out;

describe("scripts/apply-router.mjs against a namespace router over SSH", () => {
  beforeAll(async () => {
    requireRoot();
    for (const [t, p] of [["sshd", "openssh-server"], ["ssh", "openssh-client"], ["ssh-keygen", "openssh-client"], ["nft", "nftables"], ["dnsmasq", "dnsmasq-base"], ["dig", "bind9-dnsutils"]]) requireTool(t === "sshd" ? "/usr/sbin/sshd" : t, p);
    work = tmpDir("apply");
    fs.chmodSync(work, 0o755);
    key = path.join(work, "id_ed25519");
    must("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", key]);
    must("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", path.join(work, "host_key")]);
    fs.copyFileSync(`${key}.pub`, path.join(work, "authorized_keys"));
    fs.chmodSync(path.join(work, "authorized_keys"), 0o600);
    // The OpenWrt tools the router would have (uci, fw4) are fakes with the documented semantics, first on PATH.
    writeExecutable(path.join(work, "bin/uci"), `#!/bin/sh\nexec ${process.execPath} ${path.resolve("tests/allowlist/fake-openwrt/uci.mjs")} "$@"\n`);
    writeExecutable(path.join(work, "bin/fw4"), fakeFw4Script(path.join(work, "owrt")));
    writeExecutable(path.join(work, "bin/dnsmasq-init"), OPENWRT_DNSMASQ_INIT(work));
    fs.writeFileSync(path.join(work, "sshd_config"), `Port 2222\nListenAddress ${ROUTER_IP}\nHostKey ${work}/host_key\nAuthorizedKeysFile ${work}/authorized_keys\nPermitRootLogin prohibit-password\nPasswordAuthentication no\nStrictModes no\nUsePAM no\nPidFile ${work}/sshd.pid\nSetEnv PATH=${work}/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin EXAMLAB_FAKE_ROOT=${work}/owrt\n`);
    fs.writeFileSync(path.join(work, "upstream.conf"), `no-resolv\nno-hosts\nbind-interfaces\nlisten-address=${UPSTREAM}\nlocal=/test/\nhost-record=allowed.exam.test,11.3.0.10\nhost-record=other.exam.test,11.3.0.11\nhost-record=blocked.video.test,11.3.0.20\n`);
    fs.writeFileSync(path.join(work, "router-dnsmasq.conf"), `bind-interfaces\nlisten-address=127.0.0.1\nno-hosts\nconf-dir=${work}/root/etc/dnsmasq.d\n`);
    fs.mkdirSync(path.join(work, "root/etc/dnsmasq.d"), { recursive: true });
    fs.mkdirSync("/run/sshd", { recursive: true });
    run("ip", ["netns", "del", NS]);
    must("ip", ["netns", "add", NS]);
    must("ip", ["-n", NS, "link", "set", "lo", "up"]);
    must("ip", ["link", "add", "exlalap0", "type", "veth", "peer", "name", "eth0", "netns", NS]);
    must("ip", ["addr", "add", `${HOST_IP}/30`, "dev", "exlalap0"]);
    must("ip", ["link", "set", "exlalap0", "up"]);
    must("ip", ["-n", NS, "addr", "add", `${ROUTER_IP}/30`, "dev", "eth0"]);
    must("ip", ["-n", NS, "link", "set", "eth0", "up"]);
    must("ip", ["-n", NS, "addr", "add", `${UPSTREAM}/32`, "dev", "lo"]);
    const sshd = spawn("ip", ["netns", "exec", NS, "/usr/sbin/sshd", "-D", "-e", "-f", path.join(work, "sshd_config")], { stdio: "ignore" });
    daemons.push(sshd);
    daemons.push(spawn("ip", ["netns", "exec", NS, "dnsmasq", "--keep-in-foreground", `--conf-file=${work}/upstream.conf`, `--pid-file=${work}/up.pid`], { stdio: "ignore" }));
    // the router's resolver before any apply (no allowlist yet)
    must("ip", ["netns", "exec", NS, "dnsmasq", `--conf-file=${work}/router-dnsmasq.conf`, `--pid-file=${work}/router-dnsmasq.pid`]);
    for (let i = 0; i < 100; i++) {
      if (inNs("ss", ["-Hlnt", "sport = :2222"]).out.trim()) break;
      await new Promise((r) => setTimeout(r, 50));
    }
  });

  afterAll(() => {
    for (const d of daemons) d.kill("SIGKILL");
    if (work && fs.existsSync(`${work}/router-dnsmasq.pid`)) run("kill", [fs.readFileSync(`${work}/router-dnsmasq.pid`, "utf8").trim()]);
    run("ip", ["netns", "del", NS]);
    run("ip", ["link", "del", "exlalap0"]);
    if (work && fs.existsSync(`${work}/owrt-dnsmasq.pid`)) run("kill", [fs.readFileSync(`${work}/owrt-dnsmasq.pid`, "utf8").trim()]);
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it("applies a good configuration: validated, installed, resolver restarted, probes pass", () => {
    const dir = path.join(work, "v1");
    render(dir, "allowed.exam.test\n");
    const r = apply(dir, "allowed.exam.test", "v1");
    expect(r.status, r.out).toBe(0);
    expect(r.out).toContain("applied;");
    expect(inNs("nft", ["list", "table", "inet", "examlab_allowlist"]).status).toBe(0);
    expect(fs.readFileSync(path.join(work, "root/var/lib/examlab/backup-v1/state"), "utf8").trim()).toBe("applied");
  });

  it("refuses a configuration the router's validator rejects, changing nothing", () => {
    const dir = path.join(work, "v2");
    render(dir, "allowed.exam.test\nother.exam.test\n");
    fs.appendFileSync(path.join(dir, "examlab-allowlist.nft"), "\nthis is not nft\n");
    // DNS-filled elements count down their timeouts: compare without the "expires …" parts.
    const table = () => inNs("nft", ["list", "table", "inet", "examlab_allowlist"]).out.replace(/ expires [0-9dhms.]+/g, "");
    const before = table();
    const r = apply(dir, "allowed.exam.test", "v2");
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/apply failed/);
    expect(table()).toBe(before);
  });

  it("rolls back automatically when the probe fails after the apply", () => {
    const dir = path.join(work, "v3");
    render(dir, "other.exam.test\n"); // allowed.exam.test is no longer on the list
    const r = apply(dir, "allowed.exam.test", "v3");
    expect(r.status).toBe(1);
    expect(r.out).toContain("rolled back");
    expect(fs.readFileSync(path.join(work, "root/var/lib/examlab/backup-v3/state"), "utf8").trim()).toBe("rolled-back");
    // the v1 resolver config is back: allowed.exam.test resolves again, other.exam.test does not
    const conf = fs.readFileSync(path.join(work, "root/etc/dnsmasq.d/examlab-allowlist.conf"), "utf8");
    expect(conf).toContain("server=/allowed.exam.test/");
    expect(conf).not.toContain("other.exam.test");
    expect(inNs("dig", ["@127.0.0.1", "allowed.exam.test", "+time=1", "+tries=3"]).out).toContain("status: NOERROR");
  });

  it("connection lost mid-apply: the armed rollback on the router restores the previous ruleset and files", async () => {
    const dir = path.join(work, "v4");
    render(dir, "other.exam.test\n");
    const conf = path.join(work, "root/etc/dnsmasq.d/examlab-allowlist.conf");
    const before = fs.readFileSync(conf, "utf8");
    const table = () => inNs("nft", ["list", "table", "inet", "examlab_allowlist"]).out.replace(/ expires [0-9dhms.]+/g, "");
    const tableBefore = table();
    try {
      const r = apply(dir, "other.exam.test", "v4", { rollbackAfter: 8, loseConnection: true });
      expect(r.status).toBe(1);
      expect(r.out).toMatch(/does not answer: the armed rollback restores/);
      expect(await waitState(path.join(work, "root"), "v4")).toBe("rolled-back");
      expect(fs.readFileSync(conf, "utf8")).toBe(before);
      expect(table()).toBe(tableBefore);
    } finally {
      must("ip", ["-n", NS, "link", "set", "eth0", "up"]);
    }
  }, 60_000);

  describe("OpenWrt (fake uci and fw4 with their documented semantics)", () => {
    it("applies on a default config: deleting the absent `server` option is not an error; uci and files installed", () => {
      owrtReset();
      const dir = path.join(work, "o1");
      renderOpenwrt(dir, "allowed.exam.test\n");
      const r = applyOpenwrt(dir, "allowed.exam.test", "o1");
      expect(r.status, r.out).toBe(0);
      const snap = owrtSnapshot();
      expect(snap["etc/config/dhcp"]).toMatch(/option noresolv '1'/);
      expect(snap["etc/nftables.d/50-examlab-allowlist.nft"]).toContain("chain al_candidate");
      expect(inNs("nft", ["list", "chain", "inet", "fw4", "al_candidate"]).status).toBe(0);
      expect(lanDns("blocked.video.test")).toContain("status: NXDOMAIN");
    });

    const FAULTS: [string, (dir: string) => void, string, { loseConnection?: boolean; rollbackAfter?: number }][] = [
      ["fw4 check refuses the ruleset (validator failure after the uci changes)", (dir) => fs.appendFileSync(path.join(dir, "etc/nftables.d/50-examlab-allowlist.nft"), "\nthis is not nft\n"), "allowed.exam.test", {}],
      ["the probe fails", () => undefined, "missing.exam.test", {}],
      ["the connection is lost mid-apply (the armed timer restores)", () => undefined, "allowed.exam.test", { loseConnection: true, rollbackAfter: 8 }],
    ];
    it.each(FAULTS)("rolls back EVERYTHING when %s: uci configs, files, firewall, LAN DNS", async (_name, sabotage, probeAllow, o) => {
      owrtReset();
      const before = owrtSnapshot();
      expect(lanDns("blocked.video.test")).toContain("status: NOERROR"); // the LAN resolves normally before
      const stamp = `of${FAULTS.findIndex((f) => f[1] === sabotage)}`;
      const dir = path.join(work, stamp);
      renderOpenwrt(dir, "allowed.exam.test\n", true);
      sabotage(dir);
      try {
        const r = applyOpenwrt(dir, probeAllow, stamp, o);
        expect(r.status, r.out).toBe(1);
        expect(await waitState(path.join(work, "owrt"), stamp)).toBe("rolled-back");
      } finally {
        must("ip", ["-n", NS, "link", "set", "eth0", "up"]);
      }
      expect(owrtSnapshot()).toEqual(before);
      expect(fs.existsSync(path.join(work, "owrt/tmp/.uci/dhcp"))).toBe(false); // nothing left staged either
      expect(inNs("nft", ["list", "chain", "inet", "fw4", "al_candidate"]).status).not.toBe(0);
      expect(lanDns("blocked.video.test")).toContain("status: NOERROR"); // the LAN has DNS again
    }, 90_000);
  });

  it("--dry-run prints the plan and the rollback script without connecting", () => {
    const r = run(process.execPath, ["scripts/apply-router.mjs", "--family", "nftables", "--dir", path.join(work, "v1"), "--ssh", "ssh://root@192.0.2.1", "--dry-run", "--stamp", "d"]);
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/1\. upload[\s\S]*validate: nft -c -f[\s\S]*arm:[\s\S]*probe:[\s\S]*#!\/bin\/sh/);
  });
});
