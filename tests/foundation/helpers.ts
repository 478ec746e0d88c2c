import { loadSiteFile } from "../../src/model/site";
import { InputError, formatProblem } from "../../src/model/errors";

/** A small valid site as YAML text; tests patch it line by line. */
export const MINIMAL_SITE = `id: mini
name: Mini site
levels: [primary]
network:
  block: 10.9.0.0/16
rooms:
  - id: "101"
    levels: [primary]
    candidates: 40
    layout: { widthM: 12, depthM: 12, rows: 5, columns: 10, pitchM: 1.1 }
`;

/** Loads YAML text as a site file and returns the formatted problems (empty when valid). */
export function problemsOf(yaml: string, file = "site.yaml"): string[] {
  try {
    loadSiteFile(file, yaml);
    return [];
  } catch (e) {
    if (e instanceof InputError) return e.problems.map((p) => formatProblem(p));
    throw e;
  }
}
