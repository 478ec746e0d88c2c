import { pushAll } from "../util/arrays";
import { InputError, formatProblem } from "../model/errors";
import { loadSiteSource } from "../model/sources";
import { fileLanguage } from "../model/file-language";
import { msg, type Lang } from "../i18n/catalogue";
import type { Site } from "../model/site";
import { siteAllowlistProblems } from "../allowlist/site-policy";
import { CliExit, EXIT } from "./exit";

// Exit codes and option parsing live in ./exit.ts (commands that read no site file import them
// from there without loading the site model, issue 14); re-exported for the other commands.
export { CliExit, EXIT, parseChoice, parseFormat, parseLangOption } from "./exit";

/**
 * Loads every site file; collects the problems of all files before failing (exit 2). Problems are
 * written in `lang`, else in each file's own language, else in Chinese.
 */
export function loadSites(files: readonly string[], lang?: Lang): Site[] {
  const sites: Site[] = [];
  eachSite(files, lang, (s) => void sites.push(s));
  return sites;
}

/**
 * loadSites one site at a time (issue 14: a province's `check` need not hold 1,000 sites):
 * `use` gets each valid site in file order — until a file has failed, as the run will then
 * stop with exit 2 anyway — and may keep what it needs of it. Same problems, same order, same
 * exit as loadSites.
 */
export function eachSite(files: readonly string[], lang: Lang | undefined, use: (site: Site) => void): void {
  const problems: string[] = [];
  const ids = new Map<string, string>();
  const reused: { file: string; id: string; other: string; language: Lang }[] = [];
  for (const f of files) {
    let site: Site;
    try {
      site = loadSiteSource(f);
    } catch (e) {
      if (e instanceof InputError) {
        const l = lang ?? fileLanguage(f) ?? "zh";
        for (const p of e.problems) problems.push(formatProblem(p, l));
        continue;
      }
      throw e;
    }
    const other = ids.get(site.spec.id);
    if (other) reused.push({ file: site.file, id: site.spec.id, other, language: site.spec.language });
    ids.set(site.spec.id, site.file);
    if (problems.length === 0 && reused.length === 0) use(site);
  }
  for (const r of reused) problems.push(`${r.file}: id: ${msg(lang ?? r.language, "input", "siteIdReused", { id: r.id, other: r.other })}`);
  if (problems.length) throw new CliExit(EXIT.invalid, problems.join("\n"));
}

/**
 * Stops with exit 2 when a site's allowlist inputs (list files, additions, exam servers) are bad:
 * every problem of every site, each in `lang`, else its site's language.
 */
export function checkAllowlistInputs(sites: readonly Site[], lang?: Lang): void {
  const problems: string[] = [];
  for (const s of sites) pushAll(problems, allowlistProblemLines(s, lang));
  if (problems.length) throw new CliExit(EXIT.invalid, problems.join("\n"));
}

/** A site's allowlist input problems, formatted in `lang`, else the site's language. */
export function allowlistProblemLines(site: Site, lang?: Lang): string[] {
  return siteAllowlistProblems(site).map((p) => formatProblem(p, lang ?? site.spec.language));
}

/** Runs `f` for one site; its input problems stop the command (exit 2) in `lang`, else the site's language. */
export function forSite<T>(site: Site, lang: Lang | undefined, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof InputError) throw new CliExit(EXIT.invalid, e.problems.map((p) => formatProblem(p, lang ?? site.spec.language)).join("\n"));
    throw e;
  }
}
