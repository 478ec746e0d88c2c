#!/usr/bin/env node
"use strict";
// The CLI is precompiled into dist/ by `npm run build` (run automatically by `npm ci`).
let cli;
try {
  cli = require("../dist/cli.js");
} catch (e) {
  if (e && e.code === "MODULE_NOT_FOUND" && String(e.message).includes("dist/cli.js")) {
    process.stderr.write("examlab: dist/cli.js is missing; run `npm run build` first\n");
    process.exit(2);
  }
  throw e;
}
cli.runCli(process.argv.slice(2)).then((code) => { process.exitCode = code; });
