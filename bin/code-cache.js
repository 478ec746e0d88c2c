"use strict";
// Loads a CommonJS bundle with V8's code cache (issue 14: compiling dist/cli.js is ~150 ms of
// every command's start-up). Node 20 has no built-in compile cache (module.enableCompileCache
// is Node ≥ 22.1), so this does what it does for one file:
//   <file>.cache = 40 hex characters (SHA-1 of the bundle's bytes it was made from) + V8's cached data.
// A cache for other bytes is never used (V8 checks only the source length); a cache V8 refuses
// (other Node version or flags) costs nothing but the normal compile. Same module semantics as
// require(): own module object, require relative to the file, __filename and __dirname.
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");
const crypto = require("node:crypto");
const Module = require("node:module");
const { isAscii } = require("node:buffer");

function compile(file, source, cachedData) {
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(path.dirname(file));
  script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
  mod.loaded = true;
  require.cache[file] = mod;
  return { exports: mod.exports, script };
}

const digest = (bytes) => crypto.createHash("sha1").update(bytes).digest("hex");

/**
 * A file's bytes as source text. Node 20 decodes UTF-8 at ~90 MB/s (~40 ms for the 3.4 MB
 * bundle, at every start); scripts/build.mjs writes the bundles in ASCII only, and ASCII bytes
 * read as Latin-1 are the same text, which Node hands over without decoding (an external string).
 */
function sourceText(bytes) {
  return isAscii(bytes) ? bytes.toString("latin1") : bytes.toString("utf8");
}

function loadWithCodeCache(file) {
  let bytes;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    if (e && e.code === "ENOENT") return require(file); // the caller words MODULE_NOT_FOUND
    throw e;
  }
  let cached;
  try {
    const cache = fs.readFileSync(`${file}.cache`);
    if (cache.subarray(0, 40).toString("latin1") === digest(bytes)) cached = cache.subarray(40);
  } catch {
    // no cache: compile as usual
  }
  return compile(file, sourceText(bytes), cached).exports;
}

/** Writes <file>.cache after loading the bundle once (scripts/build.mjs runs this in a child). */
function writeCodeCache(file) {
  const bytes = fs.readFileSync(file);
  const { script } = compile(file, sourceText(bytes), undefined);
  fs.writeFileSync(`${file}.cache`, Buffer.concat([Buffer.from(digest(bytes), "latin1"), script.createCachedData()]));
}

module.exports = { loadWithCodeCache, writeCodeCache };
