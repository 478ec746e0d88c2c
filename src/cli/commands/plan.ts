import type { Command } from "commander";
import { loadSites, parseFormat } from "../io";
import { LEASE_HEADER, leaseRows } from "../../ipplan/artifacts";
import { toCsv } from "../../util/csv";
import { toJson } from "../../util/json";
import { maxOf } from "../../util/arrays";

export function register(program: Command): void {
  program
    .command("plan")
    .description("print the IP plan and seat table of a site (打印 IP 规划与座位表)")
    .argument("<site-file>", "site file")
    .option("--format <format>", "text, csv or json", "text")
    .action((file: string, opts: { format: string }) => {
      const format = parseFormat(opts.format, ["text", "csv", "json"] as const);
      const [site] = loadSites([file]);
      const plan = site.plan;
      if (format === "json") return void process.stdout.write(toJson(plan));
      if (format === "csv") return void process.stdout.write(toCsv(LEASE_HEADER, leaseRows(plan)).replace(/^\uFEFF/, ""));
      const lines = [`site ${site.spec.id}: block ${plan.block}${plan.block6 ? ` + ${plan.block6}` : ""}, DNS ${plan.dns.join(", ")}`, `infrastructure ${plan.infrastructure.subnet} (router ${plan.infrastructure.router})`];
      for (const r of plan.rooms) lines.push(`room ${r.room}: ${r.subnet}${r.subnet6 ? ` + ${r.subnet6}` : ""}, gateway ${r.gateway}`);
      lines.push("");
      const rows = [LEASE_HEADER, ...leaseRows(plan).map((r) => r.map(String))];
      const widths = LEASE_HEADER.map((_, i) => maxOf(rows.map((r) => r[i].length)));
      for (const r of rows) lines.push(r.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd());
      process.stdout.write(lines.join("\n") + "\n");
    });
}
