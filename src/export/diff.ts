import type { Manifest } from "./run";
import { translator, type Lang } from "../i18n/catalogue";

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

const ACTION_KEY = { router: "router", "lab-servers": "labServers", image: "image", "first-boot": "firstBoot", "env-check": "envCheck" } as const;

/** The summary `examlab export` prints for one site (catalogue section `exportDiff`). */
export function formatDiff(diff: ExportDiff | undefined, lang: Lang): string[] {
  const t = translator(lang, "exportDiff");
  if (!diff) return [t("first")];
  const { added, removed, changed, unchanged } = diff;
  if (added.length + removed.length + changed.length === 0) return [t("same", { n: unchanged })];
  const out = [t("summary", { changed: changed.length, added: added.length, removed: removed.length, same: unchanged })];
  const list = (mark: string, xs: string[]) => xs.forEach((p) => out.push(`    ${mark} ${p}`));
  list("~", changed);
  list("+", added);
  list("-", removed);
  if (diff.actions.length === 0) out.push(t("docsOnly"));
  else {
    out.push(t("toApply"));
    diff.actions.forEach((a, i) => out.push(t("step", { n: i + 1, action: t(ACTION_KEY[a.action]), files: a.files.join(", ") })));
  }
  return out;
}
