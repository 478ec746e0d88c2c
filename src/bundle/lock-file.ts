import type { PinnedProvider } from "./providers";

export interface LockedProvider {
  host: string;
  provider: PinnedProvider;
  /** h1: and zh: hashes of every platform's zip. */
  hashes: readonly string[];
}

/**
 * `.terraform.lock.hcl` in the format `terraform init` writes (sorted providers, sorted hashes),
 * so init accepts it as is and refuses any mirrored zip whose hash is not listed. The constraint is
 * the exact version the stacks pin (reference/cdktf.md §11: required_providers pins "3.6.2").
 * Terraform drops the registry.opentofu.org entries (and OpenTofu the registry.terraform.io ones)
 * on first init, saying it "made some changes to the provider dependency selections": expected.
 */
export function renderLockFile(locked: readonly LockedProvider[]): string {
  const blocks = [...locked]
    .sort((a, b) => cmp(addr(a), addr(b)))
    .map((l) =>
      [
        `provider "${addr(l)}" {`,
        `  version     = "${l.provider.version}"`,
        `  constraints = "${l.provider.version}"`,
        "  hashes = [",
        ...[...new Set(l.hashes)].sort(cmp).map((h) => `    "${h}",`),
        "  ]",
        "}",
      ].join("\n"),
    );
  return ["# This file is maintained automatically by \"terraform init\".", "# Manual edits may be lost in future updates.", "", blocks.join("\n\n"), ""].join("\n");
}

function addr(l: LockedProvider): string {
  return `${l.host}/${l.provider.namespace}/${l.provider.type}`;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
