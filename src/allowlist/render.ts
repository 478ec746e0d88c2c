import * as fs from "node:fs";
import * as path from "node:path";
import Handlebars from "handlebars";
import { packageRoot } from "./assets";
import type { RenderInput, RenderedFile } from "./model";

/**
 * Handlebars plumbing shared by every target. Each target gets its own Handlebars environment
 * (`Handlebars.create()`) with `noEscape` (HTML escaping means nothing to a router) and its own
 * syntax helpers; values reach the template only through those helpers or as lines the renderer
 * built with the same guards. Per-entry `{{#each}}` is avoided for the big lists: it costs ~2 µs
 * an entry, too slow for 100,000 entries × every target in the 2 s budget.
 *
 * One template per target may write several files: `{{#file "dnsmasq.conf" "description"}}…{{/file}}`.
 */
export type Helpers = Record<string, (...args: never[]) => unknown>;

const cache = new Map<string, HandlebarsTemplateDelegate>();

export function renderTemplate(template: string, helpers: Helpers, context: RenderInput & Record<string, unknown>): RenderedFile[] {
  let compiled = cache.get(template);
  if (!compiled) {
    const hb = Handlebars.create();
    registerCommon(hb);
    for (const [name, fn] of Object.entries(helpers)) hb.registerHelper(name, fn as Handlebars.HelperDelegate);
    const dir = path.join(packageRoot(), "templates");
    const partials = path.join(dir, "router", "partials");
    for (const f of fs.readdirSync(partials).sort()) if (f.endsWith(".hbs")) hb.registerPartial(f.slice(0, -4), fs.readFileSync(path.join(partials, f), "utf8"));
    compiled = hb.compile(fs.readFileSync(path.join(dir, template), "utf8"), { noEscape: true, strict: true });
    cache.set(template, compiled);
  }
  const files: RenderedFile[] = [];
  const rest = compiled({ ...context, __files: files });
  if (files.length === 0) throw new Error(`${template} wrote no {{#file}} block`);
  if (rest.trim() !== "") throw new Error(`${template} has text outside {{#file}} blocks`);
  return files;
}

function registerCommon(hb: typeof Handlebars): void {
  hb.registerHelper("file", function (this: unknown, name: string, description: string, options: Handlebars.HelperOptions) {
    const out = (options.data.root as { __files: RenderedFile[] }).__files;
    out.push({ path: name, description, content: tidy(options.fn(this)) });
    return "";
  });
  /** `{{#zh}}中文{{else}}English{{/zh}}`: the site's language picks the comment text. */
  hb.registerHelper("zh", function (this: unknown, options: Handlebars.HelperOptions) {
    return (options.data.root as RenderInput).lang === "zh" ? options.fn(this) : options.inverse(this);
  });
  hb.registerHelper("lines", (list: readonly string[], indent?: unknown) => {
    const pad = typeof indent === "string" ? indent : "";
    return list.length ? pad + list.join("\n" + pad) : "";
  });
  hb.registerHelper("join", (list: readonly unknown[], sep: unknown) => list.map(String).join(typeof sep === "string" ? sep : ", "));
  hb.registerHelper("eq", (a: unknown, b: unknown) => a === b);
  hb.registerHelper("or", (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  hb.registerHelper("not", (a: unknown) => !a);
}

/** Collapses runs of blank lines left by empty sections and ends with one newline. */
function tidy(s: string): string {
  const t = s.replace(/[ \t]+\n/g, "\n").replace(/\n{3,}/g, "\n\n");
  // Trim leading/trailing newlines by index: an anchored /\n*$/ rescans from every position (quadratic on MBs).
  let a = 0;
  let b = t.length;
  while (a < b && t.charCodeAt(a) === 10) a++;
  while (b > a && t.charCodeAt(b - 1) === 10) b--;
  return t.slice(a, b) + "\n";
}
