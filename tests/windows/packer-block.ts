/**
 * Structural check of a Packer template's `packer {}` block against Packer's documented schema —
 * the one block Debian's Packer 1.6.6 cannot validate (`required_plugins` is Packer ≥ 1.7.0), so
 * `packer validate` runs on the template without it (tests/windows/packer.ts).
 *
 * Sources (developer.hashicorp.com/packer/docs):
 * - templates/hcl_templates/blocks/packer: the block holds `required_version` (a version
 *   constraint string) and `required_plugins`, which "maps each local plugin name to a source
 *   address and a version constraint" (`name = { version = "...", source = "..." }`); only
 *   constant values are allowed in the block; "required_plugins is only available in Packer
 *   v1.7.0 and later".
 * - plugins/install-plugins, "Source Addresses": `<HOSTNAME>/<NAMESPACE>/<TYPE>`; the hostname
 *   must be github.com; the type is the plugin name without the `packer-plugin-` prefix and is
 *   usually its preferred local name (github.com/hashicorp/qemu installs packer-plugin-qemu).
 * - version constraints (same page family, hashicorp/go-version): comma-separated conditions,
 *   each an operator (=, !=, >, >=, <, <=, ~>; none means =) and a dotted version number with an
 *   optional pre-release suffix.
 * The HCL is parsed by @cdktf/hcl2json (HashiCorp's HCL library compiled to WebAssembly).
 */
import semver from "semver";
import { parse } from "@cdktf/hcl2json";

const OPS = ["=", "!=", ">", ">=", "<", "<=", "~>"] as const;
type Op = (typeof OPS)[number];
const CONDITION = /^\s*(!=|>=|<=|~>|=|>|<)?\s*v?(\d+(?:\.\d+){0,2})(-[0-9A-Za-z.-]+)?\s*$/;

export function parseConstraint(text: string): { op: Op; version: string }[] | string {
  if (typeof text !== "string" || text.trim() === "") return "empty version constraint";
  const out: { op: Op; version: string }[] = [];
  for (const part of text.split(",")) {
    const m = CONDITION.exec(part);
    if (!m) return `not a version constraint condition: ${JSON.stringify(part)}`;
    out.push({ op: (m[1] ?? "=") as Op, version: m[2] + (m[3] ?? "") });
  }
  return out;
}

/** Whether a plain release version satisfies a parsed constraint (go-version semantics, incl. ~>). */
export function satisfies(version: string, conditions: { op: Op; version: string }[]): boolean {
  const v = semver.coerce(version)!;
  return conditions.every(({ op, version: c }) => {
    const cv = semver.coerce(c)!;
    const cmp = semver.compare(v, cv);
    switch (op) {
      case "=": return cmp === 0;
      case "!=": return cmp !== 0;
      case ">": return cmp > 0;
      case ">=": return cmp >= 0;
      case "<": return cmp < 0;
      case "<=": return cmp <= 0;
      case "~>": {
        // ~> 1.0.9 = >= 1.0.9, < 1.1.0; ~> 1.2 = >= 1.2, < 2.0 (the last given segment may grow)
        const segs = c.split("-")[0].split(".").length;
        const upper = segs >= 3 ? `${cv.major}.${cv.minor + 1}.0` : `${cv.major + 1}.0.0`;
        return cmp >= 0 && semver.lt(v, upper);
      }
    }
  });
}

const SOURCE = /^github\.com\/([A-Za-z0-9][A-Za-z0-9-]*)\/([a-z0-9][a-z0-9-]*)$/;

/**
 * Problems of a `packer {}` block (HCL text containing only that block); [] when it matches the
 * documented schema and requires a Packer that understands `required_plugins`.
 */
export async function packerBlockProblems(hcl: string): Promise<string[]> {
  let json: Record<string, any>;
  try {
    json = await parse("packer-block.pkr.hcl", hcl);
  } catch (e) {
    return [`HCL does not parse: ${(e as Error).message}`];
  }
  const problems: string[] = [];
  const top = Object.keys(json);
  if (top.length !== 1 || top[0] !== "packer" || !Array.isArray(json.packer) || json.packer.length !== 1) return [`expected exactly one packer {} block, got ${JSON.stringify(top)}`];
  const block = json.packer[0];
  for (const k of Object.keys(block)) if (k !== "required_version" && k !== "required_plugins") problems.push(`unknown argument in packer {}: ${k}`);
  const isConstant = (v: unknown) => typeof v === "string" && !/\$\{|%\{/.test(v);
  if (block.required_version === undefined) problems.push("required_version is missing: Packer < 1.7.0 would not stop at required_plugins with a clear message");
  else if (!isConstant(block.required_version)) problems.push("required_version must be a constant string");
  else {
    const c = parseConstraint(block.required_version);
    if (typeof c === "string") problems.push(`required_version: ${c}`);
    else if (satisfies("1.6.6", c) || !satisfies("1.7.0", c)) problems.push(`required_version ${JSON.stringify(block.required_version)} must exclude Packer < 1.7.0 (no required_plugins there) and allow 1.7.0`);
  }
  const rp = block.required_plugins;
  if (!Array.isArray(rp) || rp.length !== 1 || typeof rp[0] !== "object") problems.push("required_plugins must be one block");
  else {
    const plugins = rp[0] as Record<string, any>;
    if (Object.keys(plugins).length === 0) problems.push("required_plugins is empty");
    for (const [name, spec] of Object.entries(plugins)) {
      if (!/^[a-z][a-z0-9-]*$/.test(name)) problems.push(`plugin local name ${JSON.stringify(name)} is not an identifier`);
      if (typeof spec !== "object" || spec === null || Array.isArray(spec)) {
        problems.push(`${name}: expected { version = "...", source = "..." }`);
        continue;
      }
      for (const k of Object.keys(spec)) if (k !== "version" && k !== "source") problems.push(`${name}: unknown attribute ${k}`);
      if (!isConstant(spec.source)) problems.push(`${name}: source is required and must be a constant string`);
      else {
        const m = SOURCE.exec(spec.source);
        if (!m) problems.push(`${name}: source ${JSON.stringify(spec.source)} is not github.com/<namespace>/<type>`);
        else if (m[2].startsWith("packer-plugin-")) problems.push(`${name}: the source type is the plugin name without "packer-plugin-"`);
        else if (m[2] !== name) problems.push(`${name}: local name differs from the source type ${m[2]} (the builder type names the plugin)`);
      }
      if (spec.version !== undefined) {
        if (!isConstant(spec.version)) problems.push(`${name}: version must be a constant string`);
        else {
          const c = parseConstraint(spec.version);
          if (typeof c === "string") problems.push(`${name}: version: ${c}`);
        }
      }
    }
  }
  return problems;
}

/** The marked packer {} block of a generated template. */
export function packerBlockOf(template: string): string {
  const m = /# examlab:packer-block-begin\n([\s\S]*?)# examlab:packer-block-end\n/.exec(template);
  if (!m) throw new Error("template has no marked packer block");
  return m[1];
}
