import { createHash } from "node:crypto";
import type { Site } from "../model/site";
import type { Artifact, ExportOptions } from "./artifacts";
import { PRODUCERS } from "./producers";
import { toJson } from "../util/json";
import { EXAMLAB_VERSION } from "../version";
import { pushAll } from "../util/arrays";
import { artifactBytes } from "./bytes";

export interface ManifestEntry {
  path: string;
  kind: string;
  target: string;
  sha256: string;
  bytes: number;
  description?: string;
}

export interface Manifest {
  examlab: string;
  site: string;
  name: string;
  files: ManifestEntry[];
}

/** Runs every producer for a site and adds manifest.json; same input → byte-identical files. */
export function produceArtifacts(site: Site, options: ExportOptions = {}): Artifact[] {
  const produced: Artifact[] = [];
  for (const producer of PRODUCERS) pushAll(produced, producer.produce({ site, options, produced }));
  const seen = new Set<string>();
  for (const a of produced) {
    if (seen.has(a.path)) throw new Error(`two producers wrote ${a.path}`);
    seen.add(a.path);
  }
  produced.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const manifest: Manifest = {
    examlab: EXAMLAB_VERSION,
    site: site.spec.id,
    name: site.spec.name,
    files: produced.map((a) => {
      // Encoded once: the writers reuse these bytes (src/export/bytes.ts).
      const encoded = artifactBytes(a);
      const sha256 = createHash("sha256").update(encoded).digest("hex");
      const bytes = encoded.byteLength;
      return { path: a.path, kind: a.kind, target: a.target, sha256, bytes, ...(a.description ? { description: a.description } : {}) };
    }),
  };
  return [...produced, { path: "manifest.json", kind: "manifest", target: "people", content: toJson(manifest) }];
}
