import * as fs from "node:fs";
import * as path from "node:path";
import { CLI_CONFIG_MARKER } from "./cli-config";

/**
 * The lock file an offline synth puts next to each stack's cdk.tf.json. Terraform reads
 * `.terraform.lock.hcl` only from its working directory (cdktf.out/stacks/<id>/), so the ONE
 * setting TF_CLI_CONFIG_FILE=<bundle>/terraform/terraformrc also tells synth where the bundle's
 * lock file is: when that variable names an examlab bundle's CLI config, its sibling
 * `.terraform.lock.hcl` is returned; otherwise nothing (online sites keep Terraform's own lock).
 */
export function offlineLockFile(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const rc = env.TF_CLI_CONFIG_FILE;
  if (!rc) return undefined;
  try {
    if (!fs.readFileSync(rc, "utf8").startsWith(CLI_CONFIG_MARKER)) return undefined;
    return fs.readFileSync(path.join(path.dirname(rc), ".terraform.lock.hcl"), "utf8");
  } catch {
    return undefined;
  }
}
