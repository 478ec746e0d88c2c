import { Annotations, Token, TerraformIterator, TerraformLocal, TerraformOutput, TerraformVariable, type TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { DockerProvider } from "@cdktf/provider-docker/lib/provider";
import { Network } from "@cdktf/provider-docker/lib/network";
import { Image } from "@cdktf/provider-docker/lib/image";
import { Volume } from "@cdktf/provider-docker/lib/volume";
import { Container } from "@cdktf/provider-docker/lib/container";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { Password } from "@cdktf/provider-random/lib/password";
import type { Site } from "../../src/model/site";
import { InputError, formatProblem } from "../../src/model/errors";
import { resolveDatabases, toInputProblem, type DatabasePlan } from "../../src/databases/plan";
import { DB_SERVICES, type DbService } from "../../src/databases/services";
import { sitePrefix } from "../../src/databases/names";
import { TF_IDS, tfName } from "../../src/databases/terraform-names";
import { containerSpec, type SecretRefs } from "./container-spec";
import { seatMapFile } from "../../src/databases/seat-map";
import { labServerNftRules } from "../../src/databases/lab-firewall";
import { compileSitePolicy } from "../../src/allowlist/site-policy";
import { computeIntent } from "../../src/allowlist/intent/compute";
import { LAB_FIREWALL_ENV, LAB_FIREWALL_PRIVILEGES, LAB_FIREWALL_RULES_PATH, labFirewallLoaderCommand } from "../../src/databases/lab-firewall-loader";


/** The folder stacks/output-files.ts writes the artifacts to, next to cdk.tf.json. */
const OUTPUT_FILES_DIR = "files";

/**
 * The site's database containers (issue 3, manual §3.3) on its lab servers: per lab server one
 * docker provider, one network, one image per service and ONE container (and volume) resource
 * per service with for_each over the seat map, so a 40-seat room is 3 resources, not 120.
 * Shared mode adds random_password resources (admin per server, one per seat) whose results
 * only appear in sensitive outputs and in the container init uploads (Terraform state).
 */
export class SiteDatabases extends Construct {
  readonly plan: DatabasePlan;

  constructor(scope: TerraformStack, id: string, site: Site, plan: DatabasePlan) {
    super(scope, id);
    this.plan = plan;
    const prefix = sitePrefix(site.spec.id);
    for (const w of plan.warnings) Annotations.of(this).addWarning(formatProblem(toInputProblem(site, w)));

    const registryPassword = plan.spec.registry && !plan.spec.registry.configFile && plan.spec.registry.username
      ? new TerraformVariable(scope, "registry_password", { type: "string", sensitive: true, description: `password of ${plan.spec.registry.username} at ${plan.spec.registry.address} (set TF_VAR_registry_password)` })
      : undefined;
    const shared = plan.mode === "shared";
    if (shared) new RandomProvider(this, "random");

    const adminOutputs: Record<string, Record<DbService, string>> = {};
    const seatOutputs: string[] = [];
    const seatLocals: string[] = [];
    // The lab-server firewall renders from the site's connectivity intent, like the exported file.
    let intent: ReturnType<typeof computeIntent> | undefined;
    const intentOfSite = () => (intent ??= computeIntent(site, compileSitePolicy(site)));
    for (const server of plan.servers) {
      if (server.seats.length === 0) continue;
      const n = tfName(server.id);
      const provider = new DockerProvider(this, `docker_${n}`, {
        alias: `lab_${n}`,
        host: server.docker,
        ...(server.docker.startsWith("ssh://") ? { sshOpts: ["-o", "BatchMode=yes", "-o", "ServerAliveInterval=30"] } : {}),
        ...(plan.spec.registry
          ? { registryAuth: [{ address: plan.spec.registry.address, ...(plan.spec.registry.configFile ? { configFile: plan.spec.registry.configFile } : { username: plan.spec.registry.username, password: registryPassword?.stringValue }) }] }
          : {}),
      });
      const labels = (extra: Record<string, string>) => Object.entries({ "examlab.site": site.spec.id, "examlab.lab-server": server.id, ...extra }).map(([label, value]) => ({ label, value }));
      const network = new Network(this, `network_${n}`, {
        provider,
        name: `${prefix}-db`,
        driver: "bridge",
        // Seat containers never talk to each other (candidates reach them only through published ports).
        options: { "com.docker.network.bridge.enable_icc": "false" },
        labels: labels({ "examlab.role": "database-network" }),
      });
      network.overrideLogicalId(TF_IDS.network(server.id));

      let secrets: SecretRefs | undefined;
      if (shared) {
        const admin = {} as Record<DbService, string>;
        for (const svc of DB_SERVICES) {
          const pw = new Password(this, `admin_${svc}_${n}`, { length: 24, special: false });
          pw.overrideLogicalId(TF_IDS.adminPassword(svc, server.id));
          admin[svc] = `\${random_password.${TF_IDS.adminPassword(svc, server.id)}.result}`;
        }
        const seatPw = new Password(this, `seat_pw_${n}`, { forEach: TerraformIterator.fromMap(Object.fromEntries(server.seats.map((s) => [s.key, s.dbName]))), length: 16, special: false });
        seatPw.overrideLogicalId(TF_IDS.seatPassword(server.id));
        adminOutputs[server.id] = admin;
        seatOutputs.push(`{ for k, p in random_password.${TF_IDS.seatPassword(server.id)} : k => p.result }`);
        secrets = { admin: (svc) => `\${random_password.${TF_IDS.adminPassword(svc, server.id)}.result}`, seat: (key) => `\${random_password.${TF_IDS.seatPassword(server.id)}["${key}"].result}` };
      }

      // The seat map is a JSON file next to cdk.tf.json (written by the databases artifact
      // producer through files/, src/databases/seat-map.ts); every for_each below iterates over it.
      const seats = new TerraformLocal(this, `seats_${n}`, `\${jsondecode(file("\${path.module}/${OUTPUT_FILES_DIR}/${seatMapFile(server.id)}"))}`);
      seats.overrideLogicalId(TF_IDS.seats(server.id));
      seatLocals.push(`local.${TF_IDS.seats(server.id)}`);
      const map = seats.asAnyMap;
      for (const svc of DB_SERVICES) {
        const image = new Image(this, `image_${svc}_${n}`, { provider, name: plan.images[svc].ref, keepLocally: true });
        image.overrideLogicalId(TF_IDS.image(svc, server.id));
        const spec = containerSpec({ plan, server, service: svc, prefix, secrets });
        const volumeIt = TerraformIterator.fromMap(map);
        const volume = new Volume(this, `volume_${svc}_${n}`, {
          provider,
          forEach: volumeIt,
          name: `${prefix}-\${each.key}-${svc}`,
          labels: labels({ "examlab.service": svc, "examlab.seat": "${each.key}" }),
        });
        volume.overrideLogicalId(TF_IDS.volume(svc, server.id));
        const it = TerraformIterator.fromMap(map);
        const container = new Container(this, `container_${svc}_${n}`, {
          provider,
          forEach: it,
          name: `${prefix}-\${each.key}-${svc}`,
          image: image.imageId,
          hostname: `${svc}-\${each.key}`,
          env: spec.env,
          command: spec.command,
          ports: [{ internal: spec.internalPort, external: Token.asNumber(`\${each.value.${svc}_port}`) }],
          volumes: [{ volumeName: `\${docker_volume.${TF_IDS.volume(svc, server.id)}[each.key].name}`, containerPath: spec.dataPath }],
          networksAdvanced: [{ name: network.name }],
          healthcheck: spec.healthcheck,
          restart: plan.spec.restart,
          memory: spec.size.memoryMB,
          memorySwap: spec.size.memoryMB,
          cpus: String(spec.size.cpus),
          logDriver: "json-file",
          logOpts: { "max-size": "5m", "max-file": "2" },
          ...(spec.upload ? { upload: spec.upload } : {}),
          labels: labels({
            "examlab.service": svc,
            "examlab.mode": plan.mode,
            // Plain "${each.value.…}" strings: cheaper to synthesize than iterator tokens.
            "examlab.room": "${each.value.room}",
            "examlab.seat": "${each.value.seat}",
            "examlab.level": "${each.value.level}",
          }),
        });
        container.overrideLogicalId(TF_IDS.container(svc, server.id));
      }

      // The lab server's per-seat firewall, loaded by cdktf deploy (src/databases/lab-firewall-loader.ts).
      const firewall = new Container(this, `firewall_${n}`, {
        provider,
        name: `${prefix}-firewall`,
        image: `\${docker_image.${TF_IDS.image("redis", server.id)}.image_id}`,
        ...labFirewallLoaderCommand(),
        env: LAB_FIREWALL_ENV,
        ...LAB_FIREWALL_PRIVILEGES,
        networkMode: "host",
        pidMode: "host",
        restart: "unless-stopped",
        memory: 32,
        logDriver: "json-file",
        logOpts: { "max-size": "1m", "max-file": "1" },
        upload: [{ file: LAB_FIREWALL_RULES_PATH, content: labServerNftRules(intentOfSite(), server, site.spec.id, site.spec.language) }],
        labels: labels({ "examlab.role": "lab-server-firewall" }),
      });
      firewall.overrideLogicalId(TF_IDS.firewall(server.id));
    }

    if (seatLocals.length) new TerraformOutput(scope, "db_seat_map", {
      staticId: true,
      description: "for_each maps per lab server: seat → room, seat, level, ports (also files/databases/seat-ports.csv)",
      value: `\${merge(${seatLocals.join(", ")})}`,
    });
    if (shared) {
      new TerraformOutput(scope, "db_admin_passwords", { staticId: true, sensitive: true, description: "admin passwords per lab server and service (user root / admin / examlab-admin)", value: adminOutputs });
      new TerraformOutput(scope, "db_seat_passwords", { staticId: true, sensitive: true, description: "each seat's password for its MySQL/MongoDB/Redis user (cdktf output --outputs-file)", value: `\${merge(${seatOutputs.join(", ")})}` });
    }
  }
}

/**
 * Attaches the site's databases to its stack (the one line in stacks/site-stack.ts). Sites that
 * use no databases get nothing. Invalid database sections become an ERROR annotation naming the
 * site file and field (cdktf synth lists it and exits 1; app.synth() throws it).
 */
export function attachDatabases(stack: TerraformStack, site: Site): SiteDatabases | undefined {
  let plan: DatabasePlan | undefined;
  try {
    plan = resolveDatabases(site);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    for (const p of e.problems) Annotations.of(stack).addError(formatProblem(p));
    return undefined;
  }
  return plan ? new SiteDatabases(stack, "databases", site, plan) : undefined;
}

