import * as fs from "node:fs";
import * as path from "node:path";

/**
 * Terraform provider schemas (kreuzwerker/docker, hashicorp/random) derived from the cdktf provider
 * bindings the project already has, for the schema-only stand-in provider (stub-provider.cjs).
 *
 * Sources inside each binding package:
 *  - lib/<module>/index.js: `X.tfResourceType = "docker_container"` and the generated
 *    `synthesizeHclAttributes()` / `<struct>ToHclTerraform()` tables, which give every configurable
 *    argument's Terraform name, whether it is a block, its collection kind (simple/list/set/map/struct)
 *    and its element type (storageClassType).
 *  - .jsii (the jsii assembly): which arguments are optional (config interfaces and structs) and the
 *    read-only getters of each resource class, i.e. computed-only attributes (`result`, `image_id`…).
 *
 * What it cannot know (the real provider's Go code is not here): enum/regex validators, conflicts,
 * exact computed nested types (typed "dynamic"), list vs. set for computed values.
 */

export type CtyType = string | [string, CtyType];
export interface AttributeSchema {
  name: string;
  type: CtyType;
  required: boolean;
  optional: boolean;
  computed: boolean;
}
export interface BlockSchema {
  attributes: AttributeSchema[];
  blockTypes: { typeName: string; nesting: "SINGLE" | "LIST" | "SET"; minItems: number; maxItems: number; block: BlockSchema }[];
}
export interface ProviderSchema {
  /** e.g. registry.terraform.io/kreuzwerker/docker */
  source: string;
  name: string;
  version: string;
  provider: BlockSchema;
  resources: Record<string, BlockSchema>;
  dataSources: Record<string, BlockSchema>;
}

interface JsiiProperty {
  name: string;
  optional?: boolean;
  immutable?: boolean;
  static?: boolean;
  type: { primitive?: string; fqn?: string; collection?: { kind: string; elementtype: unknown } };
}
interface JsiiType {
  fqn: string;
  name: string;
  kind: string;
  namespace?: string;
  properties?: JsiiProperty[];
}

interface HclAttr {
  name: string;
  camel: string;
  isBlock: boolean;
  kind: string;
  storage: string;
  mapper?: string;
}

const ATTR_RE = /^\s{8,16}([a-z0-9_]+): \{\n\s+value: (.*),\n\s+isBlock: (true|false),\n\s+type: "(\w+)",\n\s+storageClassType: "(\w+)",\n\s+\}/gm;

function hclAttrs(body: string): HclAttr[] {
  const out: HclAttr[] = [];
  for (const m of body.matchAll(ATTR_RE)) {
    const value = m[2];
    const camel = /(?:this\._|struct\.|struct\?\.|struct!\.)(\w+)/.exec(value)?.[1] ?? "";
    const mapper = /(?<!cdktf\.)\b(\w+)ToHclTerraform\b/.exec(value)?.[1];
    out.push({ name: m[1], camel, isBlock: m[3] === "true", kind: m[4], storage: m[5], mapper });
  }
  return out;
}

function bodyAfter(src: string, marker: string): string | undefined {
  const i = src.indexOf(marker);
  if (i < 0) return undefined;
  const start = src.indexOf("const attrs = {", i);
  const end = src.indexOf("\n        };", start);
  const end2 = src.indexOf("\n    };", start);
  const stop = [end, end2].filter((x) => x > 0).sort((a, b) => a - b)[0];
  return src.slice(start, stop);
}

function primitiveType(storage: string): CtyType {
  switch (storage) {
    case "string":
      return "string";
    case "number":
      return "number";
    case "boolean":
      return "bool";
    default:
      throw new Error(`unknown storageClassType ${storage}`);
  }
}

function attrType(a: HclAttr): CtyType {
  if (a.kind === "simple") return primitiveType(a.storage);
  const elem = a.storage.replace(/(List|Map)$/, "");
  if (a.kind === "list") return ["list", primitiveType(elem)];
  if (a.kind === "set") return ["set", primitiveType(elem)];
  if (a.kind === "map") return ["map", primitiveType(elem)];
  throw new Error(`unknown attribute kind ${a.kind} (${a.name})`);
}

function snake(camel: string): string {
  return camel.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

function jsiiPrimitive(t: JsiiProperty["type"]): CtyType {
  if (t.primitive === "string") return "string";
  if (t.primitive === "number") return "number";
  if (t.primitive === "boolean") return "bool";
  return "dynamic"; // computed nested values (…List, …OutputReference, maps): any type for references
}

export function loadProviderSchema(packageDir: string, source: string): ProviderSchema {
  const jsii = JSON.parse(fs.readFileSync(path.join(packageDir, ".jsii"), "utf8")) as { types: Record<string, JsiiType> };
  const byName = new Map<string, JsiiType>();
  for (const t of Object.values(jsii.types)) byName.set(`${t.namespace ?? ""}.${t.name}`, t);
  const result: ProviderSchema = { source, name: source.split("/").pop()!, version: "", provider: { attributes: [], blockTypes: [] }, resources: {}, dataSources: {} };

  const libDir = path.join(packageDir, "lib");
  for (const mod of fs.readdirSync(libDir).sort()) {
    const file = path.join(libDir, mod, "index.js");
    if (!fs.existsSync(file)) continue;
    const src = fs.readFileSync(file, "utf8");
    const cls = /^(\w+)\.tfResourceType = "([a-z0-9_]+)";$/m.exec(src);
    if (!cls) continue;
    const [, className, tfType] = cls;
    const ns = Object.values(jsii.types).find((t) => t.name === className && t.kind === "class")?.namespace ?? "";
    const optionalOf = (typeName: string): Map<string, boolean> =>
      new Map((byName.get(`${ns}.${typeName}`)?.properties ?? []).map((p) => [p.name, !!p.optional]));

    const buildBlock = (attrs: HclAttr[], optional: Map<string, boolean>, depth: number): BlockSchema => {
      const block: BlockSchema = { attributes: [], blockTypes: [] };
      for (const a of attrs) {
        const isOptional = optional.get(a.camel) ?? true;
        if (!a.isBlock) {
          block.attributes.push({ name: a.name, type: attrType(a), required: !isOptional, optional: isOptional, computed: false });
          continue;
        }
        if (!a.mapper || depth > 8) throw new Error(`${tfType}.${a.name}: block without a struct mapper`);
        const fnBody = bodyAfter(src, `function ${a.mapper}ToHclTerraform(struct) {`);
        if (!fnBody) throw new Error(`${tfType}.${a.name}: ${a.mapper}ToHclTerraform not found`);
        const structName = a.mapper[0].toUpperCase() + a.mapper.slice(1);
        const inner = buildBlock(hclAttrs(fnBody), optionalOf(structName), depth + 1);
        const nesting = a.kind === "set" ? "SET" : a.kind === "struct" ? "SINGLE" : "LIST";
        block.blockTypes.push({ typeName: a.name, nesting, minItems: isOptional ? 0 : 1, maxItems: 0, block: inner });
      }
      return block;
    };

    const body = bodyAfter(src, "synthesizeHclAttributes() {");
    if (!body) throw new Error(`${file}: no synthesizeHclAttributes`);
    const attrs = hclAttrs(body).filter((a) => !(tfType === result.name && a.name === "alias")); // alias is a meta-argument
    const block = buildBlock(attrs, optionalOf(`${className}Config`), 0);

    if (tfType === result.name) {
      result.provider = block;
      result.version = /providerVersion: '([\d.]+)'/.exec(src)?.[1] ?? "";
      continue;
    }
    // computed-only attributes: read-only getters of the class that are not arguments
    const known = new Set([...block.attributes.map((a) => a.name), ...block.blockTypes.map((b) => b.typeName)]);
    for (const p of byName.get(`${ns}.${className}`)?.properties ?? []) {
      if (p.static || !p.immutable || p.name.endsWith("Input") || ["fqn", "friendlyUniqueId", "terraformMetaArguments", "terraformResourceType", "terraformGeneratorMetadata", "node", "cdktfStack"].includes(p.name)) continue;
      const name = snake(p.name);
      if (known.has(name)) continue;
      known.add(name);
      block.attributes.push({ name, type: jsiiPrimitive(p.type), required: false, optional: false, computed: true });
    }
    for (const a of block.attributes) if (a.name === "id") a.computed = true;
    if (!known.has("id")) block.attributes.push({ name: "id", type: "string", required: false, optional: true, computed: true });
    if (className.startsWith("Data")) result.dataSources[tfType] = block;
    else result.resources[tfType] = block;
  }
  if (!result.version) throw new Error(`${packageDir}: provider version not found`);
  return result;
}

const NODE_MODULES = path.resolve(__dirname, "../../node_modules");

/** The two providers the stacks use, as the bindings describe them. */
export function projectProviderSchemas(): ProviderSchema[] {
  return [
    loadProviderSchema(path.join(NODE_MODULES, "@cdktf/provider-docker"), "registry.terraform.io/kreuzwerker/docker"),
    loadProviderSchema(path.join(NODE_MODULES, "@cdktf/provider-random"), "registry.terraform.io/hashicorp/random"),
  ];
}
