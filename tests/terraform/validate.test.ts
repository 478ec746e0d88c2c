import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildApp } from "../../stacks/app";
import { loadSiteFile, siteFromObject, type Site } from "../../src/model/site";
import demoPrimary from "../../sites/demo-primary";
import { fixtureSite } from "../databases/fixtures";
import { setupOfflineTerraform, type OfflineTerraform } from "./offline-terraform";

/**
 * Issue 11 item 8: real `terraform init` + `terraform validate` of every synthesized stack of every
 * bundled and test site, offline, against the docker/random schemas derived from the cdktf bindings
 * (provider-schema.ts), served by a stand-in provider plugin (stub-provider.cjs) from a filesystem
 * mirror, inside `unshare -n`.
 */
const SITES: Site[] = [
  loadSiteFile("sites/demo-intermediate.yaml"),
  siteFromObject(demoPrimary, "sites/demo-primary.ts"),
  fixtureSite({ id: "tf-per-seat" }),
  fixtureSite({ id: "tf-advanced", level: "advanced", rooms: 2 }),
  fixtureSite({ id: "tf-shared", rooms: 2, databases: { mode: "shared" } }),
  fixtureSite({ id: "tf-two-servers", rooms: 3, labServers: [{ id: "lab-a", cpus: 16, memoryGB: 48 }, { id: "lab-b", cpus: 16, memoryGB: 64, docker: "ssh://ops@10.70.0.11:22" }] }),
  fixtureSite({ id: "tf-registry", rooms: 2, databases: { mode: "shared", registry: { address: "registry.example.cn:5000", namespace: "library", username: "ci" } } }),
  fixtureSite({ id: "tf-registry-file", databases: { registry: { address: "registry.example.cn:5000", configFile: "/root/.docker/config.json" } } }),
  fixtureSite({ id: "tf-mongo6", databases: { pymongo: "4.2.0", images: { mongodb: { tag: "6.0" } } } }),
  fixtureSite({ id: "tf-primary", level: "primary", databases: null }),
];

let tf: OfflineTerraform;
let outdir: string;
const stackDir = (id: string) => path.join(outdir, "stacks", id);

beforeAll(() => {
  outdir = fs.mkdtempSync(path.join(os.tmpdir(), "examlab-tf-synth-"));
  // The fixture sites are incomplete exam sites (no proctors, cameras…): compliance ERROR annotations
  // must not stop the synth here, exactly as under `cdktf synth` (which sets this variable).
  const before = process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
  process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = "true";
  try {
    buildApp(SITES, outdir).synth();
  } finally {
    if (before === undefined) delete process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
    else process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = before;
  }
  tf = setupOfflineTerraform();
});
afterAll(() => {
  tf?.cleanup();
  if (outdir) fs.rmSync(outdir, { recursive: true, force: true });
});

describe("terraform validate, offline, every stack", () => {
  it.each(SITES.map((s) => s.spec.id))("%s", (id) => {
    const r = tf.validate(stackDir(id));
    expect(r.init.status, r.init.output).toBe(0);
    expect(r.diagnostics.filter((d) => d.severity === "error"), r.raw).toEqual([]);
    expect(r.valid).toBe(true);
  });

  it("the stand-in provider really answered (schema and resource validation over gRPC)", () => {
    const log = fs.readFileSync(tf.env.STUB_PROVIDER_LOG!, "utf8");
    expect(log).toMatch(/^docker: GetProviderSchema$/m);
    expect(log).toMatch(/^docker: ValidateResourceConfig docker_container$/m);
    expect(log).toMatch(/^random: ValidateResourceConfig random_password$/m);
  });
});

describe("it catches deliberate mutations (escape hatches, hand edits)", () => {
  const container = (json: any) => {
    const [name, c] = Object.entries(json.resource.docker_container as Record<string, any>).find(([, v]) => v.for_each)!;
    return { name, c };
  };
  const cases: [string, (json: any) => void, RegExp][] = [
    ["unknown argument", (j) => (container(j).c.memroy = 512), /No argument or block type is named "memroy"/],
    ["wrong type", (j) => (container(j).c.memory = "a lot"), /Inappropriate value for attribute "memory": a number is required/],
    ["missing required argument", (j) => delete container(j).c.image, /The argument "image" is required/],
    ["wrong block shape", (j) => (container(j).c.healthcheck = "CMD true"), /representing the contents of one or more "healthcheck" blocks/],
    [
      "each.key missing in a reference",
      (j) => {
        const c = container(j).c;
        c.volumes = c.volumes.map((v: any) => ({ ...v, volume_name: String(v.volume_name).replace("[each.key]", "") }));
      },
      /Missing resource instance key/,
    ],
    ["unknown resource attribute in a reference", (j) => (container(j).c.hostname = "${docker_image.db_image_mysql_lab1.image_idd}"), /Unsupported attribute/],
  ];
  it.each(cases)("%s", (_name, mutate, message) => {
    const r = tf.validate(stackDir("demo-intermediate"), mutate);
    expect(r.init.status).toBe(0);
    expect(r.valid).toBe(false);
    const text = r.diagnostics.map((d) => `${d.summary}: ${d.detail}`).join("\n");
    expect(text).toMatch(message);
  });

  it("random_password: an unknown argument on the shared-mode stack is refused too", () => {
    const r = tf.validate(stackDir("tf-shared"), (j) => {
      const [first] = Object.values(j.resource.random_password as Record<string, any>);
      first.lenght = 16;
    });
    expect(r.valid).toBe(false);
    expect(r.diagnostics.map((d) => d.detail).join("\n")).toMatch(/No argument or block type is named "lenght"/);
  });
});
