/**
 * A stand-in for the `mongo` shell binary in the wrapper test (mongo-seats.test.ts), bundled with
 * esbuild and put on PATH. It answers only while the private server (fake) is up, as a real shell
 * gets "connection refused" otherwise, and runs a script file against the in-memory model whose
 * state lives in $STUB_DIR/volume.json (the data volume).
 * Accepted forms (what the generated command uses, like the image's entrypoint):
 *   mongo --host 127.0.0.1 --port 27099 --quiet admin --eval 'quit(0)'
 *   mongo --host 127.0.0.1 --port 27099 --quiet admin /path/file.js
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { MongoModel, runShellScript, type ModelState } from "./mongo-shell-model";

const dir = process.env.STUB_DIR!;
const events = (line: string) => fs.appendFileSync(path.join(dir, "events.log"), line + "\n");
const args = process.argv.slice(2);
const prefix = ["--host", "127.0.0.1", "--port", "27099", "--quiet", "admin"];
if (args.length !== prefix.length + 1 && args.length !== prefix.length + 2) fail(`unexpected arguments ${JSON.stringify(args)}`, 2);
if (prefix.some((p, i) => args[i] !== p)) fail(`unexpected arguments ${JSON.stringify(args)}`, 2);
const rest = args.slice(prefix.length);
const server = fs.existsSync(path.join(dir, "server")) ? fs.readFileSync(path.join(dir, "server"), "utf8") : "";
if (server !== "private") fail("connect ECONNREFUSED 127.0.0.1:27099", 1);
if (rest[0] === "--eval") {
  if (rest[1] !== "quit(0)") fail(`unexpected --eval ${rest[1]}`, 2);
  process.exit(0);
}
if (!rest[0].endsWith(".js")) fail("the legacy shell treats an argument not ending in .js as a database address", 2);
const volume = path.join(dir, "volume.json");
const model = fs.existsSync(volume) ? MongoModel.from(JSON.parse(fs.readFileSync(volume, "utf8")) as ModelState) : new MongoModel();
try {
  runShellScript(model, fs.readFileSync(rest[0], "utf8"));
} catch (e) {
  events("script failed");
  fail(`uncaught exception: ${(e as Error).message}\nfailed to load: ${rest[0]}`, 252);
}
fs.writeFileSync(volume, JSON.stringify(model.state()));
events("script applied");

function fail(message: string, code: number): never {
  process.stderr.write(message + "\n");
  process.exit(code);
}
