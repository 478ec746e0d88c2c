import * as fs from "node:fs";
import * as path from "node:path";
import { handlebarsEnv, loadTemplate, registerPartials } from "../util/handlebars-env";
import { pieceHelper, renderPieces } from "../util/text-pieces";

/**
 * Loads templates/report/ (report.hbs, partials/*.hbs, report.css). The folder is found by
 * walking up from this file, which works from src/report (tests) and from the bundled dist/
 * (CLI and cdktf app) alike.
 */
export function reportTemplateDir(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, "templates", "report");
    if (fs.existsSync(path.join(candidate, "report.hbs"))) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error(`templates/report/report.hbs not found above ${__dirname}`);
}

export interface CompiledReport {
  /** report.html's UTF-8 bytes (its sections are rendered as pieces: src/util/text-pieces.ts). */
  render(view: object): Buffer;
}

let cached: CompiledReport | undefined;

export function compiledReport(): CompiledReport {
  if (cached) return cached;
  const dir = reportTemplateDir();
  const root = path.dirname(dir);
  const hb = handlebarsEnv();
  registerPartials(hb, root, "report/partials");
  hb.registerHelper("eq", (a: unknown, b: unknown) => a === b);
  hb.registerHelper("piece", pieceHelper);
  const css = fs.readFileSync(path.join(dir, "report.css"), "utf8");
  // Default escaping stays on: every {{value}} is HTML-escaped; only generated SVG uses {{{ }}}.
  const template = loadTemplate(hb, root, "report/report.hbs");
  cached = { render: (view) => renderPieces(template, { ...view, css }) };
  return cached;
}
