import * as semver from "semver";

/** Coerces tool versions (75.0.3770.100, 3.7, 2021.1.3) to semver for range checks. */
export function coerceVersion(v: string): semver.SemVer | null {
  return semver.coerce(v, { loose: true });
}

/** True when the version satisfies the semver range ("*" accepts anything). */
export function versionSatisfies(version: string, range: string): boolean {
  if (range === "*") return true;
  const v = coerceVersion(version);
  return v !== null && semver.satisfies(v, range, { loose: true });
}

export function majorOf(version: string): number | null {
  return coerceVersion(version)?.major ?? null;
}
