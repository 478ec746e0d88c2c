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
    .default(true)
    .describe("是否离线运行：true 表示实验服务器无外网，部署所需的一切来自离线包（默认 true，例如 true） / Whether the site runs offline: true means the lab servers have no internet and everything deploy needs comes from the offline bundle (default true, example true)"),
  platforms: z
    .array(z.enum(TERRAFORM_PLATFORMS))
    .min(1, "expected at least one platform such as linux_amd64")
    .default(["linux_amd64"])
    .describe("运行 cdktf deploy / terraform 的机器平台，离线包为每个平台准备 Terraform provider（默认 [linux_amd64]，例如 [linux_amd64, windows_amd64]） / Platforms of the machines that run cdktf deploy / terraform; the bundle carries providers for each (default [linux_amd64], example [linux_amd64, windows_amd64])"),
  bundle: z
    .string()
    .min(1)
    .default("offline-bundle")
    .describe("离线包目录，相对于考点文件所在目录；examlab check 在此检查离线包（默认 offline-bundle，例如 ../bundles/site-a） / Bundle folder relative to the site file's folder, where examlab check looks for it (default offline-bundle, example ../bundles/site-a)"),
});
export type OfflineSpecT = z.output<typeof OfflineSpec>;
