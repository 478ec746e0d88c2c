import type { DatabasePlan, LabServerPlan, ContainerSize } from "../../src/databases/plan";
import type { DbService } from "../../src/databases/services";
import { CATALOGUE, mongoCacheGB, redisMaxMemoryMB } from "../../src/databases/catalogue";
import { mysqlNativeAuthArgs } from "../../src/databases/images";
import { mysqlSeatInitFile, mysqlServerArgs } from "../../src/databases/init-mysql";
import { MONGO_ADMIN_USER, mongoSeatInitJs, mongoServerArgs, mongoSharedCommand } from "../../src/databases/init-mongodb";
import { redisAclFile, redisMaxClients, redisServerArgs } from "../../src/databases/init-redis";
import { seatAccounts } from "../../src/databases/accounts";
import { assertNoTemplateSyntax } from "../../src/databases/escape";

/** Terraform references to the shared-mode random passwords (admin per service, one per seat). */
export interface SecretRefs {
  admin(service: DbService): string;
  seat(key: string): string;
}

export interface ContainerSpec {
  internalPort: number;
  dataPath: string;
  size: ContainerSize;
  env: string[];
  command: string[];
  healthcheck: { test: string[]; interval: string; timeout: string; retries: number; startPeriod: string };
  upload?: { file: string; content: string }[];
}

const HEALTH = { interval: "10s", timeout: "5s", retries: 5, startPeriod: "30s" };

/** Everything about one service's container that is not per-seat data. */
export function containerSpec(args: { plan: DatabasePlan; server: LabServerPlan; service: DbService; prefix: string; secrets?: SecretRefs }): ContainerSpec {
  const { plan, server, service, secrets } = args;
  const entry = CATALOGUE[service];
  const size = plan.mode === "shared" ? server.containers[service].size : plan.perSeatSize[service];
  const creds = plan.spec.credentials;
  const base = { internalPort: entry.internalPort, dataPath: entry.dataPath, size };
  const seatAccountsOf = () => seatAccounts(server.seats, (s) => ({ terraform: secrets!.seat(s.key) }));
  const check = (spec: ContainerSpec): ContainerSpec => {
    // Literal parts must not carry Terraform template syntax; only our own references may.
    for (const t of [...spec.env, ...spec.command, ...(spec.upload ?? []).map((u) => u.content)])
      assertNoTemplateSyntax(t.replace(/\$\{random_password\.[a-z0-9_]+(\["[a-z0-9-]+"\])?\.result\}/g, ""), `${service} container setting`);
    return spec;
  };

  switch (service) {
    case "mysql": {
      const authArgs = mysqlNativeAuthArgs(plan.images.mysql);
      const healthcheck = { test: ["CMD", "mysqladmin", "ping", "-h", "127.0.0.1", "--silent"], ...HEALTH };
      if (plan.mode === "shared") {
        // max_connections from the seat count; the accounts converge at every start (--init-file).
        const command = mysqlServerArgs({ authArgs, seats: server.seats.length, initFile: entry.initPath! });
        return check({ ...base, command, healthcheck, env: [`MYSQL_ROOT_PASSWORD=${secrets!.admin("mysql")}`], upload: [{ file: entry.initPath!, content: mysqlSeatInitFile(seatAccountsOf()) }] });
      }
      const command = mysqlServerArgs({ authArgs });
      // Per-seat: the exam's published credentials (manual default root/123456), one instance per seat.
      const env = creds.mysql.user === "root"
        ? [`MYSQL_ROOT_PASSWORD=${creds.mysql.password}`]
        : [`MYSQL_ROOT_PASSWORD=${creds.mysql.password}`, `MYSQL_USER=${creds.mysql.user}`, `MYSQL_PASSWORD=${creds.mysql.password}`, "MYSQL_DATABASE=exam"];
      return check({ ...base, command, healthcheck, env });
    }
    case "mongodb": {
      const command = mongoServerArgs(mongoCacheGB(size.memoryMB));
      const shell = plan.images.mongodb.version !== undefined && Number(plan.images.mongodb.version.split(".")[0]) < 6 ? "mongo" : "mongosh";
      const healthcheck = { test: ["CMD", shell, "--quiet", "--eval", "db.adminCommand('ping').ok"], ...HEALTH };
      if (plan.mode === "shared") {
        // The accounts converge before every start (issue 11 item 6): see mongoSharedCommand.
        const admin = { terraform: secrets!.admin("mongodb") };
        const env = [`MONGO_INITDB_ROOT_USERNAME=${MONGO_ADMIN_USER}`, `MONGO_INITDB_ROOT_PASSWORD=${admin.terraform}`];
        return check({ ...base, command: mongoSharedCommand(command), healthcheck, env, upload: [{ file: entry.initPath!, content: mongoSeatInitJs(seatAccountsOf(), admin) }] });
      }
      const env = creds.mongodb ? [`MONGO_INITDB_ROOT_USERNAME=${creds.mongodb.user}`, `MONGO_INITDB_ROOT_PASSWORD=${creds.mongodb.password}`] : [];
      return check({ ...base, command, healthcheck, env });
    }
    case "redis": {
      // per-seat: one seat's clients; shared: every seat's (sized like MySQL's connections)
      const maxClients = redisMaxClients(plan.mode === "shared" ? server.seats.length : 1);
      const maxMemoryMB = redisMaxMemoryMB(size.memoryMB, maxClients);
      // NOAUTH also proves the server answers (shared mode turns the default user off).
      const healthcheck = { test: ["CMD-SHELL", "redis-cli -p 6379 ping | grep -qE 'PONG|NOAUTH'"], ...HEALTH };
      if (plan.mode === "shared") {
        const aclFile = "/usr/local/etc/redis/users.acl";
        return check({ ...base, healthcheck, env: [], command: redisServerArgs({ maxMemoryMB, maxClients, aclFile }), upload: [{ file: aclFile, content: redisAclFile(seatAccountsOf(), { terraform: secrets!.admin("redis") }) }] });
      }
      return check({ ...base, healthcheck, env: [], command: redisServerArgs({ maxMemoryMB, maxClients, password: creds.redis?.password }) });
    }
  }
}
