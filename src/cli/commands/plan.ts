import type { Command } from "commander";
import { loadSites, parseFormat, parseLangOption } from "../io";
import { LEASE_HEADER, leaseRows } from "../../ipplan/artifacts";
import { toCsv } from "../../util/csv";
import { toJson } from "../../util/json";
import { maxOf } from "../../util/arrays";
import { translator, type Lang } from "../../i18n/catalogue";
import type { ExamlabCommand } from "../program";
import { migrationNote, subnetReason } from "../../ipplan/explain";

export function register(program: Command, lang: Lang = "zh"): void {
  const t = translator(lang, "cli");
  (program.command("plan") as ExamlabCommand)
    .description(t("planDescription"))
    .argument("<site-file>", t("argSiteFile"))
    .option("--format <format>", t("planFormat"), "text")
    .option("--lang <lang>", t("optLang"))
    .helpFooter("exitOkInvalid", "examlab plan sites/my-school.yaml --format csv > leases.csv")
    .action((file: string, _opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<{ format: string; lang?: string }>();
      const chosen = parseLangOption(opts.lang);
      const format = parseFormat(opts.format, ["text", "csv", "json"] as const, chosen ?? "zh");
      const [site] = loadSites([file], chosen);
      const plan = site.plan;
      if (format === "json") return void process.stdout.write(toJson(plan));
      if (format === "csv") return void process.stdout.write(toCsv(LEASE_HEADER, leaseRows(plan)).replace(/^\uFEFF/, ""));
      const p = translator(chosen ?? site.spec.language, "cli");
      const lang = chosen ?? site.spec.language;
      const lines = [
        p("planSite", { id: site.spec.id, block: `${plan.block}${plan.block6 ? ` + ${plan.block6}` : ""}`, dns: plan.dns.join(", ") }),
        p("planInfrastructure", { subnet: plan.infrastructure.subnet, router: plan.infrastructure.router }),
      ];
      for (const r of plan.rooms) {
        lines.push(`${p("planRoom", { room: r.room, subnet: `${r.subnet}${r.subnet6 ? ` + ${r.subnet6}` : ""}`, gateway: r.gateway })} — ${subnetReason(r, lang)}`);
        const note = migrationNote(r, lang);
        if (note) lines.push(`  ${note}`);
      }
      lines.push("");
      const rows = [LEASE_HEADER, ...leaseRows(plan).map((r) => r.map(String))];
      const widths = LEASE_HEADER.map((_, i) => maxOf(rows.map((r) => r[i].length)));
      for (const r of rows) lines.push(r.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd());
      process.stdout.write(lines.join("\n") + "\n");
    });
}
