#!/usr/bin/env node
// A fake `uci` for the namespace router (OpenWrt's uci is not in Debian). It keeps the documented
// semantics the generated examlab-uci.sh and apply-router.mjs rely on (openwrt.org/docs/guide-user/base-system/uci):
// configs in <root>/etc/config/<package> in uci's file syntax; `set`/`delete`/`add_list` are staged
// (here: <root>/tmp/.uci/<package>) until `commit`; `revert` drops the staged changes;
// `delete` of a missing entry fails with "uci: Entry not found" (exit 1; -q silences the message);
// `@type[n]` addresses the n-th section of a type; `show` prints pkg.section.option='value'.
// Root: $EXAMLAB_FAKE_ROOT.
import fs from "node:fs";
import path from "node:path";

const root = process.env.EXAMLAB_FAKE_ROOT ?? "";
let args = process.argv.slice(2);
const quiet = args[0] === "-q";
if (quiet) args = args.slice(1);
const fail = (msg) => { if (!quiet) console.error(`uci: ${msg}`); process.exit(1); };
const [cmd, arg] = args;

const confFile = (pkg) => path.join(root, "etc/config", pkg);
const stageFile = (pkg) => path.join(root, "tmp/.uci", pkg);

function parse(text) {
  const sections = [];
  let cur;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const m = /^(config|option|list)\s+(\S+)(?:\s+'((?:[^']|'\\'')*)')?/.exec(line) ?? /^(config|option|list)\s+(\S+)(?:\s+(\S+))?/.exec(line);
    if (!m) continue;
    const val = (m[3] ?? "").replace(/'\\''/g, "'");
    if (m[1] === "config") sections.push((cur = { type: m[2], name: val || undefined, options: {} }));
    else if (m[1] === "option") cur.options[m[2]] = val;
    else (cur.options[m[2]] = Array.isArray(cur.options[m[2]]) ? cur.options[m[2]] : []).push(val);
  }
  return sections;
}
function serialise(sections) {
  const q = (v) => `'${v.replace(/'/g, "'\\''")}'`;
  return sections.map((s) => [`config ${s.type}${s.name ? ` ${q(s.name)}` : ""}`, ...Object.entries(s.options).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => `\tlist ${k} ${q(x)}`) : [`\toption ${k} ${q(v)}`]))].join("\n")).join("\n\n") + "\n";
}
function load(pkg) {
  const f = fs.existsSync(stageFile(pkg)) ? stageFile(pkg) : confFile(pkg);
  return fs.existsSync(f) ? parse(fs.readFileSync(f, "utf8")) : fs.existsSync(path.dirname(confFile(pkg))) ? [] : fail("Entry not found");
}
function stage(pkg, sections) {
  fs.mkdirSync(path.dirname(stageFile(pkg)), { recursive: true });
  fs.writeFileSync(stageFile(pkg), serialise(sections));
}
function find(sections, sec) {
  const at = /^@([^[]+)\[(-?\d+)\]$/.exec(sec);
  if (at) { const list = sections.filter((s) => s.type === at[1]); return list[Number(at[2]) < 0 ? list.length + Number(at[2]) : Number(at[2])]; }
  return sections.find((s) => s.name === sec);
}
function split(ref) {
  const [lhs, value] = ref.includes("=") ? [ref.slice(0, ref.indexOf("=")), ref.slice(ref.indexOf("=") + 1)] : [ref, undefined];
  const [pkg, sec, opt] = lhs.split(".");
  return { pkg, sec, opt, value: value === undefined ? undefined : value.replace(/^'(.*)'$/s, "$1") };
}

switch (cmd) {
  case "get": {
    const { pkg, sec, opt } = split(arg);
    const s = find(load(pkg), sec) ?? fail("Entry not found");
    const v = opt ? s.options[opt] : s.type;
    if (v === undefined) fail("Entry not found");
    console.log(Array.isArray(v) ? v.join(" ") : v);
    break;
  }
  case "set": case "add_list": {
    const { pkg, sec, opt, value } = split(arg);
    const all = load(pkg);
    let s = find(all, sec);
    if (!opt) { if (s) s.type = value; else all.push({ type: value, name: sec, options: {} }); }
    else {
      if (!s) fail("Entry not found");
      if (cmd === "set") s.options[opt] = value;
      else (s.options[opt] = Array.isArray(s.options[opt]) ? s.options[opt] : []).push(value);
    }
    stage(pkg, all);
    break;
  }
  case "delete": {
    const { pkg, sec, opt } = split(arg);
    const all = load(pkg);
    const s = find(all, sec);
    if (!s || (opt && !(opt in s.options))) fail("Entry not found");
    if (opt) delete s.options[opt];
    else all.splice(all.indexOf(s), 1);
    stage(pkg, all);
    break;
  }
  case "commit": {
    const pkgs = arg ? [arg] : fs.existsSync(path.join(root, "tmp/.uci")) ? fs.readdirSync(path.join(root, "tmp/.uci")) : [];
    for (const pkg of pkgs) if (fs.existsSync(stageFile(pkg))) { fs.mkdirSync(path.dirname(confFile(pkg)), { recursive: true }); fs.copyFileSync(stageFile(pkg), confFile(pkg)); fs.rmSync(stageFile(pkg)); }
    break;
  }
  case "revert": {
    fs.rmSync(stageFile(split(arg).pkg), { force: true });
    break;
  }
  case "show": {
    const pkg = split(arg).pkg;
    const all = load(pkg);
    const counts = {};
    for (const s of all) {
      const id = s.name ?? `@${s.type}[${(counts[s.type] = (counts[s.type] ?? -1) + 1)}]`;
      console.log(`${pkg}.${id}=${s.type}`);
      for (const [k, v] of Object.entries(s.options)) console.log(`${pkg}.${id}.${k}=${(Array.isArray(v) ? v : [v]).map((x) => `'${x}'`).join(" ")}`);
    }
    break;
  }
  default:
    fail(`unknown command ${cmd}`);
}
