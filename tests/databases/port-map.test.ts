import { describe, expect, it } from "vitest";
import { seatEndpoints, DB_DEFAULT_PORTS } from "../../src/databases/port-map";
import { labServerLoad } from "../../src/databases/sizing";
import { produceArtifacts } from "../../src/export/run";
import { loadSiteFile } from "../../src/model/site";
import { InputError } from "../../src/model/errors";
import { fixtureSite } from "./fixtures";
import { requireTool } from "../helpers/tools";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

describe("seatEndpoints", () => {
  it("gives every candidate seat of an intermediate room its own ports on the lab server", () => {
    const site = fixtureSite({ rooms: 2 });
    const eps = seatEndpoints(site);
    expect(eps).toHaveLength(80);
    expect(eps[0]).toEqual({
      room: "201", seat: 1, hostname: "R201-01", ipv4: "10.70.201.10", labServer: "lab1",
      services: { mysql: { host: "10.70.0.10", port: 33000 }, mongodb: { host: "10.70.0.10", port: 37000 }, redis: { host: "10.70.0.10", port: 36000 } },
    });
    for (const svc of ["mysql", "mongodb", "redis"] as const) {
      const ports = eps.map((e) => e.services[svc].port);
      expect(new Set(ports).size).toBe(80);
    }
    const all = eps.flatMap((e) => Object.values(e.services).map((s) => `${s.host}:${s.port}`));
    expect(new Set(all).size).toBe(240);
    expect(DB_DEFAULT_PORTS).toEqual({ mysql: 3306, mongodb: 27017, redis: 6379 });
  });

  it("shared mode: one port per service, a database and user per seat", () => {
    const eps = seatEndpoints(fixtureSite({ databases: { mode: "shared" } }));
    expect(eps).toHaveLength(40);
    expect(new Set(eps.map((e) => e.services.mysql.port))).toEqual(new Set([33000]));
    expect(eps[6].services.mysql).toEqual({ host: "10.70.0.10", port: 33000, database: "seat_201_07", user: "seat_201_07" });
    expect(new Set(eps.map((e) => e.services.redis.user)).size).toBe(40);
  });

  it("primary rooms get nothing; a site without a databases section gets nothing", () => {
    expect(seatEndpoints(fixtureSite({ databases: null }))).toEqual([]);
    expect(seatEndpoints(fixtureSite({ databases: { enabled: false } }))).toEqual([]);
  });

  it("all-primary site asking for databases is an input error naming site and field", () => {
    const site = fixtureSite({ level: "primary" });
    expect(() => seatEndpoints(site)).toThrow(InputError);
    expect(() => seatEndpoints(site)).toThrow(/db-fixture\.yaml: databases\.enabled: site "db-fixture": .*primary/);
  });

  it("spreads seats over lab servers by capacity (not first-until-full), with ports restarting per server", () => {
    const site = fixtureSite({ rooms: 3, labServers: [{ id: "lab1", cpus: 16, memoryGB: 32 }, { id: "lab2", cpus: 16, memoryGB: 64 }] });
    const eps = seatEndpoints(site);
    const on1 = eps.filter((e) => e.labServer === "lab1");
    const on2 = eps.filter((e) => e.labServer === "lab2");
    // 704 MB per seat, 2 GB reserve: 32 GB holds 43 seats, 64 GB 90; 120 seats split 43:90 → 39 + 81.
    expect(on1).toHaveLength(39);
    expect(on2).toHaveLength(81);
    expect(on2[0].services.mysql).toEqual({ host: "10.70.0.11", port: 33000 });
    const load = labServerLoad(site);
    expect(load.map((l) => [l.labServer, l.seats, l.containers.count, l.containers.memoryMB, l.fits.memory])).toEqual([
      ["lab1", 39, 117, 39 * 704, true],
      ["lab2", 81, 243, 81 * 704, true],
    ]);
  });
});

describe("seat-ports artifacts", () => {
  it("are exported for the demo site, listed in the manifest, without credentials", () => {
    const site = loadSiteFile("sites/demo-intermediate.yaml");
    const files = produceArtifacts(site);
    const csv = files.find((f) => f.path === "databases/seat-ports.csv")!;
    const json = files.find((f) => f.path === "databases/seat-ports.json")!;
    expect(csv && json).toBeTruthy();
    const manifest = JSON.parse(String(files.find((f) => f.path === "manifest.json")!.content));
    expect(manifest.files.map((f: { path: string }) => f.path)).toEqual(expect.arrayContaining(["databases/seat-ports.csv", "databases/seat-ports.json"]));
    const lines = String(csv.content).trim().split("\r\n");
    expect(lines).toHaveLength(1 + 76);
    expect(lines[1]).toBe("201,1,R201-01,10.20.201.10,lab1,10.20.0.10,33000,10.20.0.10,37000,10.20.0.10,36000,,");
    for (const f of [csv, json]) expect(String(f.content)).not.toMatch(/123456|password/i);
    expect(JSON.parse(String(json.content)).seats).toHaveLength(76);
    // deterministic
    expect(produceArtifacts(site).map((f) => f.content)).toEqual(files.map((f) => f.content));
  });
});

describe("offline images script", () => {
  it("is valid POSIX sh (dash -n) and saves/loads exactly the pinned images", () => {
    const dash = requireTool("dash", "dash");
    const digest = "sha256:" + "a".repeat(64);
    const site = fixtureSite({ databases: { registry: { address: "registry.example.cn:5000" }, images: { mysql: { digest } } } });
    for (const lang of ["zh", "en"] as const) {
      const script = String(produceArtifacts(site, { lang }).find((f) => f.path === "databases/offline-images.sh")!.content);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "examlab-db-sh-"));
      fs.writeFileSync(path.join(dir, "offline-images.sh"), script);
      const r = spawnSync(dash, ["-n", path.join(dir, "offline-images.sh")], { encoding: "utf8" });
      expect(r.status, r.stderr).toBe(0);
      // Run it with a fake docker on PATH: the argv docker receives is what we meant.
      // (the fake has no images: `docker image inspect` fails, so every image is pulled)
      fs.writeFileSync(path.join(dir, "docker"), '#!/bin/sh\nprintf "%s|" "$@" >> "$LOG"; echo >> "$LOG"\n[ "$1" = image ] && exit 1\nexit 0\n', { mode: 0o755 });
      const log = path.join(dir, "log");
      const run = spawnSync(dash, [path.join(dir, "offline-images.sh"), "save"], { cwd: dir, encoding: "utf8", env: { PATH: `${dir}:/usr/bin:/bin`, LOG: log } });
      expect(run.status, run.stderr).toBe(0);
      expect(fs.readFileSync(log, "utf8").trim().split("\n")).toEqual([
        `image|inspect|registry.example.cn:5000/mysql:5.7@${digest}|`,
        `pull|registry.example.cn:5000/mysql:5.7@${digest}|`,
        "image|inspect|registry.example.cn:5000/mongo:4.4|",
        "pull|registry.example.cn:5000/mongo:4.4|",
        "image|inspect|registry.example.cn:5000/redis:6.2.5|",
        "pull|registry.example.cn:5000/redis:6.2.5|",
        `save|-o|examlab-db-fixture-db-images.tar|registry.example.cn:5000/mysql:5.7@${digest}|registry.example.cn:5000/mongo:4.4|registry.example.cn:5000/redis:6.2.5|`,
      ]);
      expect(spawnSync(dash, [path.join(dir, "offline-images.sh")], { encoding: "utf8" }).status).toBe(2);
      expect(script).toContain(lang === "zh" ? "离线" : "Offline");
      fs.rmSync(dir, { recursive: true });
    }
  });
});
