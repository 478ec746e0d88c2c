import type { TerraformPlatform } from "../model/sections/offline";

/**
 * The Terraform providers the stacks pin (reference/cdktf.md §10, §11): read from the installed
 * prebuilt bindings' package.json (`cdktf.provider.{name,version}`), so the bundle always carries
 * exactly the versions `cdk.tf.json` asks for. cdktf.json's terraformProviders is empty here (no
 * locally generated bindings), so package.json is the only source.
 */
export interface PinnedProvider {
  /** e.g. kreuzwerker */
  namespace: string;
  /** e.g. docker */
  type: string;
  version: string;
  /** npm package that pins it, for messages. */
  npmPackage: string;
}

export const PROVIDER_PACKAGES = ["@cdktf/provider-docker", "@cdktf/provider-random"] as const;

/**
 * Terraform resolves the unqualified `kreuzwerker/docker` of cdk.tf.json on registry.terraform.io,
 * OpenTofu on registry.opentofu.org: the mirror carries both hostnames (same files) so one bundle
 * serves both tools (filesystem mirror layout: HOSTNAME/NAMESPACE/TYPE/…zip).
 */
export const MIRROR_HOSTS = ["registry.terraform.io", "registry.opentofu.org"] as const;

export function pinnedProviders(): PinnedProvider[] {
  return PROVIDER_PACKAGES.map((pkg) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const meta = require(`${pkg}/package.json`) as { cdktf?: { provider?: { name?: string; version?: string } } };
    const name = meta.cdktf?.provider?.name ?? "";
    const version = meta.cdktf?.provider?.version ?? "";
    const m = /^(?:[^/]+\/)?([a-z0-9-]+)\/([a-z0-9-]+)$/.exec(name);
    if (!m || !/^\d+\.\d+\.\d+$/.test(version)) throw new Error(`${pkg}/package.json: cdktf.provider is "${name}" ${version}, expected <host>/<namespace>/<type> and an exact version`);
    return { namespace: m[1], type: m[2], version, npmPackage: pkg };
  });
}

export function providerZipName(p: PinnedProvider, platform: TerraformPlatform): string {
  return `terraform-provider-${p.type}_${p.version}_${platform}.zip`;
}

/** Path of one provider zip inside the bundle (Terraform's "packed" filesystem-mirror layout). */
export function mirrorFile(host: string, p: PinnedProvider, platform: TerraformPlatform): string {
  return `terraform/mirror/${host}/${p.namespace}/${p.type}/${providerZipName(p, platform)}`;
}

/**
 * The provider registry protocol's download endpoint: answers JSON with download_url and shasum
 * (https://developer.hashicorp.com/terraform/internals/provider-registry-protocol#find-a-provider-package).
 */
export function registryDownloadUrl(p: PinnedProvider, platform: TerraformPlatform): string {
  const [os, arch] = platform.split("_");
  return `https://registry.terraform.io/v1/providers/${p.namespace}/${p.type}/${p.version}/download/${os}/${arch}`;
}
