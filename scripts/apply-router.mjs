#!/usr/bin/env node
// Apply a generated allowlist configuration to a router over SSH, safely (issue 7, manual §3.2
// ROUTER-ALLOWLIST): upload → validate on the router → back up → arm an automatic rollback →
// apply atomically → restart the resolver (DNS-filled sets refill) → probe → disarm.
// Any failure, or a router that stops answering, rolls back to the previous configuration (the
// armed rollback runs on the router by itself after --rollback-after seconds).
//
//   node scripts/apply-router.mjs --family nftables|openwrt|dnsmasq|unbound --dir out/<site>/router/<family> \
//     --ssh ssh://root@10.20.0.1[:22] [--identity KEY] --probe-allow exam.example.cn --probe-block www.example.com [--dry-run]
// Families without a shell (huawei, h3c, pfsense, opnsense, routeros, squid, other) print a checklist.
import { $, argv, fs, path } from "zx";

$.verbose = false;
// `files`: generated file → where it goes on the router; `optional` files are installed when the
// export has them (exam-hours window). `state`: router files apply changes in place (uci) — backed
// up and restored on rollback too.
const SHELL_FAMILIES = {
  nftables: {
    files: { "examlab-allowlist.nft": "/etc/examlab/examlab-allowlist.nft", "dnsmasq-allowlist.conf": "/etc/dnsmasq.d/examlab-allowlist.conf" },
    optional: { "examlab-clock-check": "/usr/local/sbin/examlab-clock-check", "examlab-clock.cron": "/etc/cron.d/examlab-clock" },
    state: [],
    validate: (s) => [`nft -c -f ${s}/examlab-allowlist.nft`, `dnsmasq --test --conf-file=${s}/dnsmasq-allowlist.conf`],
    apply: (p) => [`nft -f ${p}/etc/examlab/examlab-allowlist.nft`, `if [ -x ${p}/usr/local/sbin/examlab-clock-check ]; then ${p}/usr/local/sbin/examlab-clock-check || true; fi`],
    unapply: "nft delete table inet examlab_allowlist 2>/dev/null; nft delete table bridge examlab_isolation 2>/dev/null; true",
    reapply: (p) => `nft -f ${p}/etc/examlab/examlab-allowlist.nft`,
  },
  openwrt: {
    files: {
      "etc/nftables.d/50-examlab-allowlist.nft": "/etc/nftables.d/50-examlab-allowlist.nft",
      "usr/share/nftables.d/ruleset-pre/50-examlab-flush.nft": "/usr/share/nftables.d/ruleset-pre/50-examlab-flush.nft",
      "usr/share/nftables.d/ruleset-post/50-examlab-isolation.nft": "/usr/share/nftables.d/ruleset-post/50-examlab-isolation.nft",
      "etc/dnsmasq.d/examlab-allowlist.conf": "/etc/dnsmasq.d/examlab-allowlist.conf",
    },
    optional: { "etc/hotplug.d/ntp/50-examlab-clock": "/etc/hotplug.d/ntp/50-examlab-clock", "usr/share/examlab/clock-restore.sh": "/usr/share/examlab/clock-restore.sh" },
    state: ["/etc/config/dhcp", "/etc/config/firewall"],
    // Staged (uncommitted) uci changes of a half-run uci script are discarded before the configs are restored.
    preRestore: "uci -q revert dhcp; uci -q revert firewall; true",
    // The bridge table alone, checked by the kernel: fails when kmod-nft-bridge is missing (then the whole fw4 load would fail).
    validate: (s) => [
      `dnsmasq --test --conf-file=${s}/etc/dnsmasq.d/examlab-allowlist.conf`,
      "dnsmasq --version | grep -q nftset || { echo 'dnsmasq without nftset: opkg install dnsmasq-full' >&2; exit 1; }",
      `nft -c -f ${s}/usr/share/nftables.d/ruleset-post/50-examlab-isolation.nft || { echo 'bridge filtering unavailable: opkg install kmod-nft-bridge' >&2; exit 1; }`,
    ],
    preApply: (s) => [`sh ${s}/examlab-uci.sh`],
    apply: () => ["fw4 check", "fw4 restart"],
    unapply: "true",
    reapply: () => "fw4 restart",
  },
  dnsmasq: {
    files: { "dnsmasq-allowlist.conf": "/etc/dnsmasq.d/examlab-allowlist.conf" },
    optional: {},
    state: [],
    validate: (s) => [`dnsmasq --test --conf-file=${s}/dnsmasq-allowlist.conf`],
    apply: () => [],
    unapply: "true",
    reapply: () => "true",
  },
  unbound: {
    files: { "unbound-allowlist.conf": "/etc/unbound/unbound.conf.d/examlab-allowlist.conf" },
    optional: {},
    state: [],
    validate: (s) => [`unbound-checkconf ${s}/unbound-allowlist.conf`],
    apply: () => [],
    unapply: "true",
    reapply: () => "true",
  },
};
const RESTART = { nftables: "systemctl restart dnsmasq", openwrt: "/etc/init.d/dnsmasq restart", dnsmasq: "systemctl restart dnsmasq", unbound: "unbound-control reload" };

const family = argv.family;
const dir = argv.dir;
const dry = Boolean(argv["dry-run"]);
if (!family || !dir) fail("usage: apply-router.mjs --family F --dir DIR --ssh ssh://user@host[:port] [--dry-run]");
if (!SHELL_FAMILIES[family]) {
  const checklist = ["CHECKLIST.md", "examlab-allowlist.huawei.txt", "examlab-allowlist.h3c.txt", "examlab-allowlist.rsc"].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
  console.log(`# ${family}: no shell to apply over SSH — follow this checklist / 无 shell 的设备请按清单手工操作`);
  console.log(checklist ? fs.readFileSync(checklist, "utf8") : `Load the files in ${dir} with the vendor's tool, then verify from a candidate machine that an unlisted site is unreachable.`);
  process.exit(0);
}
const spec = SHELL_FAMILIES[family];
const files = { ...spec.files, ...Object.fromEntries(Object.entries(spec.optional).filter(([rel]) => fs.existsSync(path.join(dir, rel)))) };
const m = /^ssh:\/\/([A-Za-z0-9._-]+)@([A-Za-z0-9.:_\[\]-]+?)(?::(\d+))?$/.exec(argv.ssh ?? "");
if (!m && !dry) fail("--ssh: expected ssh://user@host[:port]");
const [user, host, port] = m ? [m[1], m[2], m[3] ?? "22"] : ["root", "ROUTER", "22"];
// --root installs under a prefix (tests run the "router" in a network namespace).
const root = String(argv.root ?? "").replace(/\/$/, "");
const rollbackAfter = Number(argv["rollback-after"] ?? 90);
const restart = argv["restart-cmd"] ?? RESTART[family];
const probeServer = argv["probe-server"] ?? "127.0.0.1";
const stamp = argv.stamp ?? new Date().toISOString().replace(/[:.]/g, "-");
const stage = `/tmp/examlab-apply-${stamp}`;
const backup = `${root}/var/lib/examlab/backup-${stamp}`;
for (const v of [root, restart, probeServer, stamp, argv["probe-allow"] ?? "", argv["probe-block"] ?? ""]) if (/['\n]/.test(v)) fail("arguments must not contain quotes or newlines");

// ServerAlive: a connection lost mid-apply fails within seconds (the armed rollback then restores).
const sshArgs = ["-p", port, "-o", "BatchMode=yes", "-o", "ConnectTimeout=5", "-o", "ServerAliveInterval=1", "-o", "ServerAliveCountMax=3", "-o", "StrictHostKeyChecking=accept-new", ...(argv.identity ? ["-i", argv.identity] : []), ...(argv["known-hosts"] ? ["-o", `UserKnownHostsFile=${argv["known-hosts"]}`] : []), `${user}@${host}`];
const remote = (cmd, input) => $({ input })`ssh ${sshArgs} ${cmd}`;

// The rollback script lives on the router so it also works when the router stops answering us.
// It restores EVERYTHING apply changes: the installed files (or removes them when they were new),
// the uci configs the uci script edits, the live nftables tables; then reloads and restarts the resolver.
const installed = Object.values(files).map((p) => `${root}${p}`);
const saved = [...installed, ...spec.state.map((p) => `${root}${p}`)];
const NFT_TABLES = ["inet examlab_allowlist", "bridge examlab_isolation"];
const rollbackScript = [
  "#!/bin/sh",
  `# examlab rollback ${stamp}: restore the files and configs saved before the apply, reload, restart the resolver`,
  ...(spec.preRestore ? [spec.preRestore] : []),
  ...saved.map((p, i) => `if [ -e '${backup}/${i}' ]; then mkdir -p "$(dirname '${p}')"; cp -p '${backup}/${i}' '${p}'; else rm -f '${p}'; fi`),
  // nftables: delete + re-add the saved tables in ONE transaction (nft -f is atomic); no saved tables = delete them.
  family === "nftables"
    ? `{ ${NFT_TABLES.map((t) => `echo 'table ${t}'; echo 'delete table ${t}';`).join(" ")} cat '${backup}/ruleset.nft'; } | nft -f - || { ${spec.unapply}; }`
    : `${spec.reapply(root)}`,
  `${restart} || true`,
  `echo rolled-back > '${backup}/state'`,
].join("\n") + "\n";

const steps = [
  ["upload", `copy ${Object.keys(files).length} files to ${stage}/ on ${host}`],
  ["validate", spec.validate(stage).join(" && ")],
  ["backup", `save ${saved.join(", ")}${family === "nftables" ? " and the current examlab tables" : ""} to ${backup}`],
  ["arm", `start the on-router rollback in ${rollbackAfter}s unless disarmed`],
  ...(spec.preApply ? [["pre-apply", spec.preApply(stage).join(" && ")]] : []),
  ["install", installed.join(", ")],
  ["apply", spec.apply(root).join(" && ") || "(resolver only)"],
  ["restart resolver", restart],
  ["probe", `${argv["probe-allow"] ?? "(no --probe-allow)"} resolves, ${argv["probe-block"] ?? "(no --probe-block)"} does not (via ${probeServer})`],
  ["disarm", "cancel the rollback, keep the new configuration"],
];
if (dry) {
  console.log(`# apply-router plan (dry run) — family ${family}, router ${user}@${host}:${port}`);
  steps.forEach(([n, d], i) => console.log(`${i + 1}. ${n}: ${d}`));
  console.log("on any failure: run the rollback script below on the router\n---\n" + rollbackScript);
  process.exit(0);
}

let armed = false;
try {
  step("upload");
  await remote(`mkdir -p '${stage}' '${backup}'`);
  for (const rel of Object.keys(files)) {
    const local = path.join(dir, rel);
    if (!fs.existsSync(local)) throw new Error(`missing ${local}`);
    await remote(`mkdir -p "$(dirname '${stage}/${rel}')" && cat > '${stage}/${rel}'`, fs.readFileSync(local));
  }
  if (spec.preApply) await remote(`cat > '${stage}/examlab-uci.sh'`, fs.readFileSync(path.join(dir, "examlab-uci.sh")));
  await remote(`cat > '${backup}/rollback.sh' && chmod 700 '${backup}/rollback.sh'`, rollbackScript);
  step("validate");
  for (const c of spec.validate(stage)) await remote(c);
  step("backup");
  await remote(saved.map((p, i) => `if [ -e '${p}' ]; then cp -p '${p}' '${backup}/${i}'; fi`).join("; ") + (family === "nftables" ? `; : > '${backup}/ruleset.nft'; ${NFT_TABLES.map((t) => `nft list table ${t} >> '${backup}/ruleset.nft' 2>/dev/null`).join("; ")}; true` : ""));
  step("arm");
  // setsid: the timer is its own process group, so disarming also stops its `sleep`.
  await remote(`setsid nohup sh -c 'sleep ${rollbackAfter}; sh ${backup}/rollback.sh' >/dev/null 2>&1 < /dev/null & echo $! > '${backup}/rollback.pid'`);
  armed = true;
  if (spec.preApply) { step("pre-apply"); for (const c of spec.preApply(stage)) await remote(c); }
  step("install");
  // Scripts (the clock check, hooks) are installed executable; everything else as a plain file.
  await remote(Object.entries(files).map(([rel, dest]) => `mkdir -p "$(dirname '${root}${dest}')" && cp '${stage}/${rel}' '${root}${dest}' && chmod ${rel in spec.optional ? 755 : 644} '${root}${dest}'`).join(" && "));
  step("apply");
  for (const c of spec.apply(root)) await remote(c);
  step("restart resolver");
  await remote(restart);
  step("probe");
  await probe();
  step("disarm");
  await remote(`kill -- -"$(cat '${backup}/rollback.pid')" 2>/dev/null || kill "$(cat '${backup}/rollback.pid')"; echo applied > '${backup}/state'`);
  armed = false;
  console.log(`applied; previous configuration kept in ${backup} (rollback: sh ${backup}/rollback.sh)`);
} catch (e) {
  console.error(`apply failed: ${(e.stderr || e.message || String(e)).trim()}`);
  if (armed) {
    try {
      await remote(`kill -- -"$(cat '${backup}/rollback.pid')" 2>/dev/null || kill "$(cat '${backup}/rollback.pid')" 2>/dev/null; sh '${backup}/rollback.sh'`);
      console.error("rolled back to the previous configuration");
    } catch {
      console.error(`the router does not answer: the armed rollback restores the previous configuration within ${rollbackAfter}s`);
    }
  }
  process.exit(1);
}

async function probe() {
  const dig = async (name) => (await remote(`dig @${probeServer} '${name}' A +time=2 +tries=2 +noall +comments`)).stdout;
  for (let i = 0; i < 20; i++) {
    try { await remote(`true`); break; } catch { await new Promise((r) => setTimeout(r, 250)); }
  }
  if (argv["probe-allow"]) {
    let ok = false;
    // The resolver may need a moment after its restart: a few tries, then it is a failure.
    for (let i = 0; i < 6 && !ok; i++) { ok = /status: NOERROR/.test(await dig(argv["probe-allow"]).catch(() => "")); if (!ok) await new Promise((r) => setTimeout(r, 400)); }
    if (!ok) throw new Error(`probe: allowed name ${argv["probe-allow"]} does not resolve`);
  }
  if (argv["probe-block"] && /status: NOERROR/.test(await dig(argv["probe-block"])))
    throw new Error(`probe: blocked name ${argv["probe-block"]} still resolves`);
}

function step(name) {
  console.log(`• ${name}`);
}
function fail(msg) {
  console.error(msg);
  process.exit(2);
}
