#!/usr/bin/env node
// The synth floor (issue 14): a bare cdktf app that builds the SAME resources as examlab for every
// stack of a reference output (read from its cdk.tf.json, with the same binding classes, construct
// paths and logical ids) and writes the same generated files (copied byte for byte from the
// reference's files/), and nothing else: no site model, no rules, no generators.
// scripts/bench-synth.mjs checks that its cdk.tf.json files equal examlab's, then times both.
// Usage: BARE_REF=<examlab cdktf.out> CDKTF_OUTDIR=<out> node scripts/bare-cdktf-app.mjs
import { createRequire } from "node:module";
import * as fs from "node:fs";
import * as path from "node:path";

const require = createRequire(new URL("../package.json", import.meta.url));
// Same switch as examlab's app (stacks/main.ts): no creation stack traces.
require("cdktf/lib/tokens/private/stack-trace").captureStackTrace = () => [];
const { App, TerraformStack, TerraformOutput, TerraformLocal, TerraformIterator, Token } = require("cdktf");
const { Construct } = require("constructs");
const CLASSES = {
  docker_network: require("@cdktf/provider-docker/lib/network").Network,
  docker_image: require("@cdktf/provider-docker/lib/image").Image,
  docker_volume: require("@cdktf/provider-docker/lib/volume").Volume,
  docker_container: require("@cdktf/provider-docker/lib/container").Container,
  random_password: require("@cdktf/provider-random/lib/password").Password,
};
const PROVIDERS = { docker: require("@cdktf/provider-docker/lib/provider").DockerProvider, random: require("@cdktf/provider-random/lib/provider").RandomProvider };
/** Attributes whose value is a map (keys stay as written). */
const MAPS = new Set(["log_opts", "options", "sysctls", "storage_opts", "keepers"]);
/** Number attributes that hold a Terraform expression in the JSON. */
const NUMBERS = new Set(["external", "internal", "memory", "memory_swap", "length"]);

const camel = (k) => k.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
function toProps(v, key) {
  if (Array.isArray(v)) return v.map((x) => toProps(x, key));
  if (v && typeof v === "object") {
    if (MAPS.has(key)) return v;
    return Object.fromEntries(Object.entries(v).filter(([k]) => k !== "//").map(([k, x]) => [camel(k), toProps(x, k)]));
  }
  if (typeof v === "string" && NUMBERS.has(key)) return Token.asNumber(v);
  return v;
}

const ref = process.env.BARE_REF;
const outdir = process.env.CDKTF_OUTDIR ?? "cdktf.out";
const only = process.env.BARE_ONLY?.split(",");
const ids = fs.readdirSync(path.join(ref, "stacks")).filter((id) => !only || only.includes(id)).sort();
const app = new App({ outdir, stackTraces: false });

for (const id of ids) {
  const dir = path.join(ref, "stacks", id);
  const tf = JSON.parse(fs.readFileSync(path.join(dir, "cdk.tf.json"), "utf8"));
  const stack = new TerraformStack(app, id);
  const scopes = new Map([[id, stack]]);
  const scopeOf = (p) => {
    const parent = p.split("/").slice(0, -1).join("/");
    if (!scopes.has(parent)) scopes.set(parent, new Construct(scopeOf(parent), parent.split("/").pop()));
    return scopes.get(parent);
  };
  const providers = new Map();
  for (const [type, list] of Object.entries(tf.provider ?? {}))
    for (const cfg of list) {
      const p = new PROVIDERS[type](scopeOf(`${id}/databases/x`), `${type}_${cfg.alias ?? "default"}`, toProps(cfg));
      providers.set(cfg.alias ? `${type}.${cfg.alias}` : type, p);
    }
  const locals = new Map();
  for (const [name, expr] of Object.entries(tf.locals ?? {})) {
    const l = new TerraformLocal(scopeOf(`${id}/databases/x`), `local_${name}`, expr);
    l.overrideLogicalId(name);
    locals.set(`\${local.${name}}`, l);
  }
  for (const [type, byName] of Object.entries(tf.resource ?? {}))
    for (const [name, cfg] of Object.entries(byName)) {
      const { provider, for_each: forEach, ...rest } = cfg;
      const props = toProps(rest);
      if (provider) props.provider = providers.get(provider);
      if (forEach) props.forEach = TerraformIterator.fromMap(locals.get(forEach)?.asAnyMap ?? Token.asAnyMap(forEach));
      const p = cfg["//"].metadata.path;
      const r = new CLASSES[type](scopeOf(p), p.split("/").pop(), props);
      r.overrideLogicalId(name);
    }
  for (const [name, o] of Object.entries(tf.output ?? {})) new TerraformOutput(stack, name, { staticId: true, ...o });
  for (const [name, v] of Object.entries(tf.variable ?? {})) stack.node.tryFindChild(name) ?? new (require("cdktf").TerraformVariable)(stack, name, v);

  // The same generated files, byte for byte, next to cdk.tf.json.
  const inner = stack.synthesizer;
  stack.synthesizer = {
    synthesize(session) {
      inner.synthesize(session);
      const from = path.join(dir, "files");
      const to = path.join(session.outdir, session.manifest.forStack(stack).workingDirectory, "files");
      fs.rmSync(to, { recursive: true, force: true });
      for (const e of fs.readdirSync(from, { recursive: true, withFileTypes: true })) {
        if (!e.isFile()) continue;
        const rel = path.relative(from, path.join(e.parentPath, e.name));
        fs.mkdirSync(path.dirname(path.join(to, rel)), { recursive: true });
        fs.writeFileSync(path.join(to, rel), fs.readFileSync(path.join(from, rel)));
      }
    },
  };
}
app.synth();
