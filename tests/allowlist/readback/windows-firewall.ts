import type { Rule } from "../../../src/allowlist/intent";
import { addressValue, formatAddress } from "../../../src/ipplan/addresses";
import { mergeCidrs } from "../../../src/allowlist/cidr";
import { ReadbackError } from "./common";

/**
 * Reads the generated Windows Firewall script back into the neutral rule model. Windows semantics
 * (learn.microsoft.com "Windows Firewall rules": a block rule wins over an allow rule whatever
 * the order; what no rule allows gets the profile's default action): every outbound Block rule
 * first, then every outbound Allow rule, then the `-DefaultOutboundAction Block` of
 * Set-NetFirewallProfile as the final unconditional deny. The per-seat database table becomes one
 * allow rule per seat (LocalAddress = that seat).
 */
function addresses(list: string[]): string[] {
  const out: string[] = [];
  for (const a of list) {
    if (a.includes("-")) {
      const [x, y] = a.split("-");
      const fam = x.includes(":") ? 6 : 4;
      out.push(...mergeCidrs(fam, [{ first: addressValue(x, fam), last: addressValue(y, fam) }]));
    } else out.push(a.includes("/") ? a : `${a}/${a.includes(":") ? 128 : 32}`);
  }
  return out;
}

function quoted(s: string): string[] {
  return [...s.matchAll(/'([^']*)'/g)].map((m) => m[1]);
}

export function readWindowsFirewall(text: string): Rule[] {
  const src = text.replace(/^\uFEFF/, "").replace(/\r\n/g, "\n");
  const block: Rule[] = [];
  const allow: Rule[] = [];
  // Statements: an Add-ExamRule call may span lines until its closing `) }` / `}`.
  const statements: { text: string; line: number }[] = [];
  const lines = src.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (!/^Add-ExamRule '/.test(lines[i])) continue;
    let t = lines[i];
    const start = i;
    while (!/\}\s*$/.test(t)) t += "\n" + lines[++i];
    statements.push({ text: t, line: start + 1 });
  }
  for (const s of statements) {
    const body = /@\{(.*)\}\s*$/s.exec(s.text)?.[1];
    if (!body) throw new ReadbackError(`line ${s.line}: cannot read ${s.text.slice(0, 80)}`);
    const field = (name: string) => new RegExp(`${name} = (@\\([^)]*\\)|'[^']*'|\\d+)`, "s").exec(body)?.[1];
    if (field("Direction") !== "'Outbound'") continue;
    const action = field("Action");
    const proto = field("Protocol");
    const rport = field("RemotePort");
    const raddr = field("RemoteAddress");
    if (field("LocalPort") && proto === "'UDP'" && rport === "67") { allow.push({ action: "allow", protocols: ["udp"], dstPorts: [{ from: 67, to: 67 }], origin: `line ${s.line} DHCP` }); continue; }
    const r: Rule = { action: action === "'Block'" ? "deny" : "allow", origin: `line ${s.line}: ${quoted(s.text)[0]}` };
    if (proto) r.protocols = [proto.replace(/'/g, "").toLowerCase() as "tcp"];
    if (rport) r.dstPorts = (rport.startsWith("@") ? rport.slice(2, -1).split(",") : [rport]).map((p) => Number(p.trim())).map((p) => ({ from: p, to: p }));
    if (raddr) r.dst = { cidrs: addresses(raddr.startsWith("@") ? quoted(raddr) : [raddr.replace(/'/g, "")]) };
    (r.action === "deny" ? block : allow).push(r);
  }
  // The per-seat database table.
  const table = /\$seatDb = @\{\n([\s\S]*?)\n\}/.exec(src);
  if (table) {
    if (!/Add-ExamRule \('database on ' \+ \$parts\[0\]\) @\{ Direction = 'Outbound'; Action = 'Allow'; Protocol = 'TCP'; LocalAddress = \$ip; RemoteAddress = \$parts\[0\]; RemotePort = @\(\$parts\[1\]\.Split\(','\)\) \}/.test(src))
      throw new ReadbackError("the seat database table is not applied as outbound TCP allow rules for the machine's own address");
    for (const row of table[1].split("\n")) {
      const m = /^\s+'([^']+)' = @\((.*)\)$/.exec(row);
      if (!m) throw new ReadbackError(`seat table row: ${row}`);
      for (const e of quoted(m[2])) {
        const [server, ports] = e.split("|");
        allow.push({ action: "allow", protocols: ["tcp"], src: { cidrs: [`${m[1]}/32`] }, dst: { cidrs: [`${server}/32`] }, dstPorts: ports.split(",").map((p) => ({ from: Number(p), to: Number(p) })), origin: `seat table ${m[1]}` });
      }
    }
  }
  if (!/Set-NetFirewallProfile [^\n]*-DefaultOutboundAction Block/.test(src)) throw new ReadbackError("outbound default is not Block");
  return [...block, ...allow, { action: "deny", origin: "DefaultOutboundAction Block" }];
}
export { formatAddress };
