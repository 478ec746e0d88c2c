#!/usr/bin/env node
// Wipes and re-creates the databases of one seat or a whole room between exam sessions, without
// touching the other seats (issue 3; manual §3.3). Per-seat mode: Terraform replaces exactly the
// seat's volumes and containers in the site's synthesized stack (run `cdktf synth` / `node
// dist/main.js` first, and keep the Terraform state of the last deploy). Shared mode: the seat's
// MySQL/MongoDB databases and Redis keys are dropped inside the shared containers (docker -H).
//
// Usage: node scripts/reset-seats.mjs <site-file> --room 201 [--seat 7] [--stack-dir cdktf.out/stacks/<id>] [--dry-run]
import { $, argv, echo, fs, path } from "zx";
import { createRequire } from "node:module";

const root = path.resolve(new URL("..", import.meta.url).pathname);
const usage = "usage: node scripts/reset-seats.mjs <site-file> --room <room-id> [--seat <n>] [--stack-dir <dir>] [--dry-run]";
const [siteFile] = argv._;
if (!siteFile || argv.room === undefined) {
  echo(usage);
  process.exit(2);
}
const seat = argv.seat === undefined ? undefined : Number(argv.seat);
if (seat !== undefined && !(Number.isInteger(seat) && seat > 0)) {
  echo(`--seat: expected a seat number, got "${argv.seat}"`);
  process.exit(2);
}

// The core (site loader, seat map, reset steps) is TypeScript: bundle it on the fly with esbuild.
const require = createRequire(import.meta.url);
const esbuild = require("esbuild");
const out = esbuild.buildSync({
  stdin: { contents: 'export { loadSiteSource } from "./src/model/sources"; export { resetSteps } from "./src/databases/reset"; export { InputError, formatProblem } from "./src/model/errors";', resolveDir: root, loader: "ts" },
  bundle: true, platform: "node", format: "cjs", write: false, packages: "external", logLevel: "silent", target: "node20",
});
const mod = { exports: {} };
new Function("module", "exports", "require", out.outputFiles[0].text)(mod, mod.exports, require);
const { loadSiteSource, resetSteps, InputError, formatProblem } = mod.exports;

let steps;
try {
  const site = loadSiteSource(siteFile);
  const stackDir = argv["stack-dir"] ?? path.join(root, "cdktf.out", "stacks", site.spec.id);
  steps = resetSteps(site, { room: String(argv.room), seat }, { stackDir });
  if (!argv["dry-run"] && steps.some((s) => s.argv[0] === "terraform") && !fs.existsSync(path.join(stackDir, "cdk.tf.json")))
    throw new Error(`${stackDir}/cdk.tf.json not found: synthesize first (npx cdktf synth, or node dist/main.js)`);
} catch (e) {
  echo(e instanceof InputError ? e.problems.map((p) => formatProblem(p)).join("\n") : String(e.message ?? e));
  process.exit(2);
}

$.verbose = false;
for (const step of steps) {
  echo(`# ${step.description}`);
  // argv arrays are quoted by zx; site data never becomes shell text on this side.
  echo(step.argv.map((a) => $.quote(a)).join(" ") + (step.stdin ? `  <<'EOF'\n${step.stdin}EOF` : ""));
  if (argv["dry-run"]) continue;
  const p = $({ input: step.stdin ?? "", stdio: ["pipe", "inherit", "inherit"] })`${step.argv}`;
  await p;
}
if (argv["dry-run"]) echo(`# dry run: ${steps.length} step(s) printed, nothing executed`);
