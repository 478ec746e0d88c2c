import { TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { Site } from "../src/model/site";
import { produceArtifacts } from "../src/export/run";
import { attachOutputFiles } from "./output-files";
import { attachCompliance } from "./compliance-aspect";
import { attachDatabases } from "./databases/databases";

export interface SiteStackProps {
  site: Site;
  /** Machine inventories (check-environment.ps1 results, CSV) checked on every synth. */
  inventoryFiles?: readonly string[];
}

/**
 * One Terraform stack per exam site (`cdktf deploy <site-id>`). It carries the site's
 * provisioned resources and, under files/, every generated file that `examlab export` writes.
 */
export class SiteStack extends TerraformStack {
  readonly site: Site;

  constructor(scope: Construct, props: SiteStackProps) {
    super(scope, props.site.spec.id);
    this.site = props.site;
    const { spec, plan } = props.site;
    new TerraformOutput(this, "site", { staticId: true, value: { id: spec.id, name: spec.name, levels: spec.levels }, description: "exam site" });
    new TerraformOutput(this, "ip_plan", {
      staticId: true,
      description: "room subnets and gateways (full table in files/network/)",
      value: Object.fromEntries(plan.rooms.map((r) => [r.room, { subnet: r.subnet, gateway: r.gateway, ...(r.subnet6 ? { subnet6: r.subnet6 } : {}) }])),
    });
    attachDatabases(this, props.site);
    const inventoryFiles = props.inventoryFiles ? [...props.inventoryFiles] : undefined;
    attachOutputFiles(this, () => produceArtifacts(props.site, { lang: spec.language, inventoryFiles }));
    attachCompliance(this, props.site, inventoryFiles);
  }
}
