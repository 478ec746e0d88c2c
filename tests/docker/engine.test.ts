import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { produceArtifacts } from "../../src/export/run";
import { resolveDatabases } from "../../src/databases/plan";
import { buildLocalImage, startDockerd, type Dockerd } from "../helpers/dockerd";
import { fixtureSite } from "../databases/fixtures";

/**
 * Issue 11 item 9, with Debian's Docker engine (private daemons, tests/helpers/dockerd.ts) and
 * images built from Debian packages (nothing is pulled): databases/offline-images.sh `save` on one
 * engine and `load` on another gives the same image IDs. (Health checks and memory limits:
 * db-health-memory.test.ts.)
 * The images stand in for the official ones under the same references (mysql:5.7 → MariaDB from
 * Debian, redis:6.2.5 → Debian's redis, mongo:4.4 → a plain Debian base: no MongoDB in Debian).
 * What the official images do differently is in the README (Databases → "Docker engine").
 */
const site = fixtureSite({ id: "i11-eng", seatsPerRoom: 2 });
const plan = resolveDatabases(site)!;
const REFS = { mysql: plan.images.mysql.ref, mongodb: plan.images.mongodb.ref, redis: plan.images.redis.ref };

let a: Dockerd;
let b: Dockerd;
let work: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "examlab-i11-eng-"));
  [a, b] = await Promise.all([startDockerd("i11ea"), startDockerd("i11eb")]);
  const built = {
    mysql: await buildLocalImage(a, "examlab-test/i11-mariadb", ["mariadb-server", "mariadb-client"]),
    redis: await buildLocalImage(a, "examlab-test/i11-redis", ["redis-server", "redis-tools"]),
    mongodb: await buildLocalImage(a, "examlab-test/i11-mongo-standin", []),
  };
  for (const [svc, img] of Object.entries(built)) {
    await a.docker(["tag", img, REFS[svc as keyof typeof REFS]]);
    ids[svc] = (await a.docker(["image", "inspect", "-f", "{{.Id}}", REFS[svc as keyof typeof REFS]])).trim();
  }
}, 1_800_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

const sh = (script: string, args: string[], host: string) =>
  spawnSync("sh", [script, ...args], { cwd: work, encoding: "utf8", env: { ...process.env, PATH: `/usr/bin:${process.env.PATH}`, DOCKER_HOST: host } });

describe("offline-images.sh round trip between two engines", () => {
  it("save on the connected engine, load on the offline one: same references, same image IDs, nothing pulled", async () => {
    const script = path.join(work, "offline-images.sh");
    fs.writeFileSync(script, String(produceArtifacts(site, { lang: "en" }).find((f) => f.path === "databases/offline-images.sh")!.content));
    const save = sh(script, ["save"], a.host);
    expect(save.status, save.stderr).toBe(0);
    expect(save.stdout + save.stderr).not.toMatch(/Pulling|pull access denied/i); // all present locally: no pull
    const tar = path.join(work, `examlab-${site.spec.id}-db-images.tar`);
    expect(fs.statSync(tar).size).toBeGreaterThan(1_000_000);
    for (const ref of Object.values(REFS)) expect((await b.dockerResult(["image", "inspect", ref])).code).not.toBe(0);
    const load = sh(script, ["load"], b.host);
    expect(load.status, load.stderr).toBe(0);
    for (const [svc, ref] of Object.entries(REFS)) expect((await b.docker(["image", "inspect", "-f", "{{.Id}}", ref])).trim()).toBe(ids[svc]);
  }, 600_000);
});
