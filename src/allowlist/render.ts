import * as path from "node:path";
import { randomBytes } from "node:crypto";
import type Handlebars from "handlebars";
import { handlebarsEnv, loadTemplate, registerPartials } from "../util/handlebars-env";
import { packageRoot } from "./assets";
import type { RenderInput, RenderedFile } from "./model";
import { rememberBytes } from "../export/bytes";
import { encodeSegments } from "../util/text-pieces";

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

const cache = new Map<string, { compiled: HandlebarsTemplateDelegate; state: DeferState }>();

export function renderTemplate(template: string, helpers: Helpers, context: RenderInput & Record<string, unknown>): RenderedFile[] {
  let entry = cache.get(template);
  if (!entry) {
    const hb = handlebarsEnv();
    const state: DeferState = { blocks: undefined };
    registerCommon(hb, state);
    for (const [name, fn] of Object.entries(helpers)) hb.registerHelper(name, deferring(state, fn as (...args: unknown[]) => unknown));
    const dir = path.join(packageRoot(), "templates");
    registerPartials(hb, dir, "router/partials");
    // noEscape + strict (src/util/handlebars-env.ts compileOptions), precompiled in dist/.
    entry = { compiled: loadTemplate(hb, dir, template), state };
    cache.set(template, entry);
  }
  const files: RenderedFile[] = [];
  const rest = entry.compiled({ ...context, __files: files });
  if (files.length === 0) throw new Error(`${template} wrote no {{#file}} block`);
  if (rest.trim() !== "") throw new Error(`${template} has text outside {{#file}} blocks`);
  return files;
}

/**
 * Big helper outputs (the 100,000-line lists) are kept out of `tidy()`: inside a `{{#file}}` the
 * helper returns a marker, `tidy()` runs over the small template text only and the blocks are
 * put back afterwards. Only blocks `tidy()` could not change are deferred (see `isTidyOpaque`),
 * so the output is byte-identical; anything else stays inline and is tidied as before.
 */
interface DeferState {
  /** Blocks of the `{{#file}}` being rendered, with the marker that stands for them. */
  blocks: { marker: string; text: string }[] | undefined;
}

const DEFER_MIN = 4096;

function defer(state: DeferState, value: unknown): unknown {
  if (!state.blocks || typeof value !== "string" || value.length < DEFER_MIN || !isTidyOpaque(value)) return value;
  // NUL + a random nonce: no site text can forge a marker (the guards refuse control characters anyway).
  const marker = `\u0000${randomBytes(8).toString("hex")}\u0000`;
  state.blocks.push({ marker, text: value });
  return marker;
}

function deferring(state: DeferState, fn: (...args: unknown[]) => unknown): Handlebars.HelperDelegate {
  return function (this: unknown, ...args: unknown[]) {
    return defer(state, fn.apply(this, args));
  };
}

/**
 * True when `tidy()` over any text containing `t` leaves `t` alone and treats it like one
 * ordinary character: its first line has a non-blank character, it has no blank-before-newline
 * and no empty line, and it does not end in a blank or newline.
 */
function isTidyOpaque(t: string): boolean {
  const last = t.charCodeAt(t.length - 1);
  return last !== 10 && last !== 32 && last !== 9 && /^[ \t]*[^ \t\n]/.test(t) && !/[ \t]\n|\n\n/.test(t);
}

function registerCommon(hb: typeof Handlebars, state: DeferState): void {
  hb.registerHelper("file", function (this: unknown, name: string, description: string, options: Handlebars.HelperOptions) {
    const out = (options.data.root as { __files: RenderedFile[] }).__files;
    const blocks: { marker: string; text: string }[] = [];
    state.blocks = blocks;
    let content: string;
    try {
      content = tidy(options.fn(this));
    } finally {
      state.blocks = undefined;
    }
    if (!blocks.length) out.push({ path: name, description, content });
    else {
      const restored = restore(content, blocks);
      const file = { path: name, description, content: restored.text };
      rememberBytes(file, restored.text, restored.bytes);
      out.push(file);
    }
    return "";
  });
  /** `{{#zh}}中文{{else}}English{{/zh}}`: the site's language picks the comment text. */
  hb.registerHelper("zh", function (this: unknown, options: Handlebars.HelperOptions) {
    return (options.data.root as RenderInput).lang === "zh" ? options.fn(this) : options.inverse(this);
  });
  hb.registerHelper("lines", (list: readonly string[], indent?: unknown) => {
    const pad = typeof indent === "string" ? indent : "";
    return defer(state, list.length ? pad + list.join("\n" + pad) : "");
  });
  hb.registerHelper("join", (list: readonly unknown[], sep: unknown) => list.map(String).join(typeof sep === "string" ? sep : ", "));
  hb.registerHelper("eq", (a: unknown, b: unknown) => a === b);
  hb.registerHelper("or", (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  hb.registerHelper("not", (a: unknown) => !a);
}

/**
 * Puts the deferred blocks back in place of their markers (each occurs exactly once). Also the
 * file's UTF-8 bytes, encoded piece by piece (issue 14): the text around the blocks holds the
 * Chinese comments, and encoding the joined string would first copy the ASCII blocks as two-byte
 * text. encodeSegments keeps a surrogate pair split between two pieces one character.
 */
function restore(tidied: string, blocks: readonly { marker: string; text: string }[]): { text: string; bytes: Uint8Array } {
  let out = "";
  let at = 0;
  const pieces: string[] = [];
  for (const { marker, text } of blocks) {
    const i = tidied.indexOf(marker, at);
    if (i < 0) throw new Error("internal: a deferred block's marker is missing from the rendered file");
    out += tidied.slice(at, i) + text;
    pieces.push(tidied.slice(at, i), text);
    at = i + marker.length;
  }
  pieces.push(tidied.slice(at));
  const text = out + tidied.slice(at);
  return { text, bytes: encodeSegments(pieces) };
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
