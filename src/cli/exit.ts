import { suggest } from "../model/hints";
import { msg, type Lang } from "../i18n/catalogue";

/** Exit codes shared by every command. */
export const EXIT = { ok: 0, findings: 1, invalid: 2 } as const;

/** Thrown by commands to stop with a message and an exit code (never a stack trace). */
export class CliExit extends Error {
  constructor(public readonly code: number, message = "") {
    super(message);
  }
}

/** The value of an option that takes one of a few words, with a suggestion when it is a near miss. */
export function parseChoice<T extends string>(option: string, value: string, allowed: readonly T[], lang: Lang): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  const guess = suggest(value, allowed);
  const vars = { option, value, allowed: allowed.join(", "), ...(guess ? { suggestion: guess } : {}) };
  throw new CliExit(EXIT.invalid, msg(lang, "cli", guess ? "badChoiceSuggest" : "badChoice", vars));
}

export function parseFormat<T extends string>(value: string, allowed: readonly T[], lang: Lang = "zh"): T {
  return parseChoice("--format", value, allowed, lang);
}

/**
 * `--lang`: undefined when not given (the site's language applies), else zh or en. An invalid
 * value is a usage error, reported in Chinese (the language we cannot know).
 */
export function parseLangOption(value: string | undefined): Lang | undefined {
  if (value === undefined) return undefined;
  return parseChoice("--lang", value, ["zh", "en"] as const, "zh");
}
