import { describe, expect, it } from "vitest";
import { loadSiteFile } from "../../src/model/site";
import { firstBootSegments } from "../../src/windows/render";
import { seatEndpoints } from "../../src/databases/port-map";
import { windowsScriptBytes } from "../../src/windows/powershell";

/**
 * first-boot-identity.ps1 is rendered around a marker for its seat table and written from
 * segments (issue 14). The text is the template rendered with the table in place.
 */
describe("first-boot-identity.ps1 in segments", () => {
  it("joins to the script, with the table where the template puts it and no marker left", () => {
    const site = loadSiteFile("sites/demo-intermediate.yaml");
    const segments = firstBootSegments(site, seatEndpoints(site));
    const text = segments.join("");
    // The template's text around the table, the table's own segments in between.
    expect(segments[0].endsWith("\n$Config = ")).toBe(true);
    expect(segments[1]).toBe("[ordered]@{\n    'site' = ");
    expect(text).not.toContain("\u0000");
    expect(text).toMatch(/\n\$Config = \[ordered\]@\{\n {4}'site' = /);
    expect(segments.length).toBeGreaterThan(10);
    expect(Buffer.from(windowsScriptBytes(segments)).equals(Buffer.from(windowsScriptBytes(text)))).toBe(true);
  });
});
