import type { DatabasePlan, LabServerPlan } from "./plan";
import { DB_SERVICES } from "./services";
import { maxOf, minOf } from "../util/arrays";

/**
 * nftables rules for a lab server (issue 3 §2: "no candidate can reach another's data").
 * Per-seat mode publishes every seat's databases with the same published credentials, so the
 * network must decide: a seat's ports accept connections only from that seat's own PC. Shared
 * mode: the shared ports accept only the site's seat PCs (isolation is then by per-seat users).
 * The chain hooks prerouting before Docker's DNAT (priority -150 < -100), so it filters on the
 * published host ports and coexists with Docker's own iptables/nft rules. Load with
 * `nft -f lab-server-<id>.nft` (it replaces only its own table).
 */
export function labServerNftRules(plan: DatabasePlan, server: LabServerPlan, lang: "zh" | "en"): string {
  const table = `examlab_db_${plan.siteId.replace(/-/g, "_")}`;
  if (!/^examlab_db_[a-z0-9_]+$/.test(table)) throw new Error(`invalid table name ${table}`);
  const ip = (s: string) => {
    if (!/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(s)) throw new Error(`not an IPv4 address: ${JSON.stringify(s)}`);
    return s;
  };
  const port = (p: number) => {
    if (!Number.isInteger(p) || p < 1 || p > 65535) throw new Error(`invalid port ${p}`);
    return String(p);
  };
  const ranges = DB_SERVICES.map((svc) => {
    const ps = server.seats.map((s) => s.ports[svc]);
    const lo = minOf(ps), hi = maxOf(ps);
    return lo === hi ? port(lo) : `${port(lo)}-${port(hi)}`;
  });
  // (seat PC address, port) pairs that may connect; in shared mode every seat pairs with the shared ports.
  const pairs = server.seats.flatMap((s) => DB_SERVICES.map((svc) => `${ip(s.ipv4)} . ${port(s.ports[svc])}`));
  const zh = lang === "zh";
  return [
    zh ? `# 考点 ${plan.siteId} 实验服务器 ${server.id}：每个座位的数据库端口只接受该座位考生机的连接。` : `# Site ${plan.siteId}, lab server ${server.id}: each seat's database ports accept only that seat's PC.`,
    zh ? "# 加载：nft -f 本文件（只替换本表，不影响 Docker 的规则）。" : "# Load with: nft -f <this file> (replaces only this table; Docker's rules are untouched).",
    `table inet ${table}`,
    `delete table inet ${table}`,
    `table inet ${table} {`,
    "  set seat_ports {",
    "    type ipv4_addr . inet_service",
    `    elements = { ${pairs.join(",\n                 ")} }`,
    "  }",
    "  chain prerouting {",
    "    type filter hook prerouting priority -150; policy accept;",
    `    tcp dport { ${ranges.join(", ")} } ip saddr . tcp dport != @seat_ports counter drop`,
    "  }",
    "}",
    "",
  ].join("\n");
}
