import { createRequire } from "node:module";

/**
 * Start-up (issue 14): `require("cdktf")` loads every part of cdktf, including `archiver` (zip
 * support for TerraformAsset directories, ~60–130 ms) which examlab never uses. This module,
 * imported first by stacks/main.ts, puts a stand-in for archiver in the require cache: cdktf
 * gets a function that loads the real archiver the first time it is called or inspected.
 * Behaviour is unchanged; only the loading moves to first use.
 */
function deferModule(request: string, fromPackage: string): void {
  const fromFile = createRequire(__filename).resolve(`${fromPackage}/package.json`);
  const req = createRequire(fromFile);
  let file: string;
  try {
    file = req.resolve(request);
  } catch {
    return; // not installed where cdktf looks: nothing to defer
  }
  const cache = require.cache;
  if (cache[file]) return;
  let real: unknown;
  const load = (): ((...a: unknown[]) => unknown) & Record<PropertyKey, unknown> => {
    if (real === undefined) {
      delete cache[file];
      real = req(request);
    }
    return real as never;
  };
  // Calls go through the apply trap; the target only gives the stand-in a function's shape.
  const stub = new Proxy(function deferred() {}, {
    get: (_t, p) => load()[p],
    has: (_t, p) => p in load(),
    apply: (_t, self, args) => Reflect.apply(load(), self, args),
  });
  const Module = require("node:module") as { new (id: string): NodeJS.Module };
  const m = new Module(file);
  m.filename = file;
  m.loaded = true;
  m.exports = stub;
  cache[file] = m;
}

deferModule("archiver", "cdktf");
