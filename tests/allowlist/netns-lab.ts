import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * Small toolkit for network-namespace tests (issue 10): run a command in a namespace, start a
 * daemon, wait for a port, and the probes the tests use (dig, curl, TCP connect, UDP send).
 * Every probe has a short timeout: a blocked flow costs about a second.
 */
export interface Ran {
  status: number | null;
  out: string;
  stdout: string;
}

export function sh(ns: string | null, cmd: string, args: string[], opts: { timeout?: number; env?: NodeJS.ProcessEnv; input?: string } = {}): Ran {
  const [c, a] = ns ? ["ip", ["netns", "exec", ns, cmd, ...args]] : [cmd, args];
  const r = spawnSync(c, a as string[], { encoding: "utf8", timeout: opts.timeout ?? 15_000, env: opts.env ?? process.env, input: opts.input });
  return { status: r.status, out: `${r.stdout ?? ""}${r.stderr ?? ""}`, stdout: r.stdout ?? "" };
}

export function must(ns: string | null, cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; input?: string } = {}): string {
  const r = sh(ns, cmd, args, opts);
  if (r.status !== 0) throw new Error(`${ns ?? "host"}: ${cmd} ${args.join(" ")} failed:\n${r.out}`);
  return r.stdout;
}

export class Daemons {
  private list: ChildProcess[] = [];
  start(ns: string, cmd: string, args: string[]): ChildProcess {
    const p = spawn("ip", ["netns", "exec", ns, cmd, ...args], { stdio: ["ignore", "ignore", "pipe"] });
    p.stderr?.on("data", () => undefined);
    this.list.push(p);
    return p;
  }
  stop(p: ChildProcess): void {
    p.kill("SIGKILL");
    this.list = this.list.filter((x) => x !== p);
  }
  stopAll(): void {
    for (const p of this.list) p.kill("SIGKILL");
    this.list = [];
  }
}

export async function waitPort(ns: string, proto: "t" | "u", port: number, addr?: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const r = sh(ns, "ss", [`-Hln${proto}`, `sport = :${port}`]).stdout;
    if (r.trim() && (!addr || r.includes(addr))) return;
    await new Promise((res) => setTimeout(res, 25));
  }
  throw new Error(`${ns}: nothing listening on ${proto}${port}`);
}

/** dig status (NOERROR, NXDOMAIN, …) and the answer addresses. */
export function dig(ns: string, server: string, name: string, type: "A" | "AAAA" = "A", port = 53): { status: string; answers: string[] } {
  const r = sh(ns, "dig", [`@${server}`, "-p", String(port), name, type, "+time=1", "+tries=1", "+noall", "+comments", "+answer"]);
  const status = /status: ([A-Z]+)/.exec(r.out)?.[1] ?? `no answer (rc ${r.status})`;
  const answers = [...r.out.matchAll(/\sIN\s+(?:A|AAAA)\s+(\S+)/g)].map((m) => m[1]);
  return { status, answers };
}

export function curl(ns: string, url: string, extra: string[] = []): string {
  const r = sh(ns, "curl", ["-s", "-g", "-o", "/dev/null", "-w", "%{http_code}", "--connect-timeout", "1", "-m", "2", ...extra, url]);
  return r.stdout.trim() || "000";
}

/** TCP connect from `ns` (optionally from a given local address, or over link-local with `%ifname`). */
export function tcpOpen(ns: string, host: string, port: number, localAddress?: string): boolean {
  const opts = JSON.stringify({ host, port, ...(localAddress ? { localAddress } : {}) });
  return sh(ns, process.execPath, ["-e", `const s=require("net").connect(${opts});s.setTimeout(1000);s.on("connect",()=>process.exit(0));s.on("error",()=>process.exit(1));s.on("timeout",()=>process.exit(2));`]).status === 0;
}

/** One UDP datagram from `ns`, from `src` (an address assigned in `ns`). */
export function udpSend(ns: string, src: string, dst: string, port: number, payload: string): void {
  const fam = dst.includes(":") ? "udp6" : "udp4";
  const r = sh(ns, process.execPath, ["-e", `const d=require("dgram").createSocket("${fam}");d.bind({address:${JSON.stringify(src)}},()=>d.send(${JSON.stringify(payload)},${port},${JSON.stringify(dst)},()=>setTimeout(()=>process.exit(0),50)));d.on("error",(e)=>{console.error(e.message);process.exit(1)});`]);
  if (r.status !== 0) throw new Error(`${ns}: sending UDP from ${src} failed: ${r.out}`);
}

/** The link-local address of an interface in a namespace. */
export function linkLocal(ns: string, dev: string): string {
  const out = must(ns, "ip", ["-6", "-o", "addr", "show", "dev", dev, "scope", "link"]);
  const m = /inet6 (fe80::[0-9a-f:]+)\/64/.exec(out);
  if (!m) throw new Error(`${ns}: no link-local address on ${dev}:\n${out}`);
  return m[1];
}

/** A node script that serves HTTP on the given ports and logs UDP datagrams (source address per line). */
export function internetServers(udpLog: string): string {
  return `
const net=require("net"),http=require("http"),dgram=require("dgram"),fs=require("fs");
for (const p of [80,443]) http.createServer((q,s)=>{s.end("ok")}).listen({port:p,host:"::",ipv6Only:false});
net.createServer((c)=>c.end()).listen({port:853,host:"::",ipv6Only:false});
const u=dgram.createSocket("udp4");u.on("message",(m,r)=>u.send(m,r.port,r.address));u.bind(443,"0.0.0.0");
const l=dgram.createSocket("udp4");l.on("message",(m,r)=>fs.appendFileSync(${JSON.stringify(udpLog)},r.address+" "+m+"\\n"));l.bind(9999,"0.0.0.0");`;
}

export function listenScript(ports: number[]): string {
  return `const net=require("net");for (const p of ${JSON.stringify(ports)}) net.createServer((c)=>c.end()).listen({port:p,host:"::",ipv6Only:false});`;
}

export function readIf(file: string): string {
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
}

export function writeExecutable(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text, { mode: 0o755 });
}
