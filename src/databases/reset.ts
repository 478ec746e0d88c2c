import type { Site } from "../model/site";
import { resolveDatabases, type DatabasePlan, type SeatSlot } from "./plan";
import { DB_SERVICES } from "./services";
import { sitePrefix } from "./names";
import { mysqlSeatResetSql } from "./init-mysql";
import { mongoSeatResetJs } from "./init-mongodb";
import { redisPrefixPattern } from "./escape";
import { tfAddress } from "./terraform-names";

/** One command of a reset: an argv (never a shell string of site data) plus optional stdin. */
export interface ResetStep {
  description: string;
  argv: string[];
  stdin?: string;
}

export interface ResetTarget {
  room: string;
  /** One seat; all database seats of the room when omitted. */
  seat?: number;
}

/**
 * Commands that wipe and re-create the databases of one seat or a whole room between exam
 * sessions without touching the other seats (issue 3 §3).
 * Per-seat mode: Terraform replaces exactly that seat's volumes and containers
 * (`-target` + `-replace` on the for_each instances), so data is gone and the containers come
 * back with the same ports. Shared mode: the seat's database, MongoDB database and Redis keys are
 * dropped inside the shared containers with the admin password the container already holds.
 */
export function resetSteps(site: Site, target: ResetTarget, opts: { stackDir: string }): ResetStep[] {
  const plan = resolveDatabases(site);
  if (!plan) throw new Error(`site "${site.spec.id}" runs no database containers (no databases section, or enabled: false)`);
  const seats = plan.seats.filter((s) => s.room === target.room && (target.seat === undefined || s.seat === target.seat));
  if (seats.length === 0) {
    const rooms = [...new Set(plan.seats.map((s) => s.room))].join(", ");
    throw new Error(target.seat === undefined
      ? `room "${target.room}" has no database seats in site "${site.spec.id}" (rooms with databases: ${rooms})`
      : `room "${target.room}" seat ${target.seat} has no databases in site "${site.spec.id}" (not a candidate seat, or unknown)`);
  }
  return plan.mode === "per-seat" ? perSeatSteps(seats, opts.stackDir) : sharedSteps(plan, seats);
}

function perSeatSteps(seats: readonly SeatSlot[], stackDir: string): ResetStep[] {
  const args: string[] = [];
  for (const s of seats)
    for (const svc of DB_SERVICES)
      for (const addr of [tfAddress("volume", svc, s.labServer, s.key), tfAddress("container", svc, s.labServer, s.key)]) args.push(`-target=${addr}`, `-replace=${addr}`);
  return [{
    description: `wipe and re-create ${seats.length} seat(s): ${seats.map((s) => s.key).join(", ")}`,
    argv: ["terraform", `-chdir=${stackDir}`, "apply", "-auto-approve", "-input=false", ...args],
  }];
}

function sharedSteps(plan: DatabasePlan, seats: readonly SeatSlot[]): ResetStep[] {
  const prefix = sitePrefix(plan.siteId);
  const docker = (server: string) => ["docker", "-H", plan.servers.find((s) => s.id === server)!.docker];
  const mongoShell = plan.images.mongodb.version !== undefined && Number(plan.images.mongodb.version.split(".")[0]) < 6 ? "mongo" : "mongosh";
  const steps: ResetStep[] = [];
  for (const s of seats) {
    const name = (svc: string) => `${prefix}-shared-${svc}`;
    steps.push(
      {
        description: `${s.key}: drop and re-create MySQL database ${s.dbName}`,
        // The root password stays inside the container (its environment); nothing secret on our side.
        argv: [...docker(s.labServer), "exec", "-i", name("mysql"), "sh", "-c", 'exec mysql -uroot -p"$MYSQL_ROOT_PASSWORD"'],
        stdin: mysqlSeatResetSql(s.dbName),
      },
      {
        description: `${s.key}: drop MongoDB database ${s.dbName}`,
        argv: [...docker(s.labServer), "exec", "-i", name("mongodb"), "sh", "-c", `exec ${mongoShell} --quiet -u admin -p "$MONGO_INITDB_ROOT_PASSWORD" --authenticationDatabase admin`],
        stdin: mongoSeatResetJs(s.dbName),
      },
      {
        description: `${s.key}: delete Redis keys ${redisPrefixPattern(s.dbName)}`,
        argv: [
          ...docker(s.labServer), "exec", name("redis"), "sh", "-c",
          // The admin password is read from the ACL file inside the container.
          'pw=$(sed -n "s/^user examlab-admin on >\\([^ ]*\\) .*/\\1/p" /usr/local/etc/redis/users.acl); ' +
            'exec redis-cli --no-auth-warning --user examlab-admin --pass "$pw" EVAL "$0" 0 "$1"',
          "local c='0' repeat local r=redis.call('SCAN',c,'MATCH',ARGV[1],'COUNT',1000) c=r[1] for _,k in ipairs(r[2]) do redis.call('DEL',k) end until c=='0' return 1",
          redisPrefixPattern(s.dbName),
        ],
      },
    );
  }
  return steps;
}
