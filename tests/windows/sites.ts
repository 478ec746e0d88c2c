import { loadSiteFile, siteFromObject, type Site } from "../../src/model/site";
import demoPrimary from "../../sites/demo-primary";
import { parseDataFile } from "../../src/model/load";

/** The bundled samples plus an advanced site with local databases (no lab server). */
export function sampleSites(): Record<"primary" | "intermediate" | "advanced", Site> {
  const intermediate = loadSiteFile("sites/demo-intermediate.yaml");
  return { primary: siteFromObject(demoPrimary, "sites/demo-primary.ts"), intermediate, advanced: advancedSite() };
}

/** demo-intermediate turned into an advanced site without lab servers (local databases). */
export function advancedSite(patch: (data: any) => void = () => {}): Site {
  const { data } = parseDataFile("sites/demo-intermediate.yaml");
  const d = structuredClone(data) as any;
  d.id = "demo-advanced";
  d.levels = ["advanced"];
  d.labServers = [];
  d.databases = { enabled: false };
  for (const r of d.rooms) r.levels = ["advanced"];
  d.windows = { databases: "local", examClient: { name: "ExamClient", program: "C:\\Exam\\client.exe" } };
  patch(d);
  return siteFromObject(d, "advanced.yaml");
}
