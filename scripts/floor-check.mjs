#!/usr/bin/env node
// The `examlab check` floor (issue 14): the least a checker of the same inputs must do, with the
// same libraries: read and parse every site file (js-yaml, YAML 1.2 core schema), read and parse
// the CSV inventory (csv-parse, same options), group machines by site and room, apply one trivial
// rule per machine, and write the same number of output bytes (examlab's own output, read from
// a file, so the write costs the same). No schema validation, no IP plan, no rules catalogue.
// Usage: node scripts/floor-check.mjs --output-like <file> <site files...> --inventory <csv>
import { readFileSync, writeSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(new URL("../package.json", import.meta.url));
const jsYaml = require("js-yaml");
const { parse } = require("csv-parse/sync");

const args = process.argv.slice(2);
const like = args[args.indexOf("--output-like") + 1];
const inv = args[args.indexOf("--inventory") + 1];
const sites = args.filter((a, i) => a !== "--output-like" && a !== "--inventory" && args[i - 1] !== "--output-like" && args[i - 1] !== "--inventory");

const byId = new Map();
for (const f of sites) {
  const s = jsYaml.load(readFileSync(f, "utf8"), { schema: jsYaml.CORE_SCHEMA, filename: f });
  byId.set(s.id, { rooms: new Map(s.rooms.map((r) => [String(r.id), []])) });
}
const records = parse(readFileSync(inv, "utf8"), { bom: true, info: true, skip_empty_lines: true, relax_column_count: false, trim: false });
const header = records[0].record;
const col = (name) => header.indexOf(name);
const [cSite, cRoom, cSeat, cRam] = [col("site"), col("room"), col("seat"), col("ramGB")];
let low = 0;
for (let r = 1; r < records.length; r++) {
  const row = records[r].record;
  const room = byId.get(row[cSite])?.rooms.get(row[cRoom]);
  if (!room) throw new Error(`row ${r}: unknown site or room`);
  const m = { seat: Number(row[cSeat]), ramGB: Number(row[cRam]) };
  room.push(m);
  if (m.ramGB < 4) low++;
}
const out = readFileSync(like);
writeSync(1, out);
process.stderr.write(`floor: ${byId.size} sites, ${records.length - 1} machines, ${low} below 4 GB\n`);
