import * as fs from "node:fs";
import * as path from "node:path";
import { InputError } from "../model/errors";
import { parseDataFile, validateWith } from "../model/load";
import { sha256File } from "./download";
import { BundleManifest, MANIFEST, type BundleManifestT } from "./manifest";
import { mirrorPathOf } from "./cli-config";
import type { Progress } from "./progress";

export interface VerifyProblem {
  path: string;
  /** missing: not there; corrupt: size or SHA-256 differs; not-bundled: could not be fetched when the bundle was made. */
  problem: "missing" | "corrupt" | "not-bundled" | "unfinished";
  detail: { zh: string; en: string };
}

export interface VerifyResult {
  complete: boolean;
  checked: number;
  problems: VerifyProblem[];
  warnings: { zh: string; en: string }[];
  manifest?: BundleManifestT;
}

/** Reads and validates DIR/manifest.json; bad input (not a folder, broken manifest) throws InputError (exit 2). */
export function readManifest(dir: string): BundleManifestT | undefined {
  let st: fs.Stats;
  try {
    st = fs.statSync(dir);
  } catch {
    throw new InputError([{ file: dir, path: "", message: "no such folder (expected an examlab offline bundle made by `examlab bundle`)" }]);
  }
  if (!st.isDirectory()) throw new InputError([{ file: dir, path: "", message: "not a folder (expected an examlab offline bundle made by `examlab bundle`)" }]);
  const file = path.join(dir, MANIFEST);
  if (!fs.existsSync(file)) return undefined;
  const parsed = parseDataFile(file);
  return validateWith(BundleManifest, parsed, "src/bundle/manifest.ts");
}

/**
 * `examlab bundle verify DIR`: every file of the manifest is there with its size and SHA-256;
 * everything else is named exactly (missing, corrupt, never bundled). Warnings (hashes recorded
 * at first download, an example allowlist, a bundle lying elsewhere than terraformrc expects) do
 * not make a bundle incomplete but are printed loudly.
 */
export async function verifyBundle(dir: string, progress?: Progress): Promise<VerifyResult> {
  const manifest = readManifest(dir);
  if (!manifest)
    return {
      complete: false,
      checked: 0,
      problems: [{ path: MANIFEST, problem: "unfinished", detail: { zh: "没有 manifest.json：离线包没有生成完（examlab bundle 最后才写它），请在联网机器上重新运行 examlab bundle（会续传）", en: "no manifest.json: the bundle was never finished (examlab bundle writes it last); run examlab bundle again on the connected machine (it resumes)" } }],
      warnings: [],
    };
  const problems: VerifyProblem[] = [];
  const warnings: VerifyResult["warnings"] = [];
  const total = manifest.files.reduce((a, f) => a + f.size, 0);
  const bar = progress?.bar("verify", total);
  let done = 0;
  for (const f of manifest.files) {
    const file = path.join(dir, f.path);
    let size: number;
    try {
      const st = fs.statSync(file);
      if (!st.isFile()) throw new Error("not a file");
      size = st.size;
    } catch {
      const part = fs.existsSync(`${file}.part`);
      problems.push({ path: f.path, problem: "missing", detail: part ? { zh: "缺失（只有未完成的 .part 文件）", en: "missing (only an unfinished .part file)" } : { zh: "缺失", en: "missing" } });
      continue;
    }
    if (size !== f.size) {
      problems.push({ path: f.path, problem: "corrupt", detail: { zh: `大小不符：应为 ${f.size} 字节，实际 ${size} 字节`, en: `wrong size: expected ${f.size} bytes, found ${size}` } });
      done += f.size;
      bar?.update(done);
      continue;
    }
    const actual = await sha256File(file);
    done += f.size;
    bar?.update(done);
    if (actual !== f.sha256) problems.push({ path: f.path, problem: "corrupt", detail: { zh: `SHA-256 不符：应为 ${f.sha256}，实际 ${actual}`, en: `SHA-256 mismatch: expected ${f.sha256}, found ${actual}` } });
  }
  bar?.finish();
  for (const m of manifest.missing)
    problems.push({ path: m.path, problem: "not-bundled", detail: { zh: `生成离线包时未能放入：${m.reason}`, en: `not in the bundle since it was made: ${m.reason}` } });

  for (const o of manifest.omitted)
    warnings.push(o === "images" ? { zh: "离线包没有数据库镜像（生成时用了 --no-images）", en: "the bundle has no database images (made with --no-images)" } : { zh: "离线包没有 Windows 软件缓存（生成时用了 --no-windows）", en: "the bundle has no Windows package cache (made with --no-windows)" });
  const recorded = manifest.files.filter((f) => f.hashStatus === "recorded");
  if (recorded.length)
    warnings.push({
      zh: `注意：${recorded.length} 个文件的 SHA-256 是首次下载时记录的，未与发布方公布的值核对：${recorded.map((f) => f.path).join("、")}`,
      en: `WARNING: the SHA-256 of ${recorded.length} files was recorded at first download, NOT checked against a published value: ${recorded.map((f) => f.path).join(", ")}`,
    });
  for (const a of manifest.allowlists.filter((x) => x.example))
    warnings.push({ zh: `考点 ${a.site} 的白名单是内置示例（${a.path}），不是官方白名单`, en: `site ${a.site}'s allowlist is the bundled EXAMPLE (${a.path}), not the official list` });
  const rcFile = path.join(dir, "terraform", "terraformrc");
  if (fs.existsSync(rcFile)) {
    const mirror = mirrorPathOf(fs.readFileSync(rcFile, "utf8"));
    const here = path.resolve(dir, "terraform", "mirror");
    if (mirror && path.isAbsolute(mirror) && path.resolve(mirror) !== here && realpathOr(mirror) !== realpathOr(here))
      warnings.push({
        zh: `terraformrc 指向 ${mirror}，但离线包在 ${path.resolve(dir)}：把离线包放到 ${manifest.installPath}，或用 --install-path 重新生成`,
        en: `terraformrc points at ${mirror} but the bundle lies in ${path.resolve(dir)}: move it to ${manifest.installPath}, or make it again with --install-path`,
      });
  }
  return { complete: problems.length === 0, checked: manifest.files.length, problems, warnings, manifest };
}

function realpathOr(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

export function formatVerify(dir: string, r: VerifyResult, lang: "zh" | "en"): string {
  const zh = lang === "zh";
  const out: string[] = [];
  const label = { missing: zh ? "缺失" : "MISSING", corrupt: zh ? "损坏" : "CORRUPT", "not-bundled": zh ? "未打包" : "NOT BUNDLED", unfinished: zh ? "未完成" : "UNFINISHED" };
  for (const p of r.problems) out.push(`${label[p.problem]}  ${p.path}: ${p.detail[lang]}`);
  for (const w of r.warnings) out.push(`${zh ? "警告" : "WARNING"}  ${w[lang]}`);
  const missing = r.problems.filter((p) => p.problem !== "corrupt").length;
  const corrupt = r.problems.filter((p) => p.problem === "corrupt").length;
  out.push(
    r.complete
      ? zh ? `离线包完整：${dir} 中 ${r.checked} 个文件的大小和 SHA-256 全部相符` : `bundle complete: all ${r.checked} files in ${dir} match their size and SHA-256`
      : zh ? `离线包不完整：${missing} 个缺失，${corrupt} 个损坏（共检查 ${r.checked} 个文件）` : `bundle INCOMPLETE: ${missing} missing, ${corrupt} corrupt (${r.checked} files checked)`,
  );
  return out.join("\n") + "\n";
}
