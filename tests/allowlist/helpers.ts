import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll } from "vitest";
import { requireTool } from "../helpers/tools";
import { loadSiteSource } from "../../src/model/sources";
import { compileSitePolicy } from "../../src/allowlist";
import type { RenderInput, RenderedFile } from "../../src/allowlist/model";

/** Render input for a sample site (the same the export producer uses). */
export function siteInput(file: string, lang: "zh" | "en" = "zh", tweak?: (data: RenderInput) => RenderInput): RenderInput {
  const site = loadSiteSource(file);
  const c = compileSitePolicy(site);
  const input: RenderInput = { policy: c.policy, lan: c.lan, window: c.window, lang, label: site.spec.id };
  return tweak ? tweak(input) : input;
}

const created: string[] = [];
// Registered in every test file that imports these helpers: temp folders go when the file ends.
afterAll(() => {
  for (const d of created.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

export function tmpDir(tag: string): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), `exl-al-${tag}-`));
  created.push(d);
  return d;
}

export function writeFiles(dir: string, files: readonly RenderedFile[]): void {
  for (const f of files) {
    const p = path.join(dir, f.path);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, f.content);
  }
}

export function text(f: RenderedFile | undefined): string {
  if (!f) throw new Error("file missing");
  return typeof f.content === "string" ? f.content : Buffer.from(f.content).toString("utf8");
}

export interface Checked {
  status: number | null;
  out: string;
}

function run(cmd: string, args: string[], input?: string): Checked {
  const r = spawnSync(cmd, args, { encoding: "utf8", input, timeout: 30_000 });
  return { status: r.status, out: `${r.stdout ?? ""}${r.stderr ?? ""}` };
}

/** `nft -c -f` in an empty network namespace (router-targets.md: nft -c resolves names otherwise). */
export function nftCheck(file: string): Checked {
  requireTool("nft", "nftables");
  return run("unshare", ["-n", "nft", "-c", "-f", file]);
}

/** An OpenWrt fw4 include, checked the way fw4 includes it: inside `table inet fw4 { … }`. */
export function nftCheckFw4Include(file: string): Checked {
  const wrapped = `${file}.fw4.nft`;
  fs.writeFileSync(wrapped, `table inet fw4 {\n${fs.readFileSync(file, "utf8")}\n}\n`);
  return nftCheck(wrapped);
}

export function dnsmasqCheck(file: string): Checked {
  requireTool("dnsmasq", "dnsmasq-base");
  return run("unshare", ["-n", "dnsmasq", "--test", `--conf-file=${file}`]);
}

export function unboundCheck(file: string): Checked {
  requireTool("unbound-checkconf", "unbound");
  // A drop-in is checked inside a minimal main config that runs unprivileged.
  const main = `${file}.main.conf`;
  fs.writeFileSync(main, `server:\n\tchroot: ""\n\tusername: ""\n\tpidfile: ""\n\tuse-syslog: no\ninclude: "${file}"\n`);
  return run("unshare", ["-n", "unbound-checkconf", main]);
}

/** `squid -k parse` on a main config that includes the generated files (strict: any WARNING/ERROR fails). */
export function squidCheck(dir: string, includes: readonly string[]): Checked {
  requireTool("squid", "squid-openssl");
  requireTool("openssl", "openssl");
  const cert = path.join(dir, "bump.pem");
  if (!fs.existsSync(cert)) {
    const r = run("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=examlab-test", "-keyout", cert, "-out", cert]);
    if (r.status !== 0) return r;
  }
  const main = path.join(dir, "squid-main.conf");
  const body = includes.map((f) => `include ${f}`).join("\n").replaceAll("/etc/squid/examlab-bump.pem", cert);
  fs.writeFileSync(main, `pid_filename ${dir}/squid.pid\ncache_log ${dir}/cache.log\naccess_log none\ncache deny all\nhttp_port 127.0.0.1:3199\n${body}\nhttp_access deny all\n`);
  for (const f of includes) fs.writeFileSync(f, fs.readFileSync(f, "utf8").replaceAll("/etc/squid/examlab-bump.pem", cert));
  const r = run("unshare", ["-n", "sh", "-c", 'ip link set lo up; squid -k parse -f "$1"', "sh", main]);
  if (r.status === 0 && /WARNING|ERROR|FATAL/.test(r.out)) return { status: 1, out: r.out };
  return r;
}
