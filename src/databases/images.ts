import * as semver from "semver";
import type { DatabasesSpec } from "../model/sections/databases";
import { COMPATIBILITY, TOOLS } from "../../policies/levels";
import type { SiteSpec } from "../model/schema";
import { CATALOGUE } from "./catalogue";
import { DB_SERVICES, type DbService } from "./services";
import { coerceVersion } from "../levels/versions";

/** A problem found while resolving the database section; `path` is a site field path. */
export interface DbProblem {
  path: PropertyKey[];
  message: string;
  severity: "error" | "warning";
}

export interface ResolvedImage {
  service: DbService;
  /** Full reference docker pulls: [registry/][namespace/]repository:tag[@sha256:…]. */
  ref: string;
  repository: string;
  tag: string;
  digest?: string;
  /** major.minor of the server when the tag names a version (4.4, 5.7, 6.2). */
  version?: string;
}

/** Resolves each service's image (registry, namespace, tag, digest) from the site's overrides. */
export function resolveImages(db: DatabasesSpec): Record<DbService, ResolvedImage> {
  const out = {} as Record<DbService, ResolvedImage>;
  for (const service of DB_SERVICES) {
    const o = db.images[service] ?? {};
    const repository = o.repository ?? CATALOGUE[service].repository;
    const tag = o.tag ?? CATALOGUE[service].tag;
    const prefix = db.registry ? `${db.registry.address}/${db.registry.namespace ? `${db.registry.namespace}/` : ""}` : "";
    const ref = `${prefix}${repository}:${tag}${o.digest ? `@${o.digest}` : ""}`;
    const v = /^\d+(\.\d+)*/.test(tag) ? coerceVersion(tag) : null;
    out[service] = { service, ref, repository, tag, digest: o.digest, version: v ? `${v.major}.${v.minor}` : undefined };
  }
  return out;
}

/**
 * Compatibility facts of requirements §7 and §3.3 applied to the chosen images:
 * PYMONGO-SERVER (MongoDB ≤ what the candidates' pymongo supports), TOOL-MYSQL (≥ 5.7),
 * Redis ≥ 6 for ACL users in shared mode, PYMYSQL-AUTH (MySQL 8 handled by the server flag).
 */
export function checkCompatibility(spec: SiteSpec, db: DatabasesSpec, images: Record<DbService, ResolvedImage>): DbProblem[] {
  const problems: DbProblem[] = [];
  const site = `site "${spec.id}"`;
  const tagPath = (s: DbService) => ["databases", "images", s, "tag"];

  const pymongo = db.pymongo ?? pymongoFromRooms(spec) ?? TOOLS.find((t) => t.id === "pymongo")!.reference;
  const pv = coerceVersion(pymongo);
  const mongo = images.mongodb;
  if (mongo.version === undefined) {
    problems.push({ path: tagPath("mongodb"), severity: "warning", message: `${site}: MongoDB tag "${mongo.tag}" names no version, so compatibility with pymongo ${pymongo} cannot be checked (§7 PYMONGO-SERVER); use a version tag such as 4.4 (pin a digest for reproducibility)` });
  } else if (pv) {
    const max = COMPATIBILITY.pymongoMaxServer[`${pv.major}.${pv.minor}`];
    if (max === undefined)
      problems.push({ path: ["databases", "pymongo"], severity: "warning", message: `${site}: no compatibility data for pymongo ${pymongo}; MongoDB ${mongo.version} is unchecked (§7 PYMONGO-SERVER)` });
    else if (semver.gt(semver.coerce(mongo.version)!, semver.coerce(max)!))
      problems.push({ path: tagPath("mongodb"), severity: "error", message: `${site}: MongoDB ${mongo.version} is newer than pymongo ${pymongo} supports (at most ${max}, §7 PYMONGO-SERVER); use tag ${max} or upgrade pymongo on the candidate machines and set databases.pymongo` });
  }

  const mysql = images.mysql;
  if (mysql.version === undefined)
    problems.push({ path: tagPath("mysql"), severity: "warning", message: `${site}: MySQL tag "${mysql.tag}" names no version; the manual requires MySQL >= 5.7 (§3.3 TOOL-MYSQL) and this cannot be checked` });
  else if (semver.lt(semver.coerce(mysql.version)!, "5.7.0"))
    problems.push({ path: tagPath("mysql"), severity: "error", message: `${site}: MySQL ${mysql.version} is older than the manual's minimum 5.7 (§3.3 TOOL-MYSQL)` });

  if (mysql.version !== undefined && semver.gte(semver.coerce(mysql.version)!, "9.0.0"))
    problems.push({ path: tagPath("mysql"), severity: "warning", message: `${site}: MySQL ${mysql.version} only offers caching_sha2_password, which PyMySQL supports only with the cryptography package installed on every candidate machine (§7 PYMYSQL-AUTH); MySQL 5.7 avoids it` });

  const redis = images.redis;
  if (db.mode === "shared" && redis.version !== undefined && semver.lt(semver.coerce(redis.version)!, "6.0.0"))
    problems.push({ path: tagPath("redis"), severity: "error", message: `${site}: shared mode isolates seats with Redis ACL users, which need Redis 6 or newer (got ${redis.version})` });
  return problems;
}

/** The pymongo version the rooms' machine profiles declare (the oldest, which is the binding one). */
function pymongoFromRooms(spec: SiteSpec): string | undefined {
  const versions = spec.rooms
    .map((r) => r.machineProfile?.tools?.pymongo)
    .filter((v): v is string => typeof v === "string" && coerceVersion(v) !== null);
  versions.sort((a, b) => semver.compare(coerceVersion(a)!, coerceVersion(b)!));
  return versions[0];
}

/**
 * Server flags that keep PyMySQL working without `cryptography` (§7 PYMYSQL-AUTH): MySQL 8.0–8.3
 * switch the default plugin; 8.4 needs the (disabled) native plugin turned on first; 9.x removed
 * it, so nothing can be done there (checkCompatibility warns).
 */
export function mysqlNativeAuthArgs(image: ResolvedImage): string[] {
  if (image.version === undefined) return [];
  const v = semver.coerce(image.version)!;
  if (v.major < COMPATIBILITY.mysqlCachingSha2FromMajor) return [];
  if (v.major === 8 && v.minor < 4) return ["--default-authentication-plugin=mysql_native_password"];
  if (v.major === 8) return ["--mysql-native-password=ON", "--authentication-policy=mysql_native_password"];
  return [];
}
