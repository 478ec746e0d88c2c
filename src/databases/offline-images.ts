import type { DatabasePlan } from "./plan";
import { DB_SERVICES } from "./services";

/** POSIX shell single-quoting (image refs are schema-validated already; this is belt and braces). */
function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * Offline image path for sites without internet (issue 3 §3): `save` on a connected machine
 * writes one tar, `load` on each lab server imports it; docker_image then finds the images
 * locally (keep_locally) and `cdktf deploy` pulls nothing.
 */
export function offlineImagesScript(plan: DatabasePlan, lang: "zh" | "en"): string {
  const refs = DB_SERVICES.map((s) => plan.images[s].ref);
  const tar = `examlab-${plan.siteId}-db-images.tar`;
  const zh = lang === "zh";
  const lines = [
    "#!/bin/sh",
    zh ? `# 考点 ${plan.siteId} 的数据库镜像离线导入（无外网的考点使用）。` : `# Offline database images for site ${plan.siteId} (sites without internet).`,
    zh ? "# 1) 在能上网的机器上运行：sh offline-images.sh save   → 生成 " + tar : `# 1) On a machine with internet: sh offline-images.sh save   → writes ${tar}`,
    zh ? "# 2) 把 tar 文件拷到每台实验服务器，运行：sh offline-images.sh load" : "# 2) Copy the tar to every lab server and run: sh offline-images.sh load",
    zh ? "# 3) 再执行 cdktf deploy：镜像已在本地，不再拉取。" : "# 3) Then cdktf deploy: the images are local, nothing is pulled.",
    "set -eu",
    `TAR=${shQuote(tar)}`,
    'case "${1:-}" in',
    "  save)",
    ...refs.map((r) => `    docker pull ${shQuote(r)}`),
    `    docker save -o "$TAR" ${refs.map(shQuote).join(" ")}`,
    "    ;;",
    "  load)",
    '    docker load -i "$TAR"',
    "    ;;",
    "  *)",
    `    echo ${shQuote(zh ? "用法: sh offline-images.sh save|load" : "usage: sh offline-images.sh save|load")} >&2`,
    "    exit 2",
    "    ;;",
    "esac",
    "",
  ];
  return lines.join("\n");
}
