import { describe, expect, it } from "vitest";
import * as fs from "node:fs";
import * as path from "node:path";
import { siteAllowlistProblems } from "../../src/allowlist/site-policy";
import { lanConflicts } from "../../src/allowlist/special-addresses";
import { readListSync } from "../../src/allowlist/sources";
import { cidrOf, type Cidr } from "../../src/allowlist/cidr";
import { loadSiteFile } from "../../src/model/site";
import { tmpDir } from "./helpers";

/**
 * A province's sites share one official list (read once) and its LAN-conflict answer is kept per
 * (list, site blocks) (issue 14). Each site must still get exactly its own conflicts: entries
 * inside its own blocks, never another site's, in any order of sites, and a changed list file
 * gives the new answer.
 */
describe("one list shared by many sites", () => {
  const dir = tmpDir("shared-list");
  const list = path.join(dir, "official.txt");
  const site = (id: string, block: string) =>
    loadSiteFile(path.join(dir, `${id}.yaml`), `id: ${id}
name: Site ${id}
levels: [primary]
network:
  block: ${block}
allowlist:
  sources: [official.txt]
rooms:
  - id: "101"
    levels: [primary]
    candidates: 40
    layout: { widthM: 12, depthM: 12, rows: 5, columns: 10, pitchM: 1.1 }
`);
  const conflicts = (s: ReturnType<typeof site>) => siteAllowlistProblems(s).map((p) => p.message);
  const expected = (block: string) =>
    lanConflicts(readListSync(list, "official.txt").entries, [cidrOf(block) as Cidr]).map((p) => p.message);

  it("each site gets the conflicts of its own blocks, in any order", () => {
    fs.writeFileSync(list, "exam.example.cn\n58.200.1.10\n59.1.2.3\n59.1.2.0/24\n");
    const blocks = ["58.200.0.0/16", "59.1.0.0/16", "60.3.0.0/16"];
    const want = blocks.map(expected);
    expect(want[0]).toHaveLength(1);
    expect(want[0][0]).toContain("58.200.1.10");
    expect(want[1]).toHaveLength(2);
    expect(want[2]).toEqual([]);
    for (const order of [[0, 1, 2, 0, 1, 2], [2, 1, 0, 1, 2, 0], [1, 1, 0, 0, 2, 2]]) {
      order.forEach((b, k) => expect(conflicts(site(`s${k}`, blocks[b])), `block ${blocks[b]}`).toEqual(want[b]));
    }
  });

  it("a changed list file gives the new conflicts", () => {
    fs.writeFileSync(list, "58.200.1.10\n");
    expect(conflicts(site("a", "58.200.0.0/16"))).toHaveLength(1);
    fs.writeFileSync(list, "exam.example.cn\n58.200.1.10\n58.200.9.9\n");
    // A different size: the reader sees a new file, and the conflicts follow it.
    expect(conflicts(site("b", "58.200.0.0/16"))).toHaveLength(2);
  });
});
