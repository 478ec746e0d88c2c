import * as path from "node:path";
import { Option, type Command } from "commander";
import { CliExit, EXIT, loadSites, parseChoice, parseLangOption } from "../io";
import { msg, translator, type Lang, type MessageKey } from "../../i18n/catalogue";
import { buildBundle } from "../../bundle/build";
import { formatVerify, verifyBundle } from "../../bundle/verify";
import { progressFor } from "../../bundle/progress";
import { writeArchive } from "../../bundle/archive";
import { subcommand } from "../program";

/** Where the README tells sites to put the bundle on the lab server (terraformrc points there). */
export const DEFAULT_INSTALL_PATH = "/opt/examlab-bundle";

/**
 * `examlab bundle <sites...> --out DIR` (connected machine) and `examlab bundle verify DIR`
 * (offline side). Exit 0: complete; 1: incomplete (what is missing or corrupt is listed); 2: bad input.
 */
export function register(program: Command, lang: Lang = "zh"): void {
  const t = translator(lang, "cli");
  const bundle = subcommand(program, "bundle", lang)
    .description(t("bundleDescription"))
    .argument("<site-files...>", t("argSiteFiles"))
    // Not a commander mandatory option (commander would check it for `bundle verify` too), but listed as required.
    .addOption(new Option("--out <dir>", t("bundleOut")).helpGroup(t("titleRequired")))
    .option("--install-path <path>", t("bundleInstallPath"), DEFAULT_INSTALL_PATH)
    .option("--mirror <url>", t("bundleMirror"))
    .option("--windows-cache <dir>", t("bundleWindowsCache"))
    .option("--no-images", t("bundleNoImages"))
    .option("--no-windows", t("bundleNoWindows"))
    .option("--pull <when>", t("bundlePull"), "missing")
    .option("--archive <file>", t("bundleArchive"))
    .option("--retries <n>", t("bundleRetries"), "5")
    .option("--lang <lang>", t("optLang"))
    .helpFooter("exitBundle", "examlab bundle sites/gz.yaml --out sites/offline-bundle --install-path /opt/examlab-bundle");
  bundle.action(async (files: string[], _opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<{ out?: string; installPath: string; mirror?: string; windowsCache?: string; images: boolean; windows: boolean; archive?: string; pull: string; retries: string; lang?: string }>();
      const chosen = parseLangOption(opts.lang);
      const usage: Lang = chosen ?? "zh";
      const bad = (key: MessageKey<"cli">, value = "") => new CliExit(EXIT.invalid, msg(usage, "cli", key, { value }));
      if (!opts.out) throw bad("bundleOutRequired");
      const out = opts.out;
      const pull = parseChoice("--pull", opts.pull, ["missing", "always"] as const, usage);
      const attempts = Number(opts.retries);
      if (!Number.isInteger(attempts) || attempts < 1 || attempts > 20) throw bad("bundleRetriesBad", opts.retries);
      if (!/^(\/|[A-Za-z]:[\\/])/.test(opts.installPath)) throw bad("bundleInstallPathBad", opts.installPath);
      if (/["\n\r$%]/.test(opts.installPath)) throw bad("bundleInstallPathChars", opts.installPath);
      if (opts.mirror !== undefined && !/^https?:\/\/[^\s/]+/.test(opts.mirror)) throw bad("bundleMirrorBad", opts.mirror);
      const sites = loadSites(files, chosen);
      const language = chosen ?? sites[0].spec.language;
      const epoch = process.env.SOURCE_DATE_EPOCH;
      const result = await buildBundle(sites, {
        out: path.resolve(out),
        installPath: opts.installPath,
        mirror: opts.mirror,
        windowsCache: opts.windowsCache,
        images: opts.images,
        windows: opts.windows,
        pull,
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

  subcommand(bundle, "verify", lang)
    .description(t("bundleVerifyDescription"))
    .argument("<dir>", t("argBundleDir"))
    .option("--lang <lang>", t("optLang"))
    .option("--format <format>", t("bundleVerifyFormat"), "text")
    .helpFooter("exitBundleVerify", "examlab bundle verify /opt/examlab-bundle")
    .action(async (dir: string, _opts: unknown, cmd: Command) => {
      // `bundle` has --lang too, and commander gives an option to the parent first.
      const opts = cmd.optsWithGlobals<{ lang?: string; format: string }>();
      const lang = parseLangOption(opts.lang) ?? "zh";
      const format = parseChoice("--format", opts.format, ["text", "json"] as const, lang);
      const r = await verifyBundle(dir, progressFor(process.stderr));
      if (format === "json") process.stdout.write(JSON.stringify({ complete: r.complete, checked: r.checked, problems: r.problems.map((p) => ({ path: p.path, problem: p.problem, detail: p.detail[lang] })), warnings: r.warnings.map((w) => w[lang]) }, null, 2) + "\n");
      else process.stdout.write(formatVerify(dir, r, lang));
      process.exitCode = r.complete ? EXIT.ok : EXIT.findings;
    });
}
