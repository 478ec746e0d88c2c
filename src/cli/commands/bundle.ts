import * as path from "node:path";
import type { Command } from "commander";
import { CliExit, EXIT, loadSites } from "../io";
import { buildBundle } from "../../bundle/build";
import { formatVerify, verifyBundle } from "../../bundle/verify";
import { progressFor } from "../../bundle/progress";
import { writeArchive } from "../../bundle/archive";

/** Where the README tells sites to put the bundle on the lab server (terraformrc points there). */
export const DEFAULT_INSTALL_PATH = "/opt/examlab-bundle";

function parseLang(v: string | undefined): "zh" | "en" | undefined {
  if (v !== undefined && v !== "zh" && v !== "en") throw new CliExit(EXIT.invalid, `--lang: expected zh or en, got "${v}"`);
  return v;
}

/**
 * `examlab bundle <sites...> --out DIR` (connected machine) and `examlab bundle verify DIR`
 * (offline side). Exit 0: complete; 1: incomplete (what is missing or corrupt is listed); 2: bad input.
 */
export function register(program: Command): void {
  const bundle = program
    .command("bundle")
    .description("make the offline bundle of sites: Terraform providers, images, Windows packages, allowlist (生成离线包)")
    .argument("<site-files...>", "site files (YAML, JSON or TypeScript)")
    .option("--out <dir>", "bundle folder, required (an interrupted run resumes in it)")
    .option("--install-path <path>", "absolute folder the bundle will live in on the lab server", DEFAULT_INSTALL_PATH)
    .option("--mirror <url>", "fetch https://host/path as <url>/host/path (an internal artifact mirror)")
    .option("--windows-cache <dir>", "folder with Windows cache files already at hand (e.g. the site's Chrome installer)")
    .option("--no-images", "leave the Docker images out (recorded in the manifest; verify says so)")
    .option("--no-windows", "leave the Windows package cache out (recorded in the manifest; verify says so)")
    .option("--pull <when>", "pull images: missing (only those not on this machine) or always", "missing")
    .option("--archive <file>", "also write the finished bundle as one .tar (extract with tar xf)")
    .option("--retries <n>", "tries per download", "5")
    .option("--lang <lang>", "language of messages: zh or en (default: the first site's language)")
    .action(async (files: string[], _opts: unknown, cmd: Command) => {
      // The program has --lang too, and commander gives an option to the parent first.
      const opts = cmd.optsWithGlobals<{ out?: string; installPath: string; mirror?: string; windowsCache?: string; images: boolean; windows: boolean; archive?: string; pull: string; retries: string; lang?: string }>();
      const lang = parseLang(opts.lang);
      // Not a commander requiredOption: commander checks a parent's mandatory options for `bundle verify` too.
      if (!opts.out) throw new CliExit(EXIT.invalid, "--out: the bundle folder is required (examlab bundle <site-files...> --out DIR)");
      const out = opts.out;
      if (opts.pull !== "missing" && opts.pull !== "always") throw new CliExit(EXIT.invalid, `--pull: expected missing or always, got "${opts.pull}"`);
      const attempts = Number(opts.retries);
      if (!Number.isInteger(attempts) || attempts < 1 || attempts > 20) throw new CliExit(EXIT.invalid, `--retries: expected a whole number from 1 to 20, got "${opts.retries}"`);
      if (!/^(\/|[A-Za-z]:[\\/])/.test(opts.installPath)) throw new CliExit(EXIT.invalid, `--install-path: expected an absolute path on the lab server (/opt/examlab-bundle or C:\\examlab-bundle), got "${opts.installPath}"`);
      if (/["\n\r$%]/.test(opts.installPath)) throw new CliExit(EXIT.invalid, `--install-path: quotes, $, % and line breaks are not allowed in "${opts.installPath}"`);
      if (opts.mirror !== undefined && !/^https?:\/\/[^\s/]+/.test(opts.mirror)) throw new CliExit(EXIT.invalid, `--mirror: expected an http(s):// URL, got "${opts.mirror}"`);
      const sites = loadSites(files, lang);
      const language = lang ?? sites[0].spec.language;
      const epoch = process.env.SOURCE_DATE_EPOCH;
      const result = await buildBundle(sites, {
        out: path.resolve(out),
        installPath: opts.installPath,
        mirror: opts.mirror,
        windowsCache: opts.windowsCache,
        images: opts.images,
        windows: opts.windows,
        pull: opts.pull,
        attempts,
        backoffMs: Number(process.env.EXAMLAB_BUNDLE_BACKOFF_MS ?? 1000),
        lang: language,
        now: epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : new Date(),
        log: (s) => process.stdout.write(s + "\n"),
        warn: (s) => process.stderr.write(s + "\n"),
        progress: progressFor(process.stderr),
      });
      const zh = language === "zh";
      if (opts.archive) {
        await writeArchive(path.resolve(out), result.manifest, path.resolve(opts.archive));
        process.stdout.write(zh ? `已写入归档 ${opts.archive}（tar xf 解开后用 examlab bundle verify 校验）\n` : `wrote archive ${opts.archive} (extract with tar xf, then examlab bundle verify)\n`);
      }
      if (result.unverified.length) {
        process.stderr.write(
          [
            "",
            "!".repeat(72),
            zh ? `!! ${result.unverified.length} 个文件没有发布方公布的 SHA-256：本次下载时记录了它们的哈希（首次下载记录）` : `!! ${result.unverified.length} files have NO published SHA-256: their hash was RECORDED on this download`,
            zh ? "!! 如能核对，请与发布方的值比对；离线侧只能保证文件与此次下载一致" : "!! Compare them with the publisher if you can; offline, only sameness with this download is checked",
            ...result.unverified.map((f) => `!!   ${f.path}  ${f.sha256}`),
            "!".repeat(72),
            "",
          ].join("\n"),
        );
      }
      const m = result.manifest;
      process.stdout.write(
        result.complete
          ? zh ? `离线包完成：${out}（${m.files.length} 个文件，清单 manifest.json）\n` : `bundle complete: ${out} (${m.files.length} files, listed in manifest.json)\n`
          : (zh ? `离线包不完整：${out}，缺少 ${m.missing.length} 项：\n` : `bundle INCOMPLETE: ${out}, ${m.missing.length} missing:\n`) + m.missing.map((x) => `  ${x.path}: ${x.reason}\n`).join(""),
      );
      process.exitCode = result.complete ? EXIT.ok : EXIT.findings;
    });

  bundle
    .command("verify")
    .description("check every file of an offline bundle against its manifest (离线侧校验离线包)")
    .argument("<dir>", "bundle folder")
    .option("--lang <lang>", "language of messages: zh or en (default zh)")
    .option("--format <format>", "text or json", "text")
    .action(async (dir: string, _opts: unknown, cmd: Command) => {
      // `bundle` has --lang too, and commander gives an option to the parent first.
      const opts = cmd.optsWithGlobals() as { lang?: string; format: string };
      const lang = parseLang(opts.lang) ?? "zh";
      if (opts.format !== "text" && opts.format !== "json") throw new CliExit(EXIT.invalid, `--format: expected text or json, got "${opts.format}"`);
      const r = await verifyBundle(dir, progressFor(process.stderr));
      if (opts.format === "json") process.stdout.write(JSON.stringify({ complete: r.complete, checked: r.checked, problems: r.problems.map((p) => ({ path: p.path, problem: p.problem, detail: p.detail[lang] })), warnings: r.warnings.map((w) => w[lang]) }, null, 2) + "\n");
      else process.stdout.write(formatVerify(dir, r, lang));
      process.exitCode = r.complete ? EXIT.ok : EXIT.findings;
    });
}
