import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Node } from "web-tree-sitter";
import { psString, psText, psValue, UnsafeScriptValueError } from "../../src/windows/powershell";
import { renderProvision, renderCheckEnvironment } from "../../src/windows/render";
import { windowsArtifacts } from "../../src/windows/producer";
import { InputError } from "../../src/model/errors";
import { nodesOfType, parsePs, scriptText } from "./ps-parser";
import { advancedSite } from "./sites";

/** Decoded values of every single-quoted string literal in a parse tree. */
function verbatimValues(root: Node): string[] {
  return nodesOfType(root, "verbatim_string_characters").map((n) => n.text.slice(1, -1).replace(/(['\u2018\u2019\u201A\u201B])\1/g, "$1"));
}

const HOSTILE = ["'", "''", "\u2019", "\u2018", "$", "$(calc)", "${env:x}", "`", "`n", ";", "|", "&", "\"", "#", "<#", "#>", "@'", "'@", "{", "}", "(", ")", "考场", "é", "🙂", " ", "\\", "-", "%"];
const hostileString = fc.array(fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 3 }), fc.string({ unit: "grapheme", maxLength: 3 })), { minLength: 1, maxLength: 12 }).map((p) => p.join(""));
const noControl = (s: string) => !/[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u2028\u2029]/.test(s);

describe("psString: site data stays one literal (parse tree)", () => {
  it("any string without control characters parses as exactly one verbatim string with the same value", async () => {
    await fc.assert(
      fc.asyncProperty(hostileString.filter(noControl), async (v) => {
        const { tree, errors } = await parsePs(`$x = ${psString(v)}\nWrite-Host $x\n`);
        expect(errors).toEqual([]);
        expect(nodesOfType(tree.rootNode, "verbatim_string_characters")).toHaveLength(1);
        expect(verbatimValues(tree.rootNode)).toEqual([v]);
        expect(nodesOfType(tree.rootNode, "variable").map((n) => n.text)).toEqual(["$x", "$x"]);
      }),
      { numRuns: 300 },
    );
  });

  it("control characters are refused by psString and flattened by psText", () => {
    fc.assert(
      fc.property(hostileString, fc.constantFrom("\n", "\r", "\r\n", "\u2028", "\u0000"), hostileString, (a, c, b) => {
        expect(() => psString(a + c + b)).toThrow(UnsafeScriptValueError);
        expect(psText(a + c + b)).not.toMatch(/[\r\n\u2028\u0000]/);
      }),
    );
  });

  it("psValue keys and nested values stay literals", async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(hostileString.filter(noControl), hostileString.filter(noControl), { maxKeys: 4 }), async (obj) => {
        const { tree, errors } = await parsePs(`$c = ${psValue({ data: obj, list: Object.values(obj) })}\n$c\n`);
        expect(errors).toEqual([]);
        const values = verbatimValues(tree.rootNode);
        for (const [k, v] of Object.entries(obj)) {
          expect(values).toContain(k);
          expect(values.filter((x) => x === v).length).toBeGreaterThanOrEqual(2);
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe("hostile site data in the generated scripts", () => {
  // Paths Windows allows may still carry quotes, $, backticks, ';' and non-ASCII.
  const pathPart = fc.array(fc.constantFrom("'", "$", "`", ";", "考场", "é", "a", " ", "&", "(", ")", "{", "}", "\u2019", "@"), { minLength: 1, maxLength: 8 }).map((p) => p.join(""));

  it("site name, cache path, setup root and exam client path are single literals in every script", async () => {
    await fc.assert(
      fc.asyncProperty(hostileString, pathPart, pathPart, async (name, cacheDir, clientDir) => {
        const site = advancedSite((d) => {
          d.name = name.slice(0, 100).trim() || "x";
          d.windows.packageCache = `D:\\${cacheDir}\\cache`;
          d.windows.setupRoot = `C:\\${cacheDir}`;
          d.windows.examClient.program = `C:\\${clientDir}\\client.exe`;
        });
        const expected = [`D:\\${cacheDir}\\cache`, `C:\\${cacheDir}`, `C:\\${clientDir}\\client.exe`];
        // windows/packer/winrm-setup.ps1 carries no site data (build VM only)
        for (const a of windowsArtifacts(site).filter((x) => x.path.endsWith(".ps1") && !x.path.startsWith("windows/packer/"))) {
          const { tree, errors } = await parsePs(scriptText(a.content));
          expect(errors).toEqual([]);
          const values = verbatimValues(tree.rootNode);
          expect(values).toContain(`C:\\${cacheDir}`);
          if (a.path.includes("provision")) for (const e of expected) expect(values).toContain(e);
          // the site name appears (flattened to one line) as one literal of its own
          expect(values).toContain(site.spec.name.replace(/[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u2028\u2029]/g, " "));
        }
      }),
      { numRuns: 25 },
    );
  });

  it("an exam server address with a newline is refused as an input error naming the site file", () => {
    const site = advancedSite((d) => {
      d.network.examServers = [{ name: "exam", address: "exam.example.cn\n; Remove-Item C:\\ -Recurse", ports: [443] }];
    });
    expect(() => windowsArtifacts(site)).toThrow(InputError);
    expect(() => windowsArtifacts(site)).toThrow(/advanced\.yaml: .*control characters/);
  });

  it("an exam server address with quotes and $ stays literal", async () => {
    const evil = "exam'; $(Remove-Item C:\\ -Recurse) #`\"";
    const site = advancedSite((d) => {
      d.network.examServers = [{ name: "exam", address: evil, ports: [443] }];
    });
    for (const src of [renderProvision(site, "advanced"), renderCheckEnvironment(site)]) {
      const { tree, errors } = await parsePs(src);
      expect(errors).toEqual([]);
      expect(verbatimValues(tree.rootNode)).toContain(evil);
      expect(nodesOfType(tree.rootNode, "command_name").map((n) => n.text)).not.toContain("Remove-Item");
    }
  });
});
