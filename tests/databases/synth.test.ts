import { describe, expect, it } from "vitest";
import { Testing, TerraformStack } from "cdktf";
import { Container } from "@cdktf/provider-docker/lib/container";
import { Image } from "@cdktf/provider-docker/lib/image";
import { Network } from "@cdktf/provider-docker/lib/network";
import { DockerProvider } from "@cdktf/provider-docker/lib/provider";
import { Password } from "@cdktf/provider-random/lib/password";
import fc from "fast-check";
import * as fs from "node:fs";
import * as path from "node:path";
import { attachDatabases } from "../../stacks/databases/databases";
import { SiteStack } from "../../stacks/site-stack";
import { loadSiteFile } from "../../src/model/site";
import { InputError } from "../../src/model/errors";
import { dbIdentifier, seatKey, SAFE_IDENTIFIER } from "../../src/databases/names";
import { databasesProducer } from "../../src/databases/artifacts";
import { resetSteps } from "../../src/databases/reset";
import type { Site } from "../../src/model/site";
import { fixtureSite, type FixtureOptions } from "./fixtures";

type Json = Record<string, any>;

interface Synthed { json: Json; text: string; stack: TerraformStack; files: Map<string, string> }

function synthSite(site: Site): Synthed {
  const app = Testing.app();
  const stack = new TerraformStack(app, site.spec.id);
  attachDatabases(stack, site);
  const text = Testing.synth(stack);
  // The files the stack's files/ folder gets from the databases producer (the for_each maps live there).
  let files = new Map<string, string>();
  try {
    files = new Map(databasesProducer.produce({ site, options: {}, produced: [] }).map((a) => [a.path, String(a.content)]));
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
  }
  return { json: JSON.parse(text), text, stack, files };
}

function synth(o: FixtureOptions) {
  return synthSite(fixtureSite(o));
}

function errorsOf(stack: TerraformStack): string[] {
  return stack.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === "@cdktf/error").map((m) => String(m.data)));
}

/** Entries a for_each resource expands to: the local it iterates over, read from its JSON file under files/. */
function entries(s: Synthed, resource: Json): Record<string, Json> {
  const m = /^\$\{local\.([a-z0-9_]+)\}$/.exec(resource.for_each);
  expect(m, `for_each ${resource.for_each}`).not.toBeNull();
  const f = /^\$\{jsondecode\(file\("\$\{path\.module\}\/files\/([a-z0-9/._-]+)"\)\)\}$/.exec(s.json.locals[m![1]]);
  expect(f, `local ${m![1]} = ${s.json.locals[m![1]]}`).not.toBeNull();
  const text = s.files.get(f![1]);
  expect(text, `files/${f![1]}`).toBeDefined();
  return JSON.parse(text!);
}

function allStrings(v: unknown, out: string[] = []): string[] {
  if (typeof v === "string") out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => allStrings(x, out));
  else if (v && typeof v === "object") Object.values(v).forEach((x) => allStrings(x, out));
  return out;
}

const SERVICES = ["mysql", "mongodb", "redis"] as const;

describe("database stack per level and mode", () => {
  it("primary: no database resources without a request; an error naming site and field with one", () => {
    const none = synth({ level: "primary", databases: null });
    expect(none.json.resource).toBeUndefined();
    const asked = synth({ level: "primary", id: "prim-site" });
    expect(asked.json.resource).toBeUndefined();
    expect(errorsOf(asked.stack)).toEqual([expect.stringMatching(/^prim-site\.yaml: databases\.enabled: site "prim-site": databases are requested but no room holds an intermediate or advanced exam/)]);
  });

  for (const level of ["intermediate", "advanced"] as const) {
    it(`${level}, per-seat: one container per service with for_each over 40 seats, unique ports, labels, limits`, () => {
      const synthed = synth({ level });
      const { json, text } = synthed;
      expect(text).toHaveResourceWithProperties(Container, { name: "examlab-db-fixture-${each.key}-mysql", memory: 256, memory_swap: 256, cpus: "0.5", restart: "unless-stopped", env: ["MYSQL_ROOT_PASSWORD=123456"] });
      expect(text).toHaveResourceWithProperties(Container, { name: "examlab-db-fixture-${each.key}-redis", command: expect.arrayContaining(["--maxmemory", "39mb", "--maxclients", "20", "--proto-max-bulk-len", "4mb"]) });
      expect(text).toHaveResourceWithProperties(Container, { command: ["mongod", "--bind_ip_all", "--wiredTigerCacheSizeGB", "0.25"], healthcheck: expect.objectContaining({ test: ["CMD", "mongo", "--quiet", "--eval", "db.adminCommand('ping').ok"] }) });
      expect(text).toHaveResourceWithProperties(Container, { command: expect.arrayContaining(["--performance-schema=OFF", "--innodb-buffer-pool-size=32M"]) });
      expect(text).toHaveResourceWithProperties(Image, { name: "mysql:5.7", keep_locally: true });
      expect(text).toHaveResourceWithProperties(Image, { name: "mongo:4.4" });
      expect(text).toHaveResourceWithProperties(Image, { name: "redis:6.2.5" });
      expect(text).toHaveResourceWithProperties(Network, { options: { "com.docker.network.bridge.enable_icc": "false" } });
      expect(text).toHaveProviderWithProperties(DockerProvider, { alias: "lab_lab1", host: "unix:///var/run/docker.sock" });
      expect(text).not.toHaveResource(Password);

      const containers = json.resource.docker_container;
      // plus the lab-server firewall loader (issue 11 item 7, tests/databases/lab-firewall-deploy.test.ts)
      expect(Object.keys(containers).sort()).toEqual(["db_firewall_lab1", "db_mongodb_lab1", "db_mysql_lab1", "db_redis_lab1"]);
      expect(Object.keys(json.resource.docker_volume).sort()).toEqual(["db_volume_mongodb_lab1", "db_volume_mysql_lab1", "db_volume_redis_lab1"]);
      const ports: number[] = [];
      let memoryMB = 0;
      for (const svc of SERVICES) {
        const c = containers[`db_${svc}_lab1`];
        const seats = entries(synthed, c);
        expect(Object.keys(seats)).toHaveLength(40);
        expect(seats["r201-s07"]).toEqual({ room: "201", seat: "7", level, mysql_port: 33006, mongodb_port: 37006, redis_port: 36006 });
        expect(c.ports).toEqual([{ internal: { mysql: 3306, mongodb: 27017, redis: 6379 }[svc], external: `\${each.value.${svc}_port}` }]);
        ports.push(...Object.values(seats).map((s) => s[`${svc}_port`]));
        memoryMB += c.memory * Object.keys(seats).length;
        expect(c.labels).toEqual(expect.arrayContaining([
          { label: "examlab.site", value: "db-fixture" },
          { label: "examlab.room", value: "${each.value.room}" },
          { label: "examlab.seat", value: "${each.value.seat}" },
          { label: "examlab.level", value: "${each.value.level}" },
          { label: "examlab.service", value: svc },
        ]));
        expect(c.volumes).toEqual([{ volume_name: `\${docker_volume.db_volume_${svc}_lab1[each.key].name}`, container_path: { mysql: "/var/lib/mysql", mongodb: "/data/db", redis: "/data" }[svc] }]);
        expect(c.healthcheck.test.length).toBeGreaterThan(1);
        expect(c.provider).toBe("docker.lab_lab1");
      }
      expect(new Set(ports).size).toBe(120);
      expect(memoryMB).toBe(40 * (256 + 384 + 64));
      expect(memoryMB + 2048).toBeLessThanOrEqual(256 * 1024);
      expect(json.output.db_seat_map).toEqual({ description: expect.any(String), value: "${merge(local.db_seats_lab1)}" });
    });

    it(`${level}, shared: one instance per service, a random password per seat, sensitive outputs only`, () => {
      const synthed = synth({ level, rooms: 2, databases: { mode: "shared" } });
      const { json, text } = synthed;
      const containers = json.resource.docker_container;
      for (const svc of SERVICES) {
        const seats = entries(synthed, containers[`db_${svc}_lab1`]);
        expect(Object.keys(seats)).toEqual(["shared"]);
        expect(seats.shared).toMatchObject({ room: "201,202", seat: "all", level });
      }
      expect(text).toHaveResourceWithProperties(Password, { length: 16, special: false, for_each: expect.objectContaining({ "r201-s01": "seat_201_01", "r202-s40": "seat_202_40" }) });
      expect(Object.keys(json.resource.random_password).sort()).toEqual(["db_admin_mongodb_lab1", "db_admin_mysql_lab1", "db_admin_redis_lab1", "db_seat_password_lab1"]);
      const mysql = containers.db_mysql_lab1;
      expect(mysql.env).toEqual(["MYSQL_ROOT_PASSWORD=${random_password.db_admin_mysql_lab1.result}"]);
      const sql = mysql.upload[0];
      // run by --init-file at every start (issue 11 item 6), sized for 80 seats × 10 connections (item 5)
      expect(sql.file).toBe("/docker-entrypoint-initdb.d/examlab-seats.init");
      expect(mysql.command).toContain(`--init-file=${sql.file}`);
      expect(mysql.command).toContain("--max-connections=810");
      expect(sql.content).toContain("CREATE USER IF NOT EXISTS 'seat_201_07'@'%' IDENTIFIED BY '${random_password.db_seat_password_lab1[\"r201-s07\"].result}' WITH MAX_USER_CONNECTIONS 10;");
      expect(sql.content).toContain("GRANT ALL PRIVILEGES ON `seat\\_201\\_07`.* TO 'seat_201_07'@'%';");
      expect(containers.db_redis_lab1.upload[0].content).toContain('user seat_202_40 on >${random_password.db_seat_password_lab1["r202-s40"].result} resetkeys ~seat_202_40:*');
      expect(containers.db_mongodb_lab1.upload[0].content).toContain('{ db: "seat_201_01", user: "seat_201_01", pwd: "${random_password.db_seat_password_lab1["r201-s01"].result}" },');
      // 80 seats share one instance per service: sized for them, far below 80 per-seat containers.
      expect(mysql.memory).toBe(256 * 2 + 8 * 80);
      expect(json.output.db_seat_passwords).toEqual({ sensitive: true, description: expect.any(String), value: "${merge({ for k, p in random_password.db_seat_password_lab1 : k => p.result })}" });
      expect(json.output.db_admin_passwords.sensitive).toBe(true);
    });
  }

  it("no secret in plain values: every password reference sits in a sensitive output or a container setting", () => {
    for (const mode of ["per-seat", "shared"] as const) {
      const site = fixtureSite({ rooms: 2, databases: { mode, registry: { address: "registry.example.cn:5000", namespace: "library", username: "ci" } } });
      const { json } = synthSite(site);
      for (const [name, out] of Object.entries<Json>(json.output ?? {}))
        if (allStrings(out.value).some((s) => s.includes("random_password"))) expect(out.sensitive, name).toBe(true);
      // The registry password is a sensitive variable, never a literal.
      expect(json.variable.registry_password).toMatchObject({ sensitive: true, type: "string" });
      expect(json.provider.docker[0].registry_auth).toEqual([{ address: "registry.example.cn:5000", username: "ci", password: "${var.registry_password}" }]);
      expect(json.resource.docker_image.db_image_mysql_lab1.name).toBe("registry.example.cn:5000/library/mysql:5.7");
      const strings = allStrings(json.resource);
      const secretish = strings.filter((s) => /PASSWORD=|IDENTIFIED BY|pwd:|>[^ ]/.test(s));
      for (const s of secretish) {
        const literals = s.replace(/\$\{random_password\.[a-z0-9_]+(\["[a-z0-9-]+"\])?\.result\}/g, "<ref>");
        if (mode === "shared") expect(literals, s).not.toMatch(/PASSWORD=(?!<ref>)|IDENTIFIED BY '(?!<ref>)|pwd: "(?!<ref>)|on >(?!<ref>)/);
        // Per-seat mode: only the exam's published credential (root/123456) appears, by design.
        else expect(literals).toBe("MYSQL_ROOT_PASSWORD=123456");
      }
      // The exported files carry no credential at all.
      for (const a of databasesProducer.produce({ site, options: {}, produced: [] })) expect(String(a.content)).not.toMatch(/123456|random_password|password/i);
    }
  });

  it("spreads 3 rooms × 40 seats over two lab servers; ports unique per server; memory fits each", () => {
    const synthed = synth({ rooms: 3, labServers: [{ id: "lab-a", cpus: 16, memoryGB: 48 }, { id: "lab-b", cpus: 16, memoryGB: 64, docker: "ssh://ops@10.70.0.11:22" }] });
    const { json, text } = synthed;
    expect(text).toHaveProviderWithProperties(DockerProvider, { alias: "lab_lab_b", host: "ssh://ops@10.70.0.11:22", ssh_opts: ["-o", "BatchMode=yes", "-o", "ServerAliveInterval=30"] });
    const memory: Record<string, number> = {};
    let seatsTotal = 0;
    for (const server of ["lab_a", "lab_b"]) {
      const ports = new Set<number>();
      for (const svc of SERVICES) {
        const c = json.resource.docker_container[`db_${svc}_${server}`];
        expect(c.provider).toBe(`docker.lab_${server}`);
        const seats = entries(synthed, c);
        for (const s of Object.values(seats)) {
          expect(ports.has(s[`${svc}_port`])).toBe(false);
          ports.add(s[`${svc}_port`]);
        }
        memory[server] = (memory[server] ?? 0) + c.memory * Object.keys(seats).length;
        if (svc === "mysql") seatsTotal += Object.keys(seats).length;
      }
    }
    expect(seatsTotal).toBe(120);
    expect(memory.lab_a + 2048).toBeLessThanOrEqual(48 * 1024);
    expect(memory.lab_b + 2048).toBeLessThanOrEqual(64 * 1024);
  });

  it("is deterministic", () => {
    expect(synth({ rooms: 2, databases: { mode: "shared" } }).text).toBe(synth({ rooms: 2, databases: { mode: "shared" } }).text);
  });

  it("is attached to the site stack of the demo site", () => {
    const site = loadSiteFile("sites/demo-intermediate.yaml");
    const stack = new SiteStack(Testing.app(), { site });
    const json = JSON.parse(Testing.synth(stack));
    expect(json.locals.db_seats_lab1).toBe('${jsondecode(file("${path.module}/files/databases/terraform/seats-lab1.json"))}');
    const files = new Map(databasesProducer.produce({ site, options: {}, produced: [] }).map((a) => [a.path, String(a.content)]));
    expect(Object.keys(JSON.parse(files.get("databases/terraform/seats-lab1.json")!))).toHaveLength(76);
    expect(json.provider.docker[0].host).toBe("ssh://examops@10.20.0.10:22");
  });
});

describe("bad input: clear errors naming the site and the field", () => {
  const expectInputError = (fn: () => unknown, re: RegExp) => {
    try {
      fn();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).message).toMatch(re);
      return;
    }
    throw new Error("expected an InputError");
  };

  it("invalid image tag format is refused by the schema with file, line-less path and expectation", () => {
    expectInputError(() => fixtureSite({ databases: { images: { mysql: { tag: "5.7; rm -rf /" } } } }), /db-fixture\.yaml: databases\.images\.mysql\.tag: expected a Docker image tag/);
    expectInputError(() => fixtureSite({ databases: { images: { redis: { repository: "Redis:latest" } } } }), /databases\.images\.redis\.repository: expected a lower-case image repository/);
    expectInputError(() => fixtureSite({ databases: { images: { redis: { digest: "sha256:xyz" } } } }), /databases\.images\.redis\.digest: expected an image digest/);
  });

  it("MongoDB newer than pymongo 3.11 supports (§7 PYMONGO-SERVER)", () => {
    const { stack, json } = synth({ databases: { images: { mongodb: { tag: "6.0" } } } });
    expect(json.resource).toBeUndefined();
    expect(errorsOf(stack)).toEqual([expect.stringMatching(/databases\.images\.mongodb\.tag: site "db-fixture": MongoDB 6\.0 is newer than pymongo 3\.11\.4 supports \(at most 4\.4, §7 PYMONGO-SERVER\)/)]);
    // A site that upgrades pymongo may use MongoDB 6.
    expect(synth({ databases: { pymongo: "4.2.0", images: { mongodb: { tag: "6.0" } } } }).text).toHaveResourceWithProperties(Image, { name: "mongo:6.0" });
  });

  it("port collisions between services on a lab server", () => {
    const { stack } = synth({ databases: { ports: { mysql: 33000, mongodb: 33020, redis: 36000 } } });
    expect(errorsOf(stack)).toEqual([expect.stringMatching(/databases\.ports\.mongodb: site "db-fixture": port collision on lab server lab1: mysql uses 33000-33039 and mongodb uses 33020-33059/)]);
    expect(errorsOf(synth({ databases: { ports: { redis: 65500 } } }).stack)).toEqual([expect.stringMatching(/databases\.ports\.redis: .*beyond 65535/)]);
    expect(errorsOf(synth({ databases: { ports: { redis: 2360 } } }).stack)).toEqual([expect.stringMatching(/databases\.ports\.redis: .*include 2375, which docker itself uses/)]);
  });

  it("a Redis limit too small for its clients' headroom is refused (issue 11 item 9: such a container was OOM-killed)", () => {
    // per seat: 20 clients → 8 base + 2 × (4 + 4) + 1 (clients) + 8 data = 33 MB
    expect(errorsOf(synth({ databases: { limits: { redis: { memoryMB: 32 } } } }).stack)).toEqual([expect.stringMatching(/databases\.limits\.redis\.memoryMB: site "db-fixture": Redis on lab server lab1 gets 32 MB but needs at least 33 MB for 20 clients/)]);
    expect(errorsOf(synth({ databases: { limits: { redis: { memoryMB: 33 } } } }).stack)).toEqual([]);
    // shared: 40 seats → 410 clients → 13 MB of clients
    expect(errorsOf(synth({ seatsPerRoom: 40, databases: { mode: "shared", limits: { redis: { memoryMB: 44 } } } }).stack)).toEqual([expect.stringMatching(/needs at least 45 MB for 410 clients/)]);
    // the generated maxmemory never eats into that headroom: limit − maxmemory ≥ the headroom for every allowed limit
    for (const memoryMB of [33, 48, 64, 100, 1000]) {
      const { json } = synth({ databases: { limits: { redis: { memoryMB } } } });
      const cmd: string[] = json.resource.docker_container.db_redis_lab1.command;
      const maxmemory = Number(cmd[cmd.indexOf("--maxmemory") + 1].replace("mb", ""));
      expect(memoryMB - maxmemory, String(memoryMB)).toBeGreaterThanOrEqual(33 - 8);
    }
  });

  it("lab server too small for 40 seats", () => {
    const { stack } = synth({ labServers: [{ id: "tiny", cpus: 4, memoryGB: 16 }] });
    expect(errorsOf(stack)).toEqual([
      expect.stringMatching(/labServers\[0\]\.memoryGB: site "db-fixture": lab server tiny is too small: 40 seats need 29\.5 GB RAM \(704 MB per seat \+ 2 GB reserve\) but it has 16 GB/),
      expect.stringMatching(/labServers\[0\]\.cpus: site "db-fixture": lab server tiny is too small: .*CPU limits totalling 50, more than 4 CPUs × 8/),
    ]);
    // shared mode fits the same server
    expect(errorsOf(synth({ labServers: [{ id: "tiny", cpus: 4, memoryGB: 16 }], databases: { mode: "shared" } }).stack)).toEqual([]);
  });

  it("no lab server, unknown rooms and servers in the assignment", () => {
    expect(errorsOf(synth({ labServers: [] }).stack)).toEqual([expect.stringMatching(/labServers: site "db-fixture": databases need at least one lab server/)]);
    expect(errorsOf(synth({ databases: { assignment: { "999": "lab1", "201": "nope" } } }).stack)).toEqual([
      expect.stringMatching(/databases\.assignment\.201: .*lab server "nope" is not declared/),
      expect.stringMatching(/databases\.assignment\.999: .*room "999" does not exist/),
    ]);
  });

  it("credentials with characters that would need escaping are refused", () => {
    expectInputError(() => fixtureSite({ databases: { credentials: { mysql: { user: "root", password: "a'b" } } } }), /databases\.credentials\.mysql\.password: expected 1-64 printable ASCII/);
    expectInputError(() => fixtureSite({ databases: { credentials: { mysql: { user: "root", password: "${x}" } } } }), /databases\.credentials\.mysql\.password/);
  });
});

describe("hostile room and seat names", () => {
  it("room ids outside letters/digits/'-' never reach a generator", () => {
    for (const id of ["20'1", "a b", "x;rm", "$(id)", "房间", "../a", "a\nb"])
      expect(() => fixtureSite({ roomIds: [id], seatsPerRoom: 2 })).toThrow(InputError);
  });

  it("derived names are safe identifiers or refused", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.integer({ min: -5, max: 20000 }), (room, seat) => {
        let key: string, ident: string;
        try {
          key = seatKey(room, seat);
          ident = dbIdentifier(room, seat);
        } catch {
          return;
        }
        expect(key).toMatch(/^r[a-z0-9-]+-s\d{2,4}$/);
        expect(ident).toMatch(SAFE_IDENTIFIER);
      }),
      { numRuns: 500 },
    );
  });
});

describe("reset-seats steps", () => {
  it("per-seat mode: Terraform targets and replaces exactly the seat's six resources, which exist in the stack", () => {
    const site = fixtureSite({ rooms: 2 });
    const synthed = synthSite(site);
    const { json } = synthed;
    const [step] = resetSteps(site, { room: "202", seat: 5 }, { stackDir: "cdktf.out/stacks/db-fixture" });
    expect(step.argv.slice(0, 5)).toEqual(["terraform", "-chdir=cdktf.out/stacks/db-fixture", "apply", "-auto-approve", "-input=false"]);
    const replaced = step.argv.filter((a) => a.startsWith("-replace=")).map((a) => a.slice("-replace=".length));
    expect(step.argv.filter((a) => a.startsWith("-target=")).map((a) => a.slice(8))).toEqual(replaced);
    expect(replaced).toHaveLength(6);
    for (const addr of replaced) {
      const m = /^(docker_container|docker_volume)\.([a-z0-9_]+)\["(r202-s05)"\]$/.exec(addr)!;
      expect(m, addr).not.toBeNull();
      const res = json.resource[m[1]][m[2]];
      expect(entries(synthed, res)[m[3]]).toBeDefined();
    }
    const room = resetSteps(site, { room: "201" }, { stackDir: "x" });
    expect(room[0].argv.filter((a) => a.startsWith("-replace="))).toHaveLength(40 * 6);
  });

  it("refuses unknown rooms and seats without databases", () => {
    const site = fixtureSite({ rooms: 1 });
    expect(() => resetSteps(site, { room: "999" }, { stackDir: "x" })).toThrow(/room "999" has no database seats in site "db-fixture"/);
    expect(() => resetSteps(site, { room: "201", seat: 41 }, { stackDir: "x" })).toThrow(/seat 41 has no databases/);
  });
});

describe("full synth of the site stack", () => {
  it("writes each for_each map at the path cdk.tf.json reads it from", () => {
    const site = fixtureSite({ rooms: 2, labServers: [{ id: "lab-a", cpus: 16, memoryGB: 40 }, { id: "lab-b", cpus: 16, memoryGB: 64 }] });
    // The bare fixture has compliance findings (no staff, cameras…); write the stack anyway, like
    // `cdktf synth` (the stack reads this variable when it is constructed).
    process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = "true";
    let out: string;
    try {
      out = Testing.fullSynth(new SiteStack(Testing.app(), { site }));
    } finally {
      delete process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
    }
    const dir = path.join(out, "stacks", site.spec.id);
    const json = JSON.parse(fs.readFileSync(path.join(dir, "cdk.tf.json"), "utf8"));
    const keys: string[] = [];
    for (const id of ["db_seats_lab_a", "db_seats_lab_b"]) {
      const rel = /^\$\{jsondecode\(file\("\$\{path\.module\}\/(.+)"\)\)\}$/.exec(json.locals[id])![1];
      keys.push(...Object.keys(JSON.parse(fs.readFileSync(path.join(dir, rel), "utf8"))));
    }
    expect(keys).toHaveLength(80);
    expect(new Set(keys).size).toBe(80);
    // Nothing under files/ carries a credential.
    const walk = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
    for (const f of walk(path.join(dir, "files")).filter((f) => f.includes(`${path.sep}databases${path.sep}`)))
      expect(fs.readFileSync(f, "utf8"), f).not.toMatch(/123456|password/i);
  });
});

describe("MySQL 8+ and PyMySQL (§7 PYMYSQL-AUTH)", () => {
  it("forces native auth on 8.0–8.4 and warns on 9.x", () => {
    const args = (tag: string) => {
      const s = synth({ databases: { images: { mysql: { tag } } } });
      const warnings = s.stack.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data)));
      return { command: s.json.resource.docker_container.db_mysql_lab1.command as string[], warnings };
    };
    expect(args("5.7").command.filter((a) => a.includes("native"))).toEqual([]);
    expect(args("8.0.36").command).toContain("--default-authentication-plugin=mysql_native_password");
    expect(args("8.4").command).toEqual(expect.arrayContaining(["--mysql-native-password=ON", "--authentication-policy=mysql_native_password"]));
    const nine = args("9.1");
    expect(nine.command.filter((a) => a.includes("native"))).toEqual([]);
    expect(nine.warnings).toEqual([expect.stringMatching(/databases\.images\.mysql\.tag: site "db-fixture": MySQL 9\.1 only offers caching_sha2_password/)]);
    expect(errorsOf(synth({ databases: { images: { mysql: { tag: "5.6" } } } }).stack)).toEqual([expect.stringMatching(/databases\.images\.mysql\.tag: site "db-fixture": MySQL 5\.6 is older than the manual's minimum 5\.7 \(§3\.3 TOOL-MYSQL\)/)]);
  });
});
