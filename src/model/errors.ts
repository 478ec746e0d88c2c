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
  message: string;
}

export class InputError extends Error {
  constructor(public readonly problems: InputProblem[]) {
    super(problems.map(formatProblem).join("\n"));
    this.name = "InputError";
  }
}

export function formatProblem(p: InputProblem): string {
  const where = p.line !== undefined ? `${p.file}:${p.line}` : p.file;
  return p.path ? `${where}: ${p.path}: ${p.message}` : `${where}: ${p.message}`;
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
