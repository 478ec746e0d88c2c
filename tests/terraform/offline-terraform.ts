import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { requireTool } from "../helpers/tools";
import { projectProviderSchemas, type ProviderSchema } from "./provider-schema";

/**
 * Real `terraform init` + `terraform validate`, offline (issue 11 item 8). The providers are the
 * schema-only stand-in (stub-provider.cjs) installed through a filesystem mirror
 * (Terraform CLI configuration `provider_installation { filesystem_mirror { … } }`, unpacked layout
 * HOSTNAME/NAMESPACE/TYPE/VERSION/TARGET/terraform-provider-TYPE_vVERSION; Terraform docs
 * "CLI Configuration File" → "Provider Installation"). Every terraform call runs inside
 * `unshare -n` (no network at all), so nothing can come from a registry.
 */

export interface OfflineTerraform {
  env: NodeJS.ProcessEnv;
  schemas: ProviderSchema[];
  /** Copies a synthesized stack dir, runs init + validate there, returns validate's JSON result. */
  validate(stackDir: string, mutate?: (json: any) => void): TerraformValidateResult;
  cleanup(): void;
}

export interface TerraformValidateResult {
  init: { status: number; output: string };
  valid: boolean;
  diagnostics: { severity: string; summary: string; detail?: string; address?: string }[];
  raw: string;
}

export function terraformBinary(): string {
  return requireTool("terraform", "none: HashiCorp binary; scripts/install-test-tools.sh checks it");
}

export function setupOfflineTerraform(): OfflineTerraform {
  const terraform = terraformBinary();
  requireTool("unshare", "util-linux");
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "examlab-tf-"));
  const mirror = path.join(root, "mirror");
  const schemas = projectProviderSchemas();
  // TLS certificate for go-plugin's AutoMTLS (see stub-provider.cjs); self-signed, DNS name localhost
  requireTool("openssl", "openssl");
  const cert = path.join(root, "plugin-cert.pem");
  const key = path.join(root, "plugin-key.pem");
  const ssl = spawnSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=localhost",
    "-addext", "subjectAltName=DNS:localhost", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign", "-addext", "extendedKeyUsage=serverAuth,clientAuth"], { encoding: "utf8" });
  if (ssl.status !== 0) throw new Error(`openssl req failed: ${ssl.stderr}`);
  for (const s of schemas) {
    const [host, ns, type] = s.source.split("/");
    const dir = path.join(mirror, host, ns, type, s.version, "linux_amd64");
    fs.mkdirSync(dir, { recursive: true });
    const schemaFile = path.join(root, `${type}-schema.json`);
    fs.writeFileSync(schemaFile, JSON.stringify(s));
    const exe = path.join(dir, `terraform-provider-${type}_v${s.version}`);
    fs.writeFileSync(exe, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(__dirname, "stub-provider.cjs"))} ${JSON.stringify(schemaFile)} ${JSON.stringify(cert)} ${JSON.stringify(key)}\n`, { mode: 0o755 });
  }
  const cliConfig = path.join(root, "terraformrc");
  // Only the mirror: no `direct {}` block, so Terraform never tries a registry.
  fs.writeFileSync(cliConfig, `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(mirror)}\n    include = ["registry.terraform.io/*/*"]\n  }\n}\n`);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: root,
    TMPDIR: os.tmpdir(),
    TF_CLI_CONFIG_FILE: cliConfig,
    CHECKPOINT_DISABLE: "1",
    TF_IN_AUTOMATION: "1",
    STUB_PROVIDER_LOG: path.join(root, "stub.log"),
  };
  const run = (cwd: string, args: string[]) => {
    const r = spawnSync("unshare", ["-n", terraform, ...args], { cwd, env, encoding: "utf8", timeout: 120_000 });
    return { status: r.status ?? 1, output: `${r.stdout}${r.stderr}` };
  };
  let n = 0;
  return {
    env,
    schemas,
    validate(stackDir, mutate) {
      const work = path.join(root, `stack-${n++}`);
      fs.cpSync(stackDir, work, { recursive: true });
      fs.rmSync(path.join(work, ".terraform"), { recursive: true, force: true });
      fs.rmSync(path.join(work, ".terraform.lock.hcl"), { force: true });
      if (mutate) {
        const file = path.join(work, "cdk.tf.json");
        const json = JSON.parse(fs.readFileSync(file, "utf8"));
        mutate(json);
        fs.writeFileSync(file, JSON.stringify(json, null, 2));
      }
      const init = run(work, ["init", "-backend=false", "-input=false", "-no-color"]);
      if (init.status !== 0) return { init, valid: false, diagnostics: [{ severity: "error", summary: "terraform init failed", detail: init.output }], raw: init.output };
      const v = run(work, ["validate", "-json", "-no-color"]);
      let parsed: any;
      try {
        parsed = JSON.parse(v.output.slice(v.output.indexOf("{")));
      } catch {
        return { init, valid: false, diagnostics: [{ severity: "error", summary: "terraform validate output is not JSON", detail: v.output }], raw: v.output };
      }
      return {
        init,
        valid: parsed.valid === true,
        diagnostics: (parsed.diagnostics ?? []).map((d: any) => ({ severity: d.severity, summary: d.summary, detail: d.detail, address: d.address })),
        raw: v.output,
      };
    },
    cleanup() {
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
