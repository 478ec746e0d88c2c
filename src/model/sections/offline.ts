import { z } from "zod";

/** Terraform platforms (`<os>_<arch>`, as in provider file names) a bundle can carry providers for. */
export const TERRAFORM_PLATFORMS = ["linux_amd64", "linux_arm64", "windows_amd64", "darwin_amd64", "darwin_arm64"] as const;
export type TerraformPlatform = (typeof TERRAFORM_PLATFORMS)[number];

/**
 * Offline operation (issue 13): the site's lab servers have no usable internet, so everything
 * `cdktf deploy` and provisioning need comes from an offline bundle made by `examlab bundle` on
 * a connected machine. `examlab check` then warns when that bundle is missing, stale or incomplete
 * (SITE-OFFLINE-BUNDLE).
 */
export const OfflineSpec = z.strictObject({
  enabled: z
    .boolean()
    .default(true),
  platforms: z
    .array(z.enum(TERRAFORM_PLATFORMS))
    .min(1, "expected at least one platform such as linux_amd64")
    .default(["linux_amd64"]),
  bundle: z
    .string()
    .min(1)
    .default("offline-bundle"),
});
export type OfflineSpecT = z.output<typeof OfflineSpec>;
