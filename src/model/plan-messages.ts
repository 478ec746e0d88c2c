import { msg, type MessageKey } from "../i18n/catalogue";

/**
 * Chinese for the IP planner's problems. The planner (src/ipplan) words its problems in English;
 * they are matched here, once per problem, against the English entries of the catalogue, so the
 * planner stays free of language concerns and a reworded message simply stays English (a test
 * lists every message the planner can produce).
 */
const PATTERNS: readonly [RegExp, MessageKey<"input">, readonly string[]][] = [
  [/^expected an IPv4 CIDR block such as 10\.20\.0\.0\/16, got "(.*)"$/, "ipBlock4", ["value"]],
  [/^expected an IPv6 CIDR block such as fd00:20::\/48, got "(.*)"$/, "ipBlock6", ["value"]],
  [/^"(.*)" is not aligned: the address must be the first of its \/(\d+) block$/, "ipNotAligned", ["value", "prefix"]],
  [/^room subnets \(\/(\d+)\) must be smaller than the site block (\S+)$/, "ipRoomPrefixTooShort", ["prefix", "block"]],
  [/^expected a \/(\d+) subnet \(network\.roomPrefix\), got (\S+)$/, "ipWrongPrefix", ["prefix", "cidr"]],
  [/^(\S+) is outside the site block (\S+)$/, "ipOutside", ["cidr", "block"]],
  [/^(\S+) overlaps the infrastructure subnet \(the block's first\)$/, "ipOverlapsInfra", ["cidr"]],
  [/^(\S+) overlaps room (\S+)$/, "ipOverlapsRoom", ["cidr", "room"]],
  [/^no free \/(\d+) subnet left in (\S+) for room (\S+) \(address space exhausted\)$/, "ipNoFreeSubnet", ["prefix", "block", "room"]],
  [/^the IPv6 block (\S+) holds only (\d+) room \/(\d+) subnet\(s\) for room (\S+) \(address space exhausted\)$/, "ipNoFreeSubnet6", ["block", "n", "prefix", "room"]],
  [/^expected an IPv4 address, got "(.*)"$/, "ipExpectedIpv4", ["value"]],
  [/^expected an IP address, got "(.*)"$/, "ipExpectedIp", ["value"]],
  [/^no address left for lab server (\S+) in the infrastructure subnet (\S+)$/, "ipNoLabServerAddress", ["id", "cidr"]],
  [/^room (\S+) needs (\d+) machine addresses from offset (\d+), more than (\S+) holds \(use a larger network\.roomPrefix\)$/, "ipRoomTooSmall", ["room", "n", "offset", "cidr"]],
  [/^at most (\d+) cameras per room fit the address plan \(got (\d+)\)$/, "ipTooManyCameras", ["max", "n"]],
  [/^host name (\S+) is longer than Windows' 15 characters; set a shorter hostnamePrefix$/, "ipHostnameTooLong", ["name"]],
  [/^spare (\S+) does not exist: room (\S+) has spareMachines: (\S+)$/, "ipSpareUnknown", ["spare", "room", "n"]],
  [/^spare (\S+) of room (\S+) is listed twice$/, "ipSpareTwice", ["spare", "room"]],
  [/^the site block (\S+) holds (\d+) room \/(\d+) subnet\(s\) besides the infrastructure subnet \(its first \/\d+\), but (\d+) room\(s\) need (\d+) \/\d+ subnets: use a \/(\d+) block such as (\S+), or network\.roomPrefix: (\d+)$/, "ipBlockTooSmallOrPrefix", ["block", "n", "prefix", "rooms", "need", "wider", "suggestion", "roomPrefix"]],
  [/^the site block (\S+) holds (\d+) room \/(\d+) subnet\(s\) besides the infrastructure subnet \(its first \/\d+\), but (\d+) room\(s\) need (\d+) \/\d+ subnets: use a \/(\d+) block such as (\S+)$/, "ipBlockTooSmall", ["block", "n", "prefix", "rooms", "need", "wider", "suggestion"]],
  [/^the IPv6 block (\S+) holds (\d+) \/(\d+) subnet\(s\), none matching (\S+): declare subnet6 for this room or use a larger network\.block6$/, "ipNoSubnet6ForRoom", ["block", "n", "prefix", "cidr"]],
  [/^the IPv6 block (\S+) holds (\d+) room \/(\d+) subnet\(s\) besides the infrastructure subnet \(its first \/\d+\), but (\d+) room\(s\) need (\d+) \/\d+ subnets: use a \/(\d+) block such as (\S+)$/, "ipBlock6TooSmall", ["block", "n", "prefix", "rooms", "need", "wider", "suggestion"]],
];

/** The Chinese of an IP-plan problem, or undefined when the English is not one the catalogue knows. */
export function planProblemZh(en: string): string | undefined {
  for (const [re, key, names] of PATTERNS) {
    const m = re.exec(en);
    if (!m) continue;
    const vars: Record<string, string> = {};
    names.forEach((n, i) => (vars[n] = m[i + 1]));
    return msg("zh", "input", key, vars);
  }
  return undefined;
}
