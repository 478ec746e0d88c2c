import type { Lang } from "../i18n/catalogue";

/**
 * Input errors: every problem in a site file, allowlist or inventory becomes one InputProblem
 * carrying the file, the line (where the format has lines), the field path and what was expected.
 * The CLI prints them and exits 2; nothing else in examlab throws at users.
 */
export interface InputProblem {
  file: string;
  line?: number;
  /** Field path such as `rooms[1].cameras[0].fovDeg`; empty for whole-file problems. */
  path: string;
  /** What is wrong, in English. */
  message: string;
  /** The same in Chinese, when the problem has a translation (site files do; see src/i18n). */
  zh?: string;
}

export class InputError extends Error {
  constructor(public readonly problems: InputProblem[]) {
    super(problems.map((p) => formatProblem(p)).join("\n"));
    this.name = "InputError";
  }
}

/** `file:line: field: message`, in the given language (English when there is no translation). */
export function formatProblem(p: InputProblem, lang: Lang = "en"): string {
  const where = p.line !== undefined ? `${p.file}:${p.line}` : p.file;
  const message = lang === "zh" && p.zh ? p.zh : p.message;
  return p.path ? `${where}: ${p.path}: ${message}` : `${where}: ${message}`;
}

/** Renders a zod-style path (["rooms", 1, "cameras", 0, "fov"]) as `rooms[1].cameras[0].fov`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else out += out ? `.${String(seg)}` : String(seg);
  }
  return out;
}
