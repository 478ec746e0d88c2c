import { Annotations, Aspects, type IAspect, type TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";
import type { Site } from "../src/model/site";
import { runChecks } from "../src/compliance/engine";
import { siteInventory } from "../src/inventory/read";

/**
 * Runs the compliance rules on every synth (reference/cdktf.md §2, §14): each finding becomes an
 * annotation on the site stack — errors fail `cdktf synth` (exit 1, every finding listed) and
 * plain `node dist/main.js`; warnings and suppressed findings stay visible. The report files
 * (files/compliance/report.json|csv) come from the compliance artifact producer.
 * Attached per stack: App-level aspects never run in cdktf 0.21.
 */
export class ComplianceAspect implements IAspect {
  private done = false;

  constructor(
    private readonly stack: TerraformStack,
    private readonly site: Site,
    private readonly inventoryFiles?: readonly string[],
  ) {}

  visit(node: IConstruct): void {
    // Aspects visit every construct and may run more than once (Testing.synth, then synth).
    if (node !== this.stack || this.done) return;
    this.done = true;
    const lang = this.site.spec.language;
    const result = runChecks(this.site, { inventory: siteInventory(this.site, this.inventoryFiles) });
    const ann = Annotations.of(this.stack);
    for (const f of result.findings) {
      const text = `${f.rule} [${f.target}] ${f.message[lang]} (${f.section})`;
      if (f.suppressed) ann.addInfo(`${text} — ${lang === "zh" ? "已豁免" : "suppressed"}: ${f.suppressed.reason}`);
      else if (f.severity === "error") ann.addError(text);
      else if (f.severity === "warning") ann.addWarning(text);
      else ann.addInfo(text);
    }
    for (const s of result.suppressions ?? []) if (s.status !== "active") ann.addWarning(s.note[lang]);
  }
}

export function attachCompliance(stack: TerraformStack, site: Site, inventoryFiles?: readonly string[]): void {
  Aspects.of(stack).add(new ComplianceAspect(stack, site, inventoryFiles));
}
