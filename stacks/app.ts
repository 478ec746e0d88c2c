import { App } from "cdktf";
import type { Site } from "../src/model/site";
import { SiteStack } from "./site-stack";

/** Builds the app: one SiteStack per site, in a stable order. */
export function buildApp(sites: readonly Site[], outdir?: string, inventoryFiles?: readonly string[]): App {
  const app = new App({ outdir, stackTraces: false });
  for (const site of [...sites].sort((a, b) => (a.spec.id < b.spec.id ? -1 : 1))) new SiteStack(app, { site, inventoryFiles });
  return app;
}
