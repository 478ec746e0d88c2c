import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireRoot, requireTool } from "../helpers/tools";
import { siteFromObject } from "../../src/model/site";
import { compileSitePolicy, ROUTER_TARGETS } from "../../src/allowlist";
import { tmpDir, writeFiles } from "./helpers";

/**
 * scripts/apply-router.mjs end to end against a network-namespace "router" running sshd,
 * nftables and dnsmasq: a good apply, a config the router's validator refuses (nothing changes),
 * and a failed probe (automatic rollback to the previous ruleset).
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

function apply(dir: string, probeAllow: string, stamp: string) {
  const root = path.join(work, "root");
  const restart = `kill $(cat ${work}/router-dnsmasq.pid) 2>/dev/null; sleep 0.2; dnsmasq --conf-file=${work}/router-dnsmasq.conf --pid-file=${work}/router-dnsmasq.pid`;
  return run(process.execPath, ["scripts/apply-router.mjs", "--family", "nftables", "--dir", dir, "--ssh", `ssh://root@${ROUTER_IP}:2222`, "--identity", key,
    "--known-hosts", path.join(work, "known_hosts"), "--root", root, "--restart-cmd", restart, "--probe-allow", probeAllow, "--probe-block", "blocked.video.test", "--stamp", stamp, "--rollback-after", "30"]);
}

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
    fs.writeFileSync(path.join(work, "sshd_config"), `Port 2222\nListenAddress ${ROUTER_IP}\nHostKey ${work}/host_key\nAuthorizedKeysFile ${work}/authorized_keys\nPermitRootLogin prohibit-password\nPasswordAuthentication no\nStrictModes no\nUsePAM no\nPidFile ${work}/sshd.pid\n`);
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

  it("--dry-run prints the plan and the rollback script without connecting", () => {
    const r = run(process.execPath, ["scripts/apply-router.mjs", "--family", "nftables", "--dir", path.join(work, "v1"), "--ssh", "ssh://root@192.0.2.1", "--dry-run", "--stamp", "d"]);
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/1\. upload[\s\S]*validate: nft -c -f[\s\S]*arm:[\s\S]*probe:[\s\S]*#!\/bin\/sh/);
  });
});
