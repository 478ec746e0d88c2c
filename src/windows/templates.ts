import * as fs from "node:fs";
import * as path from "node:path";
import { handlebarsEnv, loadTemplate, registerPartials } from "../util/handlebars-env";
import { psComment } from "./powershell";

/**
 * Handlebars templates under templates/windows and templates/packer. Site data enters a template
 * only pre-escaped (psValue/psString output, inserted with {{{ }}}) or through the `comment`
 * helper; tests/windows check every mustache of every template against that rule.
 */

/** Finds the repository's templates/ folder from src/windows (tsx, vitest) or dist/ (bundled CLI). */
export function templatesRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, "templates", "windows");
    if (fs.existsSync(candidate)) return path.join(dir, "templates");
    dir = path.dirname(dir);
  }
  throw new Error(`templates/windows not found above ${__dirname}`);
}

let env: ReturnType<typeof handlebarsEnv> | undefined;
const cache = new Map<string, HandlebarsTemplateDelegate>();

function handlebars(): ReturnType<typeof handlebarsEnv> {
  if (env) return env;
  const hb = handlebarsEnv();
  hb.registerHelper("comment", (v: unknown) => psComment(String(v)));
  registerPartials(hb, templatesRoot(), "windows/partials", { "common.ps1.hbs": "common", "package-cache.ps1.hbs": "packageCache" });
  env = hb;
  return hb;
}

/** Renders templates/<relative> with `data` (strict: a missing field is an error, not an empty string). */
export function renderTemplate(relative: string, data: object): string {
  let tpl = cache.get(relative);
  if (!tpl) {
    tpl = loadTemplate(handlebars(), templatesRoot(), relative);
    cache.set(relative, tpl);
  }
  return tpl(data);
}
