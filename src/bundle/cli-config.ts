/**
 * The Terraform/OpenTofu CLI configuration of a bundle (terraform/terraformrc). Pointing
 * TF_CLI_CONFIG_FILE at it is the ONE setting an offline lab server needs:
 *   - provider_installation: only the bundle's filesystem mirror; `direct` excludes every provider,
 *     so nothing is ever fetched from a registry
 *     (https://developer.hashicorp.com/terraform/cli/config/config-file#provider-installation);
 *   - disable_checkpoint: no version/alert call to checkpoint-api.hashicorp.com (the CLI-config
 *     equivalent of CHECKPOINT_DISABLE).
 * OpenTofu reads the same file through TF_CLI_CONFIG_FILE and the same blocks
 * (https://opentofu.org/docs/cli/config/config-file/).
 * The mirror path must be absolute (Terraform resolves a relative one against each working
 * directory), so it is the folder the bundle will live in on the lab server (--install-path).
 */
export const CLI_CONFIG_MARKER = "# examlab offline bundle";

export function renderCliConfig(mirrorDir: string): string {
  return [
    `${CLI_CONFIG_MARKER}: TF_CLI_CONFIG_FILE=<bundle>/terraform/terraformrc`,
    "disable_checkpoint = true",
    "",
    "provider_installation {",
    "  filesystem_mirror {",
    `    path    = ${hclString(mirrorDir)}`,
    '    include = ["*/*/*"]',
    "  }",
    "  direct {",
    '    exclude = ["*/*/*"]',
    "  }",
    "}",
    "",
  ].join("\n");
}

/** Reads the mirror path back (bundle verify checks it matches where the bundle now lies). */
export function mirrorPathOf(config: string): string | undefined {
  const m = /^\s*path\s*=\s*"((?:[^"\\]|\\.)*)"/m.exec(config);
  return m ? (JSON.parse(`"${m[1]}"`) as string).split("$${").join("${").split("%%{").join("%{") : undefined;
}

/** HCL strings share JSON's escapes for backslash and quote; `${` and `%{` start templates. */
function hclString(s: string): string {
  // (function replacements: in a replacement string "$$" would itself collapse to "$")
  return JSON.stringify(s).replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}
