import type { ConnectivityIntent } from "../allowlist/intent/types";

/**
 * nftables rules for a lab server (issue 3 §2: "no candidate can reach another's data"), rendered
 * from the site's connectivity intent (issue 10: one intent, many renderings) — the same seat →
 * lab server:port flows the router files allow, so the two cannot diverge.
 * Per-seat mode publishes every seat's databases with the same published credentials, so the
 * network must decide: a seat's ports accept connections only from that seat's own PC. Shared
 * mode: the shared ports accept only the site's seat PCs (isolation is then by per-seat users).
 * Nobody else reaches the seat database ports, and seats reach nothing else on this server
 * (the intent's "infrastructure" class). The chain hooks prerouting before Docker's DNAT
 * (priority -150 < -100), so it filters on the published host ports and coexists with Docker's
 * own rules. Load with `nft -f lab-server-<id>.nft` (it replaces only its own table).
 */
export function labServerNftRules(intent: ConnectivityIntent, server: { id: string; ipv4: string }, siteId: string, lang: "zh" | "en"): string {
  const table = `examlab_db_${siteId.replace(/-/g, "_")}`;
  if (!/^examlab_db_[a-z0-9_]+$/.test(table)) throw new Error(`invalid table name ${table}`);
  const ip = (s: string) => {
    if (!/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(\/\d{1,2})?$/.test(s)) throw new Error(`not an IPv4 address: ${JSON.stringify(s)}`);
    return s;
  };
  const port = (p: number) => {
    if (!Number.isInteger(p) || p < 1 || p > 65535) throw new Error(`invalid port ${p}`);
    return String(p);
  };
  // (seat PC address, port) pairs that may connect, first seen first; in shared mode every seat
  // pairs with the shared ports. One pass over the flows (issue 14: ~1 ms per site as chained
  // filter/flatMap/Set spreads).
  const pairs: string[] = [];
  const seen = new Set<string>();
  const portSet = new Set<number>();
  for (const f of intent.allowed) {
    if (f.class !== "seat-db" || f.to.kind !== "lan-server" || f.to.address !== server.ipv4 || !f.seat) continue;
    for (const p of f.ports) {
      const pair = `${ip(f.seat)} . ${port(p)}`;
      portSet.add(p);
      if (!seen.has(pair)) {
        seen.add(pair);
        pairs.push(pair);
      }
    }
  }
  const ports = Array.from(portSet).sort((a, b) => a - b).map(port);
  const seats = intent.lan.seats4.map(ip);
  const zh = lang === "zh";
  const elements = (list: string[], pad: string) => (list.length ? [`${pad}elements = { ${list.join(`,\n${pad}             `)} }`] : []);
  return [
    zh ? `# 考点 ${siteId} 实验服务器 ${server.id}：每个座位的数据库端口只接受该座位考生机的连接；考生机不能访问本机其他服务。` : `# Site ${siteId}, lab server ${server.id}: each seat's database ports accept only that seat's PC; seats reach nothing else here.`,
    zh ? "# 加载：nft -f 本文件（只替换本表，不影响 Docker 的规则）。" : "# Load with: nft -f <this file> (replaces only this table; Docker's rules are untouched).",
    `table inet ${table}`,
    `delete table inet ${table}`,
    `table inet ${table} {`,
    "  set seat_ports {",
    "    type ipv4_addr . inet_service",
    ...elements(pairs, "    "),
    "  }",
    "  set db_ports {",
    "    type inet_service",
    ...elements(ports, "    "),
    "  }",
    "  set seat_nets {",
    "    type ipv4_addr; flags interval; auto-merge",
    ...elements(seats, "    "),
    "  }",
    "  chain prerouting {",
    "    type filter hook prerouting priority -150; policy accept;",
    "    ip saddr . tcp dport @seat_ports accept",
    // nftables inline comments stay ASCII (as in the router files); the file header speaks the site's language.
    '    tcp dport @db_ports counter drop comment "another seat, or not a seat"',
    '    ip saddr @seat_nets counter drop comment "seat to lab server"',
    "  }",
    "}",
    "",
  ].join("\n");
}
