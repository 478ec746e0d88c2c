import { describe, expect, it } from "vitest";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { InventoryFile, InventoryMachine, ToolId } from "../../src/model/sections/machine";
import { renderCheckEnvironment } from "../../src/windows/render";
import { nodesOfType, parsePs } from "./ps-parser";
import { sampleSites } from "./sites";

const ROOT = path.resolve(__dirname, "../..");

/**
 * A sample in exactly the shape check-environment.ps1 writes: ConvertTo-Json of
 * [ordered]@{ site; machines = @($record) } with every $record key (the test below proves the
 * key set equals the script's). Seat 5 has a 100 Mbit NIC so `examlab check` must flag it.
 */
const SAMPLE = {
  site: "demo-intermediate",
  machines: [
    {
      room: "201", seat: 5, hostname: "R201-05", mac: "00-1A-2B-20-01-05", ipv4: "10.20.201.14",
      cpuCores: 4, cpuGHz: 3.01, ramGB: 7.9, diskFreeGB: 120.5, display: "1920x1080", nicSpeedMbps: 100, nicFullDuplex: true,
      ipAssignment: "static", restoreCard: "off", diskProtection: [], os: { name: "Microsoft Windows 10 专业版", build: "19045.3803" },
      usb2Ports: 1, browsers: { chrome: "75.0.3770.100" },
      tools: { chrome: "75.0.3770.100", chromedriver: "75.0.3770.140", python: "3.7.9", requests: "2.26.0", lxml: "4.6.3", pymysql: "1.0.2", pymongo: "3.11.4", "redis-py": "3.5.3", selenium: "3.141.0", scrapy: "2.5.0", twisted: "22.10.0", pyopenssl: "22.0.0", cryptography: "36.0.2", pycharm: "2021.1.3" },
      imes: ["en", "pinyin", "wubi"],
      network: { allowedReachable: true, blockedUnreachable: true, failures: [] },
      envCheckPassed: false, measuredAt: "2026-12-10T09:00:00",
    },
  ],
};

describe("check-environment.ps1 writes the inventory schema", () => {
  it("the record the script builds has exactly the sample's keys, all known to the inventory schema", async () => {
    const src = renderCheckEnvironment(sampleSites().intermediate);
    const { tree, errors } = await parsePs(src);
    expect(errors).toEqual([]);
    const assignment = nodesOfType(tree.rootNode, "assignment_expression").find((a) => a.text.startsWith("$record = [ordered]@{"))!;
    expect(assignment).toBeDefined();
    const body = nodesOfType(assignment, "hash_literal_body")[0];
    const keys = body.namedChildren.filter((c) => c?.type === "hash_entry").map((e) => e!.namedChildren[0]!.text);
    expect(keys.sort()).toEqual(Object.keys(SAMPLE.machines[0]).sort());
    for (const k of keys) expect(Object.keys(InventoryMachine.shape)).toContain(k);
    // nested objects as written by the script
    const nested = (name: string) => nodesOfType(body, "hash_entry").find((e) => e.namedChildren[0]!.text === name)!;
    const nestedKeys = (name: string) => nodesOfType(nested(name), "hash_entry").slice(1).map((e) => e.namedChildren[0]!.text);
    expect(nestedKeys("os")).toEqual(Object.keys(SAMPLE.machines[0].os));
    expect(nestedKeys("network")).toEqual(Object.keys(SAMPLE.machines[0].network));
    // tool ids the script can emit are ToolIds
    const toolIds = [...src.matchAll(/\$tools\['([a-z-]+)'\]/g)].map((m) => m[1]).concat([...src.matchAll(/'([a-z-]+)' = '[a-z]+'; /g)].map((m) => m[1]));
    expect(toolIds.length).toBeGreaterThan(10);
    for (const id of new Set(toolIds)) expect(ToolId.options).toContain(id);
    expect(src).toContain("ConvertTo-Json -InputObject $inventory -Depth 6");
  });

  it("the sample validates against the zod schema and the published JSON Schema", () => {
    expect(InventoryFile.safeParse(SAMPLE).success).toBe(true);
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, "schema/inventory.schema.json"), "utf8"));
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    expect(validate(SAMPLE), JSON.stringify(validate.errors)).toBe(true);
    // and a shape the script must never write is rejected (strict objects)
    expect(validate({ ...SAMPLE, machines: [{ ...SAMPLE.machines[0], cpuName: "x" }] })).toBe(false);
  });

  it("round-trips through examlab check --inventory", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "examlab-windows-inv-"));
    const inv = path.join(dir, "R201-05.json");
    fs.writeFileSync(inv, JSON.stringify(SAMPLE, null, 2));
    const r = spawnSync("node", [path.join(ROOT, "bin/examlab.js"), "check", "sites/demo-intermediate.yaml", "--inventory", inv, "--format", "json"], { cwd: ROOT, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(1); // findings
    const out = JSON.parse(r.stdout);
    const nic = out.sites[0].findings.filter((f: any) => f.rule === "PC-NIC" && f.target === "rooms/201/seats/5");
    expect(nic).toHaveLength(1);
    expect(nic[0].data.value).toBe(100);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
