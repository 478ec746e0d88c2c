import * as fs from "node:fs";
import * as path from "node:path";
import type HandlebarsNs from "handlebars";

/**
 * Handlebars templates, compiled at build time when possible (issue 14: compiling them at run
 * time cost ~85 ms of every CLI and synth process). scripts/build.mjs precompiles every
 * templates/**\/*.hbs with COMPILE_OPTIONS into dist/templates.js; the bundled CLI and app load
 * those specs with the small Handlebars runtime. Run from src/ (tests), there is no such file and
 * templates are compiled from templates/ as before — same compiler, same options, same output
 * (tests/perf/templates-precompiled.test.ts checks dist/templates.js is current).
 */
type Handlebars = typeof HandlebarsNs;
export type TemplateSpec = Parameters<Handlebars["template"]>[0];

/** Compile options by template path (relative to templates/): the report escapes HTML, nothing else does. */
export function compileOptions(relative: string): CompileOptions {
  return relative.startsWith("report/") ? {} : { noEscape: true, strict: true };
}

let specs: Record<string, TemplateSpec> | null | undefined;
function precompiled(): Record<string, TemplateSpec> | null {
  if (specs === undefined) {
    const file = path.join(__dirname, "templates.js");
    // A runtime path (not bundled): only the built dist/ has it.
    specs = fs.existsSync(file) ? (require(file) as { specs: Record<string, TemplateSpec> }).specs : null;
  }
  return specs;
}

/** A fresh Handlebars environment: the runtime alone when templates are precompiled. */
export function handlebarsEnv(): Handlebars {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const hb = (precompiled() ? require("handlebars/runtime") : require("handlebars")) as Handlebars & { default?: Handlebars };
  return (hb.default ?? hb).create();
}

/** Template `relative` (under templates/) for `hb`: precompiled if built, else compiled from `root`. */
export function loadTemplate(hb: Handlebars, root: string, relative: string): HandlebarsTemplateDelegate {
  const spec = precompiled()?.[relative];
  if (spec) return hb.template(spec);
  return hb.compile(fs.readFileSync(path.join(root, relative), "utf8"), compileOptions(relative));
}

/** Registers every partial of `dir` (relative to templates/, e.g. "router/partials") under its file name. */
export function registerPartials(hb: Handlebars, root: string, dir: string, names?: Record<string, string>): void {
  const files = fs.readdirSync(path.join(root, dir)).filter((f) => f.endsWith(".hbs")).sort();
  for (const f of files) {
    const name = names?.[f] ?? f.slice(0, -4);
    const rel = `${dir}/${f}`;
    const spec = precompiled()?.[rel];
    hb.registerPartial(name, spec ? hb.template(spec) : fs.readFileSync(path.join(root, rel), "utf8"));
  }
}
