import type { BundleFileT, BundleManifestT } from "./manifest";

/**
 * The environment files of a bundle. The ONE setting is TF_CLI_CONFIG_FILE; CHECKPOINT_DISABLE
 * repeats the CLI config's disable_checkpoint for tools that read only the variable.
 */
export function renderEnvScripts(installPath: string): { sh: string; ps1: string } {
  const win = /^[A-Za-z]:[\\/]/.test(installPath);
  const base = installPath.replace(/[\\/]+$/, "");
  const rc = win ? `${base}\\terraform\\terraformrc` : `${base}/terraform/terraformrc`;
  const sh = [
    "# examlab offline bundle: . " + (win ? "env.sh" : `${base}/terraform/env.sh`),
    `export TF_CLI_CONFIG_FILE='${rc.replace(/'/g, `'\\''`)}'`,
    "export CHECKPOINT_DISABLE=1",
    "",
  ].join("\n");
  const ps1 = [
    "# examlab offline bundle: . .\\env.ps1",
    `$env:TF_CLI_CONFIG_FILE = '${rc.replace(/'/g, "''")}'`,
    "$env:CHECKPOINT_DISABLE = '1'",
    "",
  ].join("\r\n");
  return { sh, ps1 };
}

export interface ReadmeInput {
  lang: "zh" | "en";
  installPath: string;
  sites: string[];
  missing: BundleManifestT["missing"];
  unverified: BundleFileT[];
  images: boolean;
}

/** README.txt at the bundle's root: the offline-side steps, and loudly what is missing or unverified. */
export function renderBundleReadme(r: ReadmeInput): string {
  const zh = r.lang === "zh";
  const rc = `${r.installPath.replace(/[\\/]+$/, "")}/terraform/terraformrc`;
  const lines = zh
    ? [
        `examlab 离线包（考点：${r.sites.join("、")}）`,
        "",
        `1. 把整个目录拷到实验服务器的 ${r.installPath}`,
        `2. 校验：examlab bundle verify ${r.installPath}（0 = 完整，1 = 缺失或损坏，2 = 输入有误）`,
        ...(r.images ? [`3. 导入镜像：sh ${r.installPath}/images/offline-images.sh load`] : ["3. （本离线包没有镜像）"]),
        `4. 唯一需要的环境设置：export TF_CLI_CONFIG_FILE=${rc}`,
        "5. 然后照常 cdktf deploy <考点>；或在 cdktf.out/stacks/<考点>/ 里 terraform init && terraform apply",
      ]
    : [
        `examlab offline bundle (sites: ${r.sites.join(", ")})`,
        "",
        `1. Copy this whole folder to ${r.installPath} on the lab server`,
        `2. Verify: examlab bundle verify ${r.installPath} (0 = complete, 1 = missing or corrupt, 2 = bad input)`,
        ...(r.images ? [`3. Load the images: sh ${r.installPath}/images/offline-images.sh load`] : ["3. (this bundle has no images)"]),
        `4. The one environment setting: export TF_CLI_CONFIG_FILE=${rc}`,
        "5. Then cdktf deploy <site> as usual; or terraform init && terraform apply in cdktf.out/stacks/<site>/",
      ];
  if (r.unverified.length) {
    lines.push("", zh ? "!!! 以下文件的 SHA-256 是首次下载时记录的，未与发布方公布的值核对 !!!" : "!!! The SHA-256 of these files was RECORDED AT FIRST DOWNLOAD, not checked against a published value !!!");
    for (const f of r.unverified) lines.push(`    ${f.path}  ${f.sha256}  (${f.source})`);
  }
  if (r.missing.length) {
    lines.push("", zh ? "!!! 离线包不完整，缺少： !!!" : "!!! The bundle is INCOMPLETE; missing: !!!");
    for (const m of r.missing) lines.push(`    ${m.path}: ${m.reason}`);
  }
  return lines.join("\n") + "\n";
}
