import { msg, type Lang, type MessageKey } from "../i18n/catalogue";

/**
 * What each generated file is, in the report's language. Producers give an English description
 * for manifest.json; the report shows the catalogue's text for the file's path (section `files`).
 * A path no pattern knows keeps its producer's description, so a new file type is never hidden.
 */
const PATTERNS: readonly [RegExp, MessageKey<"files">][] = [
  [/^router\/other\/CHECKLIST\.md$/, "routerChecklistOther"],
  [/^router\/pfsense\/CHECKLIST\.md$/, "routerChecklistPfsense"],
  [/^router\/opnsense\/CHECKLIST\.md$/, "routerChecklistOpnsense"],
  [/^router\/routeros\/CHECKLIST\.md$/, "routerChecklistRouteros"],
  [/^router\/h3c\/CHECKLIST\.md$/, "routerChecklistH3c"],
  [/^router\/huawei\/CHECKLIST\.md$/, "routerChecklistHuawei"],
  [/^router\/h3c\/examlab-undo\.h3c\.txt$/, "h3cUndo"],
  [/^router\/huawei\/examlab-undo\.huawei\.txt$/, "huaweiUndo"],
  [/^router\/routeros\/examlab-undo\.rsc$/, "routerosUndo"],
  [/^router\/other\/allowlist\.txt$/, "routerPlainList"],
  [/^router\/squid\/conf\.d\/10-examlab-intercept-sslbump\.conf$/, "squidIntercept"],
  [/^router\/squid\/conf\.d\/20-examlab-allowlist\.conf$/, "squidAllowlist"],
  [/^router\/nftables\/dnsmasq-allowlist\.conf$/, "dnsmasqForNftables"],
  [/^router\/dnsmasq\/dnsmasq-allowlist\.conf$/, "dnsmasqAllowlist"],
  [/^router\/openwrt\/etc\/dnsmasq\.d\/examlab-allowlist\.conf$/, "openwrtDnsmasq"],
  [/^router\/openwrt\/etc\/nftables\.d\/50-examlab-allowlist\.nft$/, "openwrtFw4"],
  [/^router\/openwrt\/examlab-uci\.sh$/, "openwrtUci"],
  [/^router\/openwrt\/usr\/share\/nftables\.d\/ruleset-pre\/50-examlab-flush\.nft$/, "openwrtFlush"],
  [/^router\/openwrt\/usr\/share\/nftables\.d\/ruleset-post\/50-examlab-isolation\.nft$/, "openwrtIsolation"],
  [/^router\/h3c\/examlab-allowlist\.h3c\.txt$/, "h3cScript"],
  [/^router\/huawei\/examlab-allowlist\.huawei\.txt$/, "huaweiScript"],
  [/^router\/nftables\/examlab-allowlist\.nft$/, "nftablesRuleset"],
  [/^router\/routeros\/examlab-allowlist\.rsc$/, "routerosScript"],
  [/^router\/unbound\/unbound-allowlist\.conf$/, "unboundAllowlist"],
  [/^router\/(pfsense\/unbound-custom-options\.conf|opnsense\/unbound\.opnsense\.d\/examlab\.conf)$/, "resolverCustomOptions"],
  [/^router\/(?:pfsense|opnsense)\/aliases\/(?<name>[^/]+)\.txt$/, "firewallAlias"],
  [/^router\/pfsense\/examlab-pfsense\.xml$/, "pfsenseConfigXml"],
  [/^router\/opnsense\/examlab-opnsense\.xml$/, "opnsenseConfigXml"],
  [/^compliance\/report\.csv$/, "complianceCsv"],
  [/^compliance\/report\.json$/, "complianceJson"],
  [/^databases\/lab-server-(?<id>[^/]+)\.nft$/, "labServerNft"],
  [/^databases\/offline-images\.sh$/, "offlineImages"],
  [/^databases\/seat-ports\.csv$/, "seatPortsCsv"],
  [/^databases\/seat-ports\.json$/, "seatPortsJson"],
  [/^databases\/terraform\/seats-(?<id>[^/]+)\.json$/, "terraformSeatMap"],
  [/^endpoint\/chrome-policy\.reg$/, "chromePolicy"],
  [/^endpoint\/firewall-allowlist\.ps1$/, "windowsFirewall"],
  [/^network\/ip-plan\.json$/, "ipPlan"],
  [/^network\/static-leases\.csv$/, "staticLeases"],
  [/^policy\/allowlist\.normalised\.json$/, "allowlistPolicy"],
  [/^report\/report\.html$/, "reportHtml"],
  [/^report\/rooms\/(?<room>[^/]+)\.svg$/, "floorPlan"],
  [/^report\/print\/seat-chart-(?<room>[^/]+)\.html$/, "printSeatChart"],
  [/^report\/print\/exam-day-checklist\.html$/, "printChecklist"],
  [/^windows\/check-environment\.ps1$/, "checkEnvironment"],
  [/^windows\/first-boot-identity\.ps1$/, "firstBoot"],
  [/^windows\/package-cache\.json$/, "packageCache"],
  [/^windows\/packer\/autounattend\.xml$/, "autounattend"],
  [/^windows\/packer\/unattend-clone\.xml$/, "unattendClone"],
  [/^windows\/packer\/winrm-setup\.ps1$/, "winrmSetup"],
  [/^windows\/packer\/windows10-(?<level>[a-z]+)\.pkr\.hcl$/, "packerTemplate"],
  [/^windows\/provision-(?<level>[a-z]+)\.ps1$/, "provision"],
  [/^windows\/seat-table\.csv$/, "seatTable"],
];

const LEVELS: Record<string, MessageKey<"report">> = { primary: "level_primary", intermediate: "level_intermediate", advanced: "level_advanced" };

/** The description of a generated file in `lang`; `fallback` (the producer's text) for unknown paths. */
export function describeFile(path: string, fallback: string, lang: Lang): string {
  for (const [re, key] of PATTERNS) {
    const m = re.exec(path);
    if (!m) continue;
    const vars: Record<string, string> = { ...(m.groups ?? {}) };
    if (vars.level && LEVELS[vars.level]) vars.level = msg(lang, "report", LEVELS[vars.level]);
    return msg(lang, "files", key, vars);
  }
  return fallback;
}
