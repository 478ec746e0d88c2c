import * as fs from "node:fs";
import type { Lang } from "../i18n/catalogue";

/**
 * The language a site file asks for (`language: en`), read from the raw text so that even a file
 * that fails validation gets its problems in its own language. Only called on failure; undefined
 * for files that say nothing (or are not site files, such as an allowlist).
 */
export function fileLanguage(file: string): Lang | undefined {
  try {
    const m = /^\s*language\s*:\s*["']?(zh|en)["']?\s*,?\s*(#.*)?$/m.exec(fs.readFileSync(file, "utf8"));
    return m ? (m[1] as Lang) : undefined;
  } catch {
    return undefined;
  }
}
