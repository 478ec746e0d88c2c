import type { Manifest } from "./run";

/**
 * What changed since the previous export (the manifest.json already in the output folder) and
 * what the site team must re-apply because of it. Pure: compares two manifests by path and sha256.
 */
export type Action = "router" | "first-boot" | "image" | "lab-servers" | "env-check";

export interface ExportDiff {
  added: string[];
  removed: string[];
  changed: string[];
  unchanged: number;
  /** Actions to take, in the order they should be done, each with the files that ask for it. */
  actions: { action: Action; files: string[] }[];
}

/** Which re-application a changed file asks for (undefined: documents only, nothing to apply). */
export function actionOf(path: string): Action | undefined {
  if (path.startsWith("router/") || path === "network/static-leases.csv") return "router";
  if (path.startsWith("databases/lab-server-") || path.startsWith("databases/terraform/") || path === "databases/offline-images.sh") return "lab-servers";
  if (path === "windows/first-boot-identity.ps1" || path === "windows/seat-table.csv" || path.startsWith("databases/seat-ports.")) return "first-boot";
  if (/^windows\/provision-[^/]+\.ps1$/.test(path) || path === "windows/package-cache.json" || path.startsWith("windows/packer/") || path.startsWith("endpoint/")) return "image";
  if (path === "windows/check-environment.ps1") return "env-check";
  return undefined;
}

const ORDER: Action[] = ["router", "lab-servers", "image", "first-boot", "env-check"];

export function diffManifests(previous: Pick<Manifest, "files"> | undefined, next: Pick<Manifest, "files">): ExportDiff | undefined {
  if (!previous) return undefined;
  const before = new Map(previous.files.map((f) => [f.path, f.sha256]));
  const after = new Map(next.files.map((f) => [f.path, f.sha256]));
  const added: string[] = [];
  const changed: string[] = [];
  let unchanged = 0;
  for (const [p, sha] of after) {
    const old = before.get(p);
    if (old === undefined) added.push(p);
    else if (old !== sha) changed.push(p);
    else unchanged++;
  }
  const removed = [...before.keys()].filter((p) => !after.has(p));
  const byAction = new Map<Action, string[]>();
  for (const p of [...added, ...changed, ...removed]) {
    const a = actionOf(p);
    if (a) byAction.set(a, [...(byAction.get(a) ?? []), p]);
  }
  const sort = (xs: string[]) => xs.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    added: sort(added),
    removed: sort(removed),
    changed: sort(changed),
    unchanged,
    actions: ORDER.filter((a) => byAction.has(a)).map((a) => ({ action: a, files: sort(byAction.get(a)!) })),
  };
}

const ACTION_TEXT: Record<Action, { zh: string; en: string }> = {
  router: { zh: "重新应用路由器配置（node scripts/apply-router.mjs …）", en: "re-apply the router configuration (node scripts/apply-router.mjs …)" },
  "lab-servers": { zh: "重新部署实验服务器上的数据库（cdktf deploy，并在实验服务器上 nft -f lab-server-*.nft）", en: "redeploy the lab servers' databases (cdktf deploy, and nft -f lab-server-*.nft on each lab server)" },
  image: { zh: "重新构建考生机镜像（provision-<级别>.ps1 或 Packer），再克隆到考生机", en: "rebuild the candidate-machine image (provision-<level>.ps1 or Packer) and clone it again" },
  "first-boot": { zh: "在每台考生机上重新运行 first-boot-identity.ps1（计算机名、IP、数据库端口转发）", en: "re-run first-boot-identity.ps1 on every candidate machine (host name, IP, database port forwarding)" },
  "env-check": { zh: "把新的 check-environment.ps1 复制到考生机，考前重新检测", en: "copy the new check-environment.ps1 to the machines and run the pre-exam check again" },
};

/** The summary `examlab export` prints for one site (empty when there was no previous export). */
export function formatDiff(diff: ExportDiff | undefined, lang: "zh" | "en"): string[] {
  if (!diff) return [lang === "zh" ? "  首次导出（输出目录中没有上一次的 manifest.json）" : "  first export (no previous manifest.json in the output folder)"];
  const { added, removed, changed, unchanged } = diff;
  if (added.length + removed.length + changed.length === 0)
    return [lang === "zh" ? `  与上次导出相比没有变化（${unchanged} 个文件相同），无需重新应用` : `  nothing changed since the previous export (${unchanged} files identical); nothing to re-apply`];
  const out = [
    lang === "zh"
      ? `  与上次导出相比：${changed.length} 个文件有变化，新增 ${added.length} 个，删除 ${removed.length} 个，${unchanged} 个相同`
      : `  since the previous export: ${changed.length} changed, ${added.length} added, ${removed.length} removed, ${unchanged} identical`,
  ];
  const list = (mark: string, xs: string[]) => xs.forEach((p) => out.push(`    ${mark} ${p}`));
  list("~", changed);
  list("+", added);
  list("-", removed);
  if (diff.actions.length === 0) out.push(lang === "zh" ? "  只有报告与文档有变化，无需重新应用" : "  only reports and documents changed; nothing to re-apply");
  else {
    out.push(lang === "zh" ? "  需要重新应用：" : "  to re-apply:");
    diff.actions.forEach((a, i) => out.push(`    ${i + 1}. ${ACTION_TEXT[a.action][lang]}${lang === "zh" ? "——" : " — "}${a.files.join(", ")}`));
  }
  return out;
}
