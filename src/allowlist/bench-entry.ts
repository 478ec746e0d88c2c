/** Entry point bundled by scripts/bench-allowlist.mjs (not used at runtime). */
import type { NormalisedPolicy, RenderInput } from "./model";
export { normalise } from "./normalise";
export { ALL_TARGETS } from "./targets";
export { readTextList } from "./sources";

/** A realistic site LAN for the benchmark: 4 rooms, one lab server with per-seat ports. */
export function benchInput(policy: NormalisedPolicy): RenderInput {
  return {
    policy,
    lang: "zh",
    label: "bench",
    lan: {
      router4: "10.20.0.1",
      candidates4: ["10.20.1.0/24", "10.20.2.0/24", "10.20.3.0/24", "10.20.4.0/24"],
      candidates6: [],
      site4: ["10.20.0.0/16"],
      site6: [],
      servers: [{ name: "exam", kind: "exam", ipv4: "10.20.0.20", ports: [80, 443] }],
      seatDb: Array.from({ length: 160 }, (_, i) => ({ seat4: `10.20.${1 + (i >> 6)}.${10 + (i & 63)}`, server4: "10.20.0.10", port: 33000 + i })),
      resolvers: ["10.20.0.1"],
      upstreamDns: ["223.5.5.5", "119.29.29.29"],
      ipv6: "block",
    },
  };
}
