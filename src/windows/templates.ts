import * as fs from "node:fs";
import * as path from "node:path";
import Handlebars from "handlebars";
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

let env: typeof Handlebars | undefined;
const cache = new Map<string, HandlebarsTemplateDelegate>();

function handlebars(): typeof Handlebars {
  if (env) return env;
  const hb = Handlebars.create();
  hb.registerHelper("comment", (v: unknown) => psComment(String(v)));
  const partials = path.join(templatesRoot(), "windows", "partials");
  hb.registerPartial("common", fs.readFileSync(path.join(partials, "common.ps1.hbs"), "utf8"));
  hb.registerPartial("packageCache", fs.readFileSync(path.join(partials, "package-cache.ps1.hbs"), "utf8"));
  env = hb;
  return hb;
}

/** Renders templates/<relative> with `data` (strict: a missing field is an error, not an empty string). */
export function renderTemplate(relative: string, data: object): string {
  let tpl = cache.get(relative);
  if (!tpl) {
    const src = fs.readFileSync(path.join(templatesRoot(), relative), "utf8");
    tpl = handlebars().compile(src, { noEscape: true, strict: true });
    cache.set(relative, tpl);
  }
  return tpl(data);
}
