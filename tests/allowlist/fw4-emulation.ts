import * as fs from "node:fs";
import * as path from "node:path";

/**
 * OpenWrt's fw4 is not in Debian: this emulates the parts of it the generated OpenWrt files rely
 * on, from firewall4's own sources (github.com/openwrt/firewall4):
 * - templates/ruleset.uc: every `fw4 start`/`fw4 reload` renders ONE nft script that begins with
 *   `table inet fw4` + `flush table inet fw4` (rules go, set elements stay), then the
 *   ruleset-prepend includes, then `table inet fw4 { … include "/etc/nftables.d/*.nft" … }` with
 *   fw4's base chains, then the ruleset-append includes.
 * - usr/share/nftables.d/README: files in usr/share/nftables.d/ruleset-pre/ and ruleset-post/ are
 *   placed before and after the `table inet fw4 { … }` declaration.
 * - sbin/fw4: `check` = render | nft -c -f; `restart` = check, `nft delete table inet fw4`, start;
 *   after start/reload, main.uc run_includes() runs the uci includes of type script with sh.
 * The base chains here are fw4's with a permissive lan zone (input and forward accept), which is
 * what a default OpenWrt gives the LAN; the examlab include must do all the restricting.
 */
export function fw4Ruleset(root: string): string {
  const files = (dir: string) => {
    const d = path.join(root, dir);
    return fs.existsSync(d) ? fs.readdirSync(d).filter((f) => f.endsWith(".nft")).sort().map((f) => path.join(d, f)) : [];
  };
  const inc = (list: string[]) => list.map((f) => `include "${f}"`).join("\n");
  return [
    "table inet fw4",
    "flush table inet fw4",
    inc(files("usr/share/nftables.d/ruleset-pre")),
    "table inet fw4 {",
    `\tinclude "${path.join(root, "etc/nftables.d")}/*.nft"`,
    "\tchain input {",
    "\t\ttype filter hook input priority filter; policy accept;",
    '\t\tiifname "lo" accept comment "!fw4: Accept traffic from loopback"',
    '\t\tct state established,related accept comment "!fw4: Allow inbound established and related flows"',
    "\t}",
    "\tchain forward {",
    "\t\ttype filter hook forward priority filter; policy accept;",
    '\t\tct state established,related accept comment "!fw4: Allow forwarded established and related flows"',
    "\t}",
    "\tchain output {",
    "\t\ttype filter hook output priority filter; policy accept;",
    "\t}",
    "}",
    inc(files("usr/share/nftables.d/ruleset-post")),
    "",
  ].join("\n");
}

/** Writes the rendered ruleset next to the root and returns its path (what `fw4 print | nft -f` loads). */
export function writeFw4Ruleset(root: string): string {
  const p = path.join(root, "fw4-ruleset.nft");
  fs.writeFileSync(p, fw4Ruleset(root));
  return p;
}

/** A fake `fw4` command for the namespace router (check | reload | start | restart), same semantics as above. */
export function fakeFw4Script(root: string): string {
  return `#!/bin/sh
# fake fw4 (tests/allowlist/fw4-emulation.ts): render, then nft
R='${root}'
render() {
  echo 'table inet fw4'
  echo 'flush table inet fw4'
  for f in "$R"/usr/share/nftables.d/ruleset-pre/*.nft; do [ -e "$f" ] && echo "include \\"$f\\""; done
  echo 'table inet fw4 {'
  echo "  include \\"$R/etc/nftables.d/*.nft\\""
  echo '  chain input { type filter hook input priority filter; policy accept; iifname "lo" accept; ct state established,related accept; }'
  echo '  chain forward { type filter hook forward priority filter; policy accept; ct state established,related accept; }'
  echo '  chain output { type filter hook output priority filter; policy accept; }'
  echo '}'
  for f in "$R"/usr/share/nftables.d/ruleset-post/*.nft; do [ -e "$f" ] && echo "include \\"$f\\""; done
}
includes() {
  for p in $(uci -q show firewall 2>/dev/null | sed -n "s/^firewall\\.[^.]*\\.path='\\(.*\\)'$/\\1/p"); do sh "$R$p" || echo "Include '$p' failed" >&2; done
}
case "$1" in
  check) render | nft -c -f - && echo "Ruleset passes nftables check." ;;
  start|reload) render | nft -f - && includes ;;
  restart) render | nft -c -f - || { echo "The rendered ruleset contains errors, not doing firewall restart." >&2; exit 1; }
    nft delete table inet fw4 2>/dev/null; render | nft -f - && includes ;;
  print) render ;;
  *) echo "usage: fw4 check|start|reload|restart|print" >&2; exit 1 ;;
esac
`;
}
