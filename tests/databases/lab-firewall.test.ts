import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { resolveDatabases } from "../../src/databases/plan";
import { labServerNftRules } from "../../src/databases/lab-firewall";
import { compileSitePolicy } from "../../src/allowlist/site-policy";
import { computeIntent } from "../../src/allowlist/intent";
import type { Site } from "../../src/model/site";
import { requireRoot, requireTool } from "../helpers/tools";
import { fixtureSite } from "./fixtures";

// Seats 1 and 2 of room 201 are 10.70.201.10 and .11; the lab server is 10.70.0.10.
const site = fixtureSite({ id: "fw-site", seatsPerRoom: 4 });
const plan = resolveDatabases(site)!;
/** The lab server file renders from the site's connectivity intent (issue 10), like the router files. */
const labRules = (s: Site, server: { id: string; ipv4: string }, lang: "zh" | "en") => labServerNftRules(computeIntent(s, compileSitePolicy(s)), server, s.spec.id, lang);
const rules = labRules(site, plan.servers[0], "en");

function nftCheck(text: string): { status: number | null; stderr: string } {
  const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "examlab-db-nft-")), "rules.nft");
  fs.writeFileSync(f, text);
  const r = spawnSync("unshare", ["-rn", "nft", "-c", "-f", f], { encoding: "utf8" });
  fs.rmSync(path.dirname(f), { recursive: true });
  return { status: r.status, stderr: r.stderr };
}

describe("lab server firewall (nftables)", () => {
  it("passes nft -c for both modes and languages", () => {
    requireTool("nft", "nftables");
    expect(rules).toContain("10.70.201.10 . 33000");
    expect(rules).toMatch(/set db_ports \{\n    type inet_service\n    elements = \{ 33000,\s+33001,/);
    expect(rules).toContain("ip saddr @seat_nets counter drop");
    for (const mode of ["per-seat", "shared"] as const)
      for (const lang of ["zh", "en"] as const) {
        const p = resolveDatabases(fixtureSite({ id: `fw-${mode}`, rooms: 2, databases: { mode } }))!;
        const s = fixtureSite({ id: `fw-${mode}`, rooms: 2, databases: { mode } });
        const r = nftCheck(labRules(s, resolveDatabases(s)!.servers[0], lang));
        expect(r.status, r.stderr).toBe(0);
      }
  });

  describe("in network namespaces: seat A's PC reaches its own port, not seat B's", () => {
    const tag = `dbfw${process.pid % 100000}`;
    const srv = `${tag}-srv`, pc = `${tag}-pc`;
    const listeners: ChildProcess[] = [];
    const ipns = (ns: string, ...args: string[]) => execFileSync("ip", ["netns", "exec", ns, ...args], { encoding: "utf8" });

    beforeAll(async () => {
      requireRoot();
      requireTool("ip", "iproute2");
      requireTool("nft", "nftables");
      requireTool("python3", "python3");
      for (const ns of [srv, pc]) execFileSync("ip", ["netns", "add", ns]);
      execFileSync("ip", ["link", "add", `${tag}a`, "netns", srv, "type", "veth", "peer", "name", `${tag}b`, "netns", pc]);
      ipns(srv, "ip", "addr", "add", "10.70.0.10/16", "dev", `${tag}a`);
      ipns(pc, "ip", "addr", "add", "10.70.201.10/16", "dev", `${tag}b`);
      ipns(pc, "ip", "addr", "add", "10.70.201.11/16", "dev", `${tag}b`);
      ipns(pc, "ip", "addr", "add", "10.70.0.99/16", "dev", `${tag}b`); // staff, not a seat
      for (const ns of [srv, pc]) { ipns(ns, "ip", "link", "set", "lo", "up"); }
      ipns(srv, "ip", "link", "set", `${tag}a`, "up");
      ipns(pc, "ip", "link", "set", `${tag}b`, "up");
      const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "examlab-db-nft-")), "rules.nft");
      fs.writeFileSync(f, rules);
      ipns(srv, "nft", "-f", f);
      // Stand-ins for seat 1's and seat 2's MySQL ports (33000, 33001).
      for (const port of [33000, 33001, 22]) {
        const p = spawn("ip", ["netns", "exec", srv, "python3", "-c", `import socket\ns=socket.socket();s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1);s.bind(("0.0.0.0",${port}));s.listen(8)\nwhile True:\n  c,_=s.accept();c.sendall(b"ok");c.close()`], { stdio: "ignore" });
        listeners.push(p);
      }
      for (let i = 0; i < 100; i++) {
        const out = ipns(srv, "ss", "-Hltn");
        if (out.includes(":33000") && out.includes(":33001") && out.includes(":22 ")) break;
        await new Promise((r) => setTimeout(r, 30));
      }
    });

    afterAll(() => {
      for (const p of listeners) p.kill("SIGKILL");
      for (const ns of [srv, pc]) spawnSync("ip", ["netns", "del", ns]);
    });

    const connect = (from: string, port: number) =>
      spawnSync("ip", ["netns", "exec", pc, "python3", "-c", `import socket\ns=socket.socket();s.settimeout(0.5);s.bind(("${from}",0))\ntry:\n  s.connect(("10.70.0.10",${port}));print(s.recv(2).decode())\nexcept Exception as e:\n  print("blocked", type(e).__name__)`], { encoding: "utf8" }).stdout.trim();

    it("seat 1's PC connects to seat 1's port and is dropped at seat 2's; seat 2 the other way round", () => {
      expect(connect("10.70.201.10", 33000)).toBe("ok");
      expect(connect("10.70.201.10", 33001)).toMatch(/^blocked/);
      expect(connect("10.70.201.11", 33001)).toBe("ok");
      expect(connect("10.70.201.11", 33000)).toMatch(/^blocked/);
    });

    it("seats reach nothing else on the lab server (issue 10 intent: infrastructure); staff do, but not the seat ports", () => {
      expect(connect("10.70.0.99", 22)).toBe("ok");
      expect(connect("10.70.201.10", 22)).toMatch(/^blocked/);
      expect(connect("10.70.0.99", 33000)).toMatch(/^blocked/);
    });
  });
});
