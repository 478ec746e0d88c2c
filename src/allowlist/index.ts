/** Network policy (manual §3.2 ROUTER-*, PC-NETWORK-ALLOWLIST): public entry points. */
export { compileSitePolicy, type SitePolicy } from "./site-policy";
export { compileBareAllowlist } from "./bare";
export { normalise } from "./normalise";
export { allowlistProducer, ENDPOINT_PATHS } from "./producer";
export { ALL_TARGETS, ROUTER_TARGETS, ENDPOINT_TARGETS, describeEnforcement } from "./targets";
export { computeIntent, intentOf, evaluate, hasDefaultDenyLast } from "./intent";
export type * from "./model";
