#!/usr/bin/env node
// Schema-only stand-in Terraform provider (test infrastructure, not product code).
//
// Terraform starts a provider as a hashicorp/go-plugin child process: it sets the magic cookie,
// the child serves gRPC on a unix socket and prints one handshake line
//   CORE-PROTOCOL-VERSION|APP-PROTOCOL-VERSION|NETWORK|ADDRESS|PROTOCOL
// on stdout (go-plugin docs/internals.md "Handshake"). This one speaks plugin protocol 6 and answers
// the RPCs `terraform validate` makes with the schema given as argv[2] (built by provider-schema.ts
// from the cdktf bindings). Terraform itself then checks the configuration against that schema:
// unknown arguments, types, required arguments, block shapes, references. Provider-side validators
// (enums, conflicts) are not reproduced: every Validate*Config answers "no diagnostics".
"use strict";
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const grpc = require("@grpc/grpc-js");
const protoLoader = require("@grpc/proto-loader");

const MAGIC_COOKIE_KEY = "TF_PLUGIN_MAGIC_COOKIE";
const MAGIC_COOKIE_VALUE = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";

if (process.env[MAGIC_COOKIE_KEY] !== MAGIC_COOKIE_VALUE) {
  process.stderr.write("This binary is a Terraform provider plugin stand-in; Terraform starts it.\n");
  process.exit(1);
}
const versions = (process.env.PLUGIN_PROTOCOL_VERSIONS || "6").split(",");
if (!versions.includes("6")) {
  process.stderr.write(`stand-in provider speaks protocol 6 only; Terraform offered ${versions.join(",")}\n`);
  process.exit(1);
}

const schema = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const load = (file, pkg) =>
  grpc.loadPackageDefinition(protoLoader.loadSync(path.join(__dirname, "proto", file), { keepCase: true, longs: Number, enums: String, defaults: true }));
const tf = load("tfplugin6-validate.proto").tfplugin6;
const gp = load("go-plugin.proto").plugin;
const health = load("health.proto").grpc.health.v1;

const typeBytes = (t) => Buffer.from(JSON.stringify(t));
function block(b) {
  return {
    version: 0,
    attributes: b.attributes.map((a) => ({ name: a.name, type: typeBytes(a.type), required: a.required, optional: a.optional, computed: a.computed, sensitive: false })),
    block_types: b.blockTypes.map((n) => ({ type_name: n.typeName, nesting: n.nesting, min_items: n.minItems, max_items: n.maxItems, block: block(n.block) })),
    description: "",
    description_kind: "PLAIN",
    deprecated: false,
  };
}
const asSchema = (b) => ({ version: 0, block: block(b) });
const resourceSchemas = Object.fromEntries(Object.entries(schema.resources).map(([k, v]) => [k, asSchema(v)]));
const dataSchemas = Object.fromEntries(Object.entries(schema.dataSources).map(([k, v]) => [k, asSchema(v)]));
const log = process.env.STUB_PROVIDER_LOG ? (m) => fs.appendFileSync(process.env.STUB_PROVIDER_LOG, `${schema.name}: ${m}\n`) : () => {};

const server = new grpc.Server();
const unknownType = (kind, name) => [{ severity: "ERROR", summary: `stand-in provider: unknown ${kind} type ${name}`, detail: "" }];
server.addService(tf.Provider.service, {
  GetMetadata: (_call, cb) => {
    log("GetMetadata");
    cb(null, {
      server_capabilities: { plan_destroy: true, get_provider_schema_optional: false },
      diagnostics: [],
      resources: Object.keys(resourceSchemas).map((type_name) => ({ type_name })),
      data_sources: Object.keys(dataSchemas).map((type_name) => ({ type_name })),
    });
  },
  GetProviderSchema: (_call, cb) => {
    log("GetProviderSchema");
    cb(null, { provider: asSchema(schema.provider), resource_schemas: resourceSchemas, data_source_schemas: dataSchemas, diagnostics: [], server_capabilities: { plan_destroy: true } });
  },
  ValidateProviderConfig: (_call, cb) => {
    log("ValidateProviderConfig");
    cb(null, { diagnostics: [] });
  },
  ValidateResourceConfig: (call, cb) => {
    log(`ValidateResourceConfig ${call.request.type_name}`);
    cb(null, { diagnostics: resourceSchemas[call.request.type_name] ? [] : unknownType("resource", call.request.type_name) });
  },
  ValidateDataResourceConfig: (call, cb) => {
    log(`ValidateDataResourceConfig ${call.request.type_name}`);
    cb(null, { diagnostics: dataSchemas[call.request.type_name] ? [] : unknownType("data source", call.request.type_name) });
  },
  StopProvider: (_call, cb) => cb(null, { Error: "" }),
});
server.addService(health.Health.service, { Check: (_call, cb) => cb(null, { status: "SERVING" }) });
server.addService(gp.GRPCBroker.service, { StartStream: (stream) => stream.on("end", () => stream.end()) });
server.addService(gp.GRPCStdio.service, { StreamStdio: () => {} });
server.addService(gp.GRPCController.service, {
  Shutdown: (_call, cb) => {
    cb(null, {});
    setTimeout(() => process.exit(0), 10);
  },
});

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tf-stub-"));
const sock = path.join(dir, "plugin.sock");
const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
process.on("exit", cleanup);
for (const s of ["SIGTERM", "SIGINT"]) process.on(s, () => process.exit(0));
// Terraform runs go-plugin with AutoMTLS: it passes its client certificate in PLUGIN_CLIENT_CERT
// and expects TLS from the plugin, whose certificate (DNS name "localhost") travels base64-encoded
// (no padding) as the handshake's sixth field (go-plugin mtls.go / client.go).
const certPem = fs.readFileSync(process.argv[3]);
const keyPem = fs.readFileSync(process.argv[4]);
const clientCert = process.env.PLUGIN_CLIENT_CERT ? Buffer.from(process.env.PLUGIN_CLIENT_CERT) : null;
const creds = clientCert ? grpc.ServerCredentials.createSsl(clientCert, [{ cert_chain: certPem, private_key: keyPem }], true) : grpc.ServerCredentials.createInsecure();
const certField = clientCert ? "|" + certPem.toString("utf8").replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, "").replace(/=+$/, "") : "";
server.bindAsync(`unix://${sock}`, creds, (err) => {
  if (err) {
    process.stderr.write(`stand-in provider: ${err.message}\n`);
    process.exit(1);
  }
  process.stdout.write(`1|6|unix|${sock}|grpc${certField}\n`);
});
