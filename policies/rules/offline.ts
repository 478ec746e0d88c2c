import type { Rule, RulePack } from "../../src/compliance/rule";
import { fail } from "../../src/compliance/helpers";
import { offlineBundleState } from "../../src/bundle/status";

/**
 * Offline sites (issue 13): a site that declares `offline` deploys from the bundle
 * `examlab bundle` makes on a connected machine. Without a complete, current bundle, `cdktf
 * deploy` stops at `terraform init` on exam week: warn early.
 */
const offlineBundle: Rule = {
  id: "SITE-OFFLINE-BUNDLE",
  level: "rec",
  section: "§3.2",
  title: { zh: "离线考点的离线包完整且最新", en: "Offline site: bundle complete and current" },
  explanation: {
    zh: "声明离线运行的考点，实验服务器上的 terraform init / cdktf deploy、镜像与考生机软件都只能来自离线包；离线包缺失、过期或不完整时，部署会在考前失败。",
    en: "An offline site gets its Terraform providers, images and candidate software only from the offline bundle; a missing, stale or incomplete bundle makes the deployment fail just before the exam.",
  },
  fix: {
    zh: "在联网机器上运行 examlab bundle <考点文件> --out <offline.bundle 目录>（会续传），再到离线侧运行 examlab bundle verify <目录>",
    en: "run examlab bundle <site file> --out <the offline.bundle folder> on a connected machine (it resumes), then examlab bundle verify <folder> on the offline side",
  },
  checks: { zh: "offline.enabled 时：offline.bundle 下有 manifest.json，文件齐全且大小相符，考点文件与白名单的 SHA-256 与打包时一致", en: "when offline.enabled: offline.bundle has a manifest.json, every file is there with its size, and the site file and allowlists hash as when bundled" },
  check(ctx) {
    const s = offlineBundleState(ctx.site);
    const target = "offline";
    switch (s.state) {
      case "not-offline":
      case "ok":
        return [];
      case "missing":
        return [
          s.reason === "no-folder"
            ? fail(target, `考点声明离线运行，但离线包 ${s.dir} 不存在`, `the site runs offline but its bundle ${s.dir} does not exist`, { dir: s.dir, state: "missing" })
            : s.reason === "unfinished"
              ? fail(target, `离线包 ${s.dir} 没有 manifest.json：生成未完成`, `bundle ${s.dir} has no manifest.json: it was never finished`, { dir: s.dir, state: "missing" })
              : fail(target, `离线包 ${s.dir} 的 manifest.json 无法读取：${s.detail}`, `bundle ${s.dir}: manifest.json cannot be read: ${s.detail}`, { dir: s.dir, state: "missing" }),
        ];
      case "stale":
        return [fail(target, `离线包 ${s.dir}（生成于 ${s.createdAt.slice(0, 10)}）已过期：${s.changed.join("、")} 在打包后有改动`, `bundle ${s.dir} (made ${s.createdAt.slice(0, 10)}) is stale: ${s.changed.join(", ")} changed since it was made`, { dir: s.dir, state: "stale", changed: s.changed })];
      case "incomplete":
        return [fail(target, `离线包 ${s.dir} 不完整（${s.problems.length} 项）：${s.problems.slice(0, 5).join("；")}${s.problems.length > 5 ? " …" : ""}`, `bundle ${s.dir} is incomplete (${s.problems.length}): ${s.problems.slice(0, 5).join("; ")}${s.problems.length > 5 ? " …" : ""}`, { dir: s.dir, state: "incomplete", problems: s.problems })];
    }
  },
};

export const offlinePack: RulePack = { name: "offline", rules: [offlineBundle] };
