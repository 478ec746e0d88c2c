import { InputError, formatProblem } from "../model/errors";
import { loadSiteSource } from "../model/sources";
import type { Site } from "../model/site";

/** Exit codes shared by every command. */
export const EXIT = { ok: 0, findings: 1, invalid: 2 } as const;

/** Thrown by commands to stop with a message and an exit code (never a stack trace). */
export class CliExit extends Error {
  constructor(public readonly code: number, message = "") {
    super(message);
  }
}

/** Loads every site file; collects the problems of all files before failing (exit 2). */
export function loadSites(files: readonly string[]): Site[] {
  const sites: Site[] = [];
  const problems: string[] = [];
  for (const f of files) {
    try {
      sites.push(loadSiteSource(f));
    } catch (e) {
      if (e instanceof InputError) for (const p of e.problems) problems.push(formatProblem(p));
      else throw e;
    }
  }
  const ids = new Map<string, string>();
  for (const s of sites) {
    const other = ids.get(s.spec.id);
    if (other) problems.push(`${s.file}: id: site id "${s.spec.id}" is also used by ${other}`);
    ids.set(s.spec.id, s.file);
  }
  if (problems.length) throw new CliExit(EXIT.invalid, problems.join("\n"));
  return sites;
}

export function parseFormat<T extends string>(value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new CliExit(EXIT.invalid, `--format: expected one of ${allowed.join(", ")}, got "${value}"`);
  return value as T;
}
