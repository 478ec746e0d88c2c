#!/usr/bin/env node
"use strict";
// The CLI is precompiled into dist/ by `npm run build` (run automatically by `npm ci`).
// Start-up (issue 14): dist/cli.js is 3 MB; V8 compiling it costs ~150 ms of every command. The
// build stores V8's code cache next to it (dist/cli.js.cache, see bin/code-cache.js); it is
// used only when its recorded SHA-1 matches dist/cli.js, and V8 itself refuses a cache of another
// Node version or flags, in which case the file is compiled as usual.
const { loadWithCodeCache } = require("./code-cache.js");
let cli;
try {
  cli = loadWithCodeCache(require("node:path").join(__dirname, "../dist/cli.js"));
} catch (e) {
  if (e && e.code === "MODULE_NOT_FOUND" && String(e.message).includes("dist/cli.js")) {
    process.stderr.write("examlab: dist/cli.js is missing; run `npm run build` first\n");
    process.exit(2);
  }
  throw e;
}
cli.runCli(process.argv.slice(2)).then((code) => { process.exitCode = code; });
