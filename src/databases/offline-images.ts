import type { DatabasePlan } from "./plan";
import { DB_SERVICES } from "./services";

/** POSIX shell single-quoting (image refs are schema-validated already; this is belt and braces). */
function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A set of images moved as one tar: the one code path for `databases/offline-images.sh` and the offline bundle. */
export interface OfflineImageSet {
  /** First comment line, per language. */
  title: { zh: string; en: string };
  tar: string;
  images: readonly {
    ref: string;
    /** Image ID (sha256 of the image config) recorded when the tar was made: `load` checks it. */
    id?: string;
  }[];
  /** Offer `save` (pull what is missing + save, on a connected machine); the bundle makes its tar itself. */
  save: boolean;
}

/**
 * Offline image path for sites without internet (issue 3 §3, issue 13): `save` on a connected
 * machine writes one tar, `load` on each lab server imports it (and, when IDs were recorded,
 * refuses images whose ID differs); docker_image then finds the images locally (keep_locally)
 * and `cdktf deploy` pulls nothing.
 */
export function renderOfflineImagesScript(set: OfflineImageSet, lang: "zh" | "en"): string {
  const zh = lang === "zh";
  const refs = set.images.map((i) => i.ref);
  const usage = set.save ? "save|load" : "load";
  const checks = set.images.filter((i) => i.id);
  const lines = [
    "#!/bin/sh",
    `# ${set.title[lang]}`,
    ...(set.save
      ? [
          zh ? "# 1) 在能上网的机器上运行：sh offline-images.sh save   → 生成 " + set.tar : `# 1) On a machine with internet: sh offline-images.sh save   → writes ${set.tar}`,
          zh ? "# 2) 把 tar 文件拷到每台实验服务器，运行：sh offline-images.sh load" : "# 2) Copy the tar to every lab server and run: sh offline-images.sh load",
          zh ? "# 3) 再执行 cdktf deploy：镜像已在本地，不再拉取。" : "# 3) Then cdktf deploy: the images are local, nothing is pulled.",
        ]
      : [
          zh ? "# 在每台实验服务器上运行：sh offline-images.sh load（tar 与本脚本在同一目录）" : "# On every lab server run: sh offline-images.sh load (the tar lies next to this script)",
          zh ? "# 导入后逐个核对镜像 ID（镜像配置的 sha256），不符即报错退出；之后 cdktf deploy 不再拉取。" : "# After loading, every image ID (sha256 of the image config) is checked; a mismatch stops with an error. Then cdktf deploy pulls nothing.",
        ]),
    "set -eu",
    ...(set.save ? [`TAR=${shQuote(set.tar)}`] : [`TAR="$(dirname "$0")"/${shQuote(set.tar)}`]),
    ...(checks.length
      ? [
          "check() {",
          "  got=$(docker image inspect --format '{{.Id}}' \"$1\" 2>/dev/null) || { echo \"$2: $1\" >&2; exit 1; }",
          `  [ "$got" = "$3" ] || { echo "${zh ? "镜像 ID 不符" : "image ID mismatch"}: $1 $got != $3" >&2; exit 1; }`,
          "}",
        ]
      : []),
    'case "${1:-}" in',
    ...(set.save
      ? [
          "  save)",
          // pull only what is missing: also works on a machine whose images came from a local build or mirror
          ...refs.map((r) => `    docker image inspect ${shQuote(r)} >/dev/null 2>&1 || docker pull ${shQuote(r)}`),
          `    docker save -o "$TAR" ${refs.map(shQuote).join(" ")}`,
          "    ;;",
        ]
      : []),
    "  load)",
    '    docker load -i "$TAR"',
    ...checks.map((i) => `    check ${shQuote(i.ref)} ${shQuote(zh ? "导入后缺少镜像" : "image missing after load")} ${shQuote(i.id!)}`),
    ...(checks.length ? [`    echo ${shQuote(zh ? `已导入并核对 ${checks.length} 个镜像` : `loaded and checked ${checks.length} images`)}`] : []),
    "    ;;",
    "  *)",
    `    echo ${shQuote(zh ? `用法: sh offline-images.sh ${usage}` : `usage: sh offline-images.sh ${usage}`)} >&2`,
    "    exit 2",
    "    ;;",
    "esac",
    "",
  ];
  return lines.join("\n");
}

/** The database images of one site (databases/offline-images.sh in the export). */
export function offlineImagesScript(plan: DatabasePlan, lang: "zh" | "en"): string {
  return renderOfflineImagesScript(
    {
      title: { zh: `考点 ${plan.siteId} 的数据库镜像离线导入（无外网的考点使用）。`, en: `Offline database images for site ${plan.siteId} (sites without internet).` },
      tar: `examlab-${plan.siteId}-db-images.tar`,
      images: DB_SERVICES.map((s) => ({ ref: plan.images[s].ref })),
      save: true,
    },
    lang,
  );
}
