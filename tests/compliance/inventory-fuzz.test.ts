import { describe, expect, it } from "vitest";
import * as path from "node:path";
import { loadSiteSource } from "../../src/model/sources";
import { InputError } from "../../src/model/errors";
import { readInventoryCsv } from "../../src/inventory/csv";
import { inventoryBySite, siteRooms } from "../../src/inventory/read";
import { runChecks } from "../../src/compliance/engine";
import { slimSite } from "../../src/compliance/format/model";
import { formatJson } from "../../src/compliance/format/json";
import { formatJunit } from "../../src/compliance/format/junit";
import { formatSarif } from "../../src/compliance/format/sarif";
import { formatText } from "../../src/compliance/format/text";
import { formatReportCsv } from "../../src/compliance/format/csv";

/**
 * Bad measurements are a clear error, never an internal one: every cell of a measured-machines
 * CSV, one at a time, with every hostile or edge value, is refused as input (file, line, column)
 * or checked and reported in every format without another exception.
 */
const ROOT = path.resolve(__dirname, "../..");
const HEADER = "site,room,seat,cpuCores,cpuGHz,ramGB,diskFreeGB,display,nicSpeedMbps,nicFullDuplex,ipAssignment,restoreCard,os.name,usb2Ports,imes,tools.chrome,tools.chromedriver,tools.python,tools.pycharm,tools.requests,tools.lxml,tools.mysql,tools.mongodb,tools.redis,tools.pymysql,tools.pymongo,tools.redis-py,tools.selenium,tools.scrapy,tools.twisted,tools.pyopenssl,tools.cryptography,network.allowedReachable,network.blockedUnreachable,envCheckPassed";
const ROW = "demo-intermediate,201,1,4,3.0,8,120,1920x1080,1000,true,static,off,Windows 10 Pro,2,en;pinyin;wubi,75.0.3770.100,75.0.3770.140,3.7.9,2021.1.3,2.26.0,4.6.3,5.7,4.4,6.2.5,1.0.2,3.11.4,3.5.3,3.141.0,2.5.0,22.10.0,22.0.0,36.0.2,true,true,true";
const CELLS = ["", " ", "\"a\nb\"", "\"a,b\"", "'", "\\", "$(reboot)", "`id`", "=cmd|' /C calc'!A0", "+1", "-1", "@SUM(A1)", "0", "1e9", "1e309", "-0", "0.5", "99999999999999999999", "NaN", "Infinity", "true", "false", "yes", "未安装", "absent", "中文", "x".repeat(300), "\u0000", "\u202e", "\ufeff", "2026-02-30", "备用1", "备用0", "spare-1", "201", "999", ";", "en;;pinyin", "1920x0", "0x0", "3.7.9.9.9", "v3.7"];

describe("inventory cells never cause an internal error", () => {
  it("each cell replaced by each edge value: refused as input, or checked and reported", () => {
    const site = loadSiteSource(path.join(ROOT, "sites/demo-intermediate.yaml"));
    const columns = HEADER.split(",").length;
    const cells = ROW.split(",");
    const counts = { refused: 0, checked: 0 };
    for (let c = 0; c < columns; c++) {
      for (const v of CELLS) {
        const row = [...cells];
        row[c] = v;
        const text = `${HEADER}\n${row.join(",")}\n${ROW.replace(",201,1,", ",202,1,")}\n`;
        const said = `column ${HEADER.split(",")[c]} = ${JSON.stringify(v)}`;
        try {
          const entries = readInventoryCsv("inv.csv", text);
          const machines = inventoryBySite([siteRooms(site)], entries).get(site.spec.id) ?? [];
          const checked = [{ site: slimSite(site), result: runChecks(site, { inventory: machines, today: "2026-11-26" }) }];
          for (const lang of ["zh", "en"] as const) {
            formatJson(checked, lang, "error");
            formatJunit(checked, lang, "warning");
            formatSarif(checked, lang, ROOT);
            formatText(checked, lang, false);
            formatReportCsv(checked[0], lang);
          }
          counts.checked++;
        } catch (e) {
          if (e instanceof InputError) {
            counts.refused++;
            for (const p of e.problems) expect(p.file, said).toBe("inv.csv");
            continue;
          }
          throw new Error(`${(e as Error).stack}\nfor ${said}`);
        }
      }
    }
    expect(counts.checked).toBeGreaterThan(200);
    expect(counts.refused).toBeGreaterThan(100);
  }, 300_000);
});
