import { InputError, type InputProblem } from "../model/errors";
import type { LanPlan, RenderInput } from "./model";
import { normalise } from "./normalise";
import { cidrOf, type Cidr } from "./cidr";
import { lanConflicts } from "./special-addresses";
import type { PolicyWarning } from "./model";
import { readList } from "./sources";
import { DEFAULT_UPSTREAM_DNS } from "./upstream-dns";
import { pushAll } from "../util/arrays";
import { problemAt, said } from "./said";

export interface BareOptions {
  lan?: string[];
  router?: string;
  upstream?: string[];
  ipv6?: "filter" | "block";
  lang?: "zh" | "en";
}

/** Private ranges used as "the candidates" when there is no site file (`examlab allowlist`). */
const PRIVATE4 = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];

/** A bare allowlist (no site file): files → the same render input a site gives, with a generic LAN. */
export async function compileBareAllowlist(files: readonly string[], opts: BareOptions = {}): Promise<RenderInput & { warnings: PolicyWarning[] }> {
  const problems: InputProblem[] = [];
  let entries: Awaited<ReturnType<typeof readList>>["entries"] = [];
  const warnings: PolicyWarning[] = [];
  const lan = opts.lan?.length ? opts.lan : PRIVATE4;
  const lanBlocks: Cidr[] = [];
  for (const c of lan) {
    const r = cidrOf(c);
    if (!("cidr" in r)) problems.push(problemAt({ file: "--lan" }, r));
    else if (r.family !== 4) problems.push(problemAt({ file: "--lan" }, said("lanExpected", { value: c.slice(0, 60) })));
    else lanBlocks.push(r);
  }
  for (const f of files) {
    const r = await readList(f);
    // One list (the usual case): its entries as they are, not copied one by one (issue 14).
    if (files.length === 1) entries = r.entries;
    else pushAll(entries, r.entries);
    pushAll(problems, r.problems);
    pushAll(problems, lanConflicts(r.entries, lanBlocks));
    pushAll(warnings, r.warnings);
  }
  for (const a of [...(opts.upstream ?? []), ...(opts.router ? [opts.router] : [])]) {
    const r = cidrOf(a);
    if (!("cidr" in r) || !(r.cidr.endsWith("/32") || r.cidr.endsWith("/128"))) problems.push(problemAt({ file: "--upstream/--router" }, said("ipExpected", { value: a.slice(0, 60) })));
  }
  const n = normalise(entries);
  pushAll(problems, n.problems);
  if (problems.length) throw new InputError(problems);
  const lanPlan: LanPlan = {
    router4: opts.router ?? "192.168.1.1",
    candidates4: lanBlocks.map((c) => c.cidr),
    candidates6: [],
    site4: lanBlocks.map((c) => c.cidr),
    site6: [],
    servers: [],
    seatDb: [],
    resolvers: [opts.router ?? "192.168.1.1"],
    upstreamDns: opts.upstream?.length ? opts.upstream : DEFAULT_UPSTREAM_DNS,
    ipv6: opts.ipv6 ?? "block",
  };
  return { policy: n.policy, lan: lanPlan, lang: opts.lang ?? "zh", label: "allowlist", warnings: [...warnings, ...n.warnings] };
}
