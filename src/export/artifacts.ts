import type { Site } from "../model/site";

/** One generated file of a site (router config, script, report, table). */
export interface Artifact {
  /** Path under the site's output folder, with '/' separators. */
  path: string;
  /** What it is, for the manifest: "ip-plan", "router-config", "windows-script", "report", ... */
  kind: string;
  /** Who or what consumes it: a router family, "windows", "terraform", "people", ... */
  target: string;
  content: string | Uint8Array;
  description?: string;
}

/** Options shared by every producer; each feature reads the ones it knows. */
export interface ExportOptions {
  lang?: "zh" | "en";
  /** Inventory machines imported with --inventory, per room. */
  inventoryFiles?: string[];
}

export interface ExportContext {
  site: Site;
  options: ExportOptions;
  /** Artifacts produced so far (later producers may summarise earlier ones, e.g. the report). */
  produced: readonly Artifact[];
}

/** A feature that writes files for a site. Registered once in src/export/producers.ts. */
export interface ArtifactProducer {
  name: string;
  produce(ctx: ExportContext): Artifact[];
}
