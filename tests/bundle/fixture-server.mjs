// The tests' "internet" (issue 13): a small HTTP server run INSIDE a network namespace the test
// creates, so nothing can leave the machine. Usage: node fixture-server.mjs <routes.json> <log>
// routes.json: { port, routes: { "/path": { file | text | json, behaviour? } }, fallback? }
//   behaviour "disconnect-once": the first GET sends the full Content-Length but only half the
//     bytes, then drops the connection (later GETs honour Range);
//   behaviour "fail-twice": the first two GETs answer 503.
//   fallback "fake": any other path answers "fake content of <path>" (wrong for every published hash).
// Every request is appended to <log> as one JSON line {method, path, range, status}.
import { createServer } from "node:http";
import { appendFileSync, readFileSync } from "node:fs";

const [routesFile, logFile] = process.argv.slice(2);
const cfg = JSON.parse(readFileSync(routesFile, "utf8"));
const hits = new Map();

function body(route) {
  if (route.file) return readFileSync(route.file);
  if (route.json) return Buffer.from(JSON.stringify(route.json));
  return Buffer.from(route.text ?? "");
}

const server = createServer((req, res) => {
  const url = new URL(req.url, "http://x");
  const p = decodeURIComponent(url.pathname);
  // Behaviours count GETs only (the bundle probes sizes with HEAD first).
  const n = (hits.get(p) ?? 0) + (req.method === "GET" ? 1 : 0);
  hits.set(p, n);
  const log = (status) => appendFileSync(logFile, JSON.stringify({ method: req.method, path: p, range: req.headers.range ?? null, status, n }) + "\n");
  let route = cfg.routes[p];
  if (!route && cfg.fallback === "fake") route = { text: `fake content of ${p}\n` };
  if (!route) { log(404); res.writeHead(404).end("not found\n"); return; }
  if (route.behaviour === "fail-twice" && n <= 2 && req.method === "GET") { log(503); res.writeHead(503).end("busy\n"); return; }
  const data = body(route);
  const type = route.json ? "application/json" : "application/octet-stream";
  if (req.method === "HEAD") { log(200); res.writeHead(200, { "content-length": data.length, "content-type": type, "accept-ranges": "bytes" }).end(); return; }
  const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? "");
  if (m) {
    const start = Number(m[1]);
    if (start >= data.length) { log(416); res.writeHead(416, { "content-range": `bytes */${data.length}` }).end(); return; }
    log(206);
    res.writeHead(206, { "content-length": data.length - start, "content-range": `bytes ${start}-${data.length - 1}/${data.length}`, "content-type": type });
    res.end(data.subarray(start));
    return;
  }
  if (route.behaviour === "disconnect-once" && n === 1) {
    log(200);
    res.writeHead(200, { "content-length": data.length, "content-type": type, "accept-ranges": "bytes" });
    res.write(data.subarray(0, Math.floor(data.length / 2)), () => setTimeout(() => res.socket.destroy(), 50));
    return;
  }
  log(200);
  res.writeHead(200, { "content-length": data.length, "content-type": type, "accept-ranges": "bytes" }).end(data);
});
server.listen(cfg.port, "127.0.0.1", () => process.stdout.write("ready\n"));
