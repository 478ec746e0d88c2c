import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { localMysqlLogin, renderCheckEnvironment, renderProvision } from "../../src/windows/render";
import { nodesOfType, parsePs } from "./ps-parser";
import { advancedSite } from "./sites";
import { startMariaDb } from "../databases/servers";

/**
 * Issue 11 item 3: local-mode MySQL 5.7 is initialised with --initialize-insecure (root without a
 * password, MySQL 5.7 manual "Initializing the Data Directory"), so exam code using the published
 * root/123456 was denied. The provisioning sets the published password and check-environment.ps1
 * verifies it by logging in.
 */
describe("local-mode MySQL gets the published credentials", () => {
  it("provision: an idempotent step whose probe logs in with the published password and whose action sets it", async () => {
    const site = advancedSite();
    const src = renderProvision(site, "advanced");
    const { tree } = await parsePs(src);
    const steps = nodesOfType(tree.rootNode, "command").filter((c) => c.text.startsWith("Invoke-Step -Name ('MySQL login '"));
    expect(steps).toHaveLength(1);
    expect(steps[0].text).toContain("-Test { Test-MysqlLogin }");
    expect(steps[0].text).toContain("--skip-password");
    expect(steps[0].text).toContain("('--execute=' + $Config.mysql.login.sql)");
    const probe = nodesOfType(tree.rootNode, "function_statement").find((f) => f.text.startsWith("function Test-MysqlLogin"))!;
    expect(probe.text).toContain("('--password=' + $Config.mysql.login.password)");
    expect(probe.text).toContain("$LASTEXITCODE -eq 0");
    // the step runs after the service exists
    expect(src.indexOf("Invoke-Step -Name ('MySQL login ")).toBeGreaterThan(src.indexOf("Start-Service -Name 'MySQL57'"));
    expect(src).toContain("'password' = '123456'");
    // lab-server mode has no local MySQL: no login step
    expect(renderProvision(advancedSite((d) => (d.windows.databases = "lab-server")), "advanced")).not.toContain("MySQL login");
  });

  it("check-environment: a DB-MYSQL-LOGIN verdict from a real login", async () => {
    const src = renderCheckEnvironment(advancedSite());
    expect(src).toContain("Add-Verdict 'DB-MYSQL-LOGIN' $loginOk");
    expect(src).toMatch(/\$null = & \$mysqlCli \('--user=' \+ \$Config\.mysqlLogin\.user\) \('--password=' \+ \$Config\.mysqlLogin\.password\)/);
    expect(src).toContain("'mysqlLogin' = [ordered]@{\n        'user' = 'root'\n        'password' = '123456'");
  });

  it("the generated SQL really sets the password on a fresh password-less root (MariaDB from Debian)", async () => {
    const db = await startMariaDb();
    const sock = path.join(db.dir, "sock");
    const cli = (...args: string[]) => spawnSync("mariadb", ["--no-defaults", `--socket=${sock}`, ...args], { encoding: "utf8" });
    try {
      expect(cli("--user=root", "--skip-password", "--execute=SELECT 1").status).toBe(0); // like --initialize-insecure
      for (const creds of [undefined, { user: "exam_user", password: "Pa55;w0rd!" }]) {
        const site = advancedSite((d) => {
          if (creds) d.databases = { enabled: false, credentials: { mysql: creds } };
        });
        const login = localMysqlLogin(site);
        // the same argv the script passes to mysql.exe (PowerShell 5.1 keeps it one argument: no double quotes)
        const set = cli("--user=root", creds ? "--password=123456" : "--skip-password", `--execute=${login.sql}`);
        expect(set.status, set.stderr).toBe(0);
        expect(cli(`--user=${login.user}`, `--password=${login.password}`, "--execute=SELECT 1").status).toBe(0);
        expect(cli(`--user=${login.user}`, "--skip-password", "--execute=SELECT 1").status).not.toBe(0);
        // idempotent: running it again is harmless
        expect(cli("--user=root", "--password=123456", `--execute=${login.sql}`).status).toBe(0);
      }
    } finally {
      await db.stop();
    }
  });
});
