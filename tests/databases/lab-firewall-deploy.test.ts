import { describe, expect, it } from "vitest";
import { Testing, TerraformStack } from "cdktf";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { attachDatabases } from "../../stacks/databases/databases";
import { databasesProducer } from "../../src/databases/artifacts";
import { buildLocalImage, startDockerd } from "../helpers/dockerd";
import { requireRoot, requireTool } from "../helpers/tools";
import { fixtureSite } from "./fixtures";

/**
 * Issue 11 item 7: the lab-server nftables file is applied by `cdktf deploy` (a privileged
 * host-network loader container per lab server; src/databases/lab-firewall-loader.ts), not only
 * documented. Proven with a real Docker engine: the synthesized loader, run as Terraform would run
 * it, loads the file into the namespaces of a target process (a network namespace standing in for
 * the lab server, so the host's own ruleset is never touched).
 */
const site = fixtureSite({ id: "i11-fw", rooms: 2, labServers: [{ id: "lab-a", cpus: 32, memoryGB: 128 }, { id: "lab-b", cpus: 32, memoryGB: 128 }], databases: { assignment: { "201": "lab-a", "202": "lab-b" } } });

function synth() {
  const app = Testing.app();
  const stack = new TerraformStack(app, site.spec.id);
  attachDatabases(stack, site);
  return JSON.parse(Testing.synth(stack));
}

describe("the lab-server firewall is part of the deploy", () => {
  const json = synth();
  const artifacts = new Map(databasesProducer.produce({ site, options: {}, produced: [] }).map((a) => [a.path, String(a.content)]));

  it.each(["lab-a", "lab-b"])("%s: a host-network loader with only the capabilities it needs carries exactly its databases/lab-server-<id>.nft", (server) => {
    const c = json.resource.docker_container[`db_firewall_${server.replace(/-/g, "_")}`];
    expect(c).toBeDefined();
    expect(c.upload).toEqual([{ file: "/etc/examlab-lab-server.nft", content: artifacts.get(`databases/lab-server-${server}.nft`) }]);
    expect(c).toMatchObject({ network_mode: "host", pid_mode: "host", restart: "unless-stopped", env: ["EXAMLAB_NFT_TARGET_PID=1"] });
    expect(c.privileged).toBeUndefined();
    expect(c.capabilities).toEqual({ add: ["SYS_ADMIN", "SYS_PTRACE", "NET_ADMIN"] });
    expect(c.provider).toBe(`docker.lab_${server.replace(/-/g, "_")}`);
    expect(c.for_each).toBeUndefined(); // one per lab server
    expect(c.image).toBe(`\${docker_image.db_image_redis_${server.replace(/-/g, "_")}.image_id}`); // no extra image offline
    expect(c.entrypoint).toEqual(["/bin/sh", "-c"]);
    expect(c.command[0]).toContain("nft -f - < /etc/examlab-lab-server.nft");
    expect(c.command[0]).not.toMatch(/[$%]\{/); // no Terraform template syntax
  });

  it("loads the rules with a real Docker engine into the target's network namespace", async () => {
    requireRoot();
    requireTool("nft", "nftables");
    const c = json.resource.docker_container.db_firewall_lab_a;
    const ns = "i11fw-lab";
    spawnSync("ip", ["netns", "del", ns]);
    expect(spawnSync("ip", ["netns", "add", ns]).status).toBe(0);
    const target = spawn("ip", ["netns", "exec", ns, "sleep", "600"], { stdio: "ignore" });
    const d = await startDockerd("i11fw");
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "i11fw-"));
    try {
      // util-linux (nsenter) is in every Debian base, as in the official Debian-based redis image
      const img = await buildLocalImage(d, "examlab-test/nft-loader", []);
      const env = c.env.map((e: string) => e.replace("EXAMLAB_NFT_TARGET_PID=1", `EXAMLAB_NFT_TARGET_PID=${target.pid}`));
      await d.docker([
        "create", "--name", "fw", ...c.capabilities.add.flatMap((x: string) => ["--cap-add", x]), ...c.security_opts.flatMap((x: string) => ["--security-opt", x]), "--network", c.network_mode, "--pid", c.pid_mode, "--restart", c.restart,
        ...env.flatMap((e: string) => ["-e", e]), "--entrypoint", c.entrypoint[0], img, ...c.entrypoint.slice(1), ...c.command,
      ]);
      // what Terraform's upload does: copy the content into the created container
      const file = path.join(tmp, path.basename(c.upload[0].file));
      fs.writeFileSync(file, c.upload[0].content);
      await d.docker(["cp", file, `fw:${c.upload[0].file}`]);
      await d.docker(["start", "fw"]);
      let logs = "";
      for (let i = 0; i < 100 && !logs.includes("rules loaded"); i++) {
        logs = (await d.dockerResult(["logs", "fw"])).stdout;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(logs).toContain("examlab: lab-server nftables rules loaded");
      expect((await d.docker(["inspect", "-f", "{{.State.Running}}", "fw"])).trim()).toBe("true"); // sleeps: restart policy re-loads after a reboot
      const table = spawnSync("ip", ["netns", "exec", ns, "nft", "-j", "list", "table", "inet", "examlab_db_i11_fw"], { encoding: "utf8" });
      expect(table.status, table.stderr).toBe(0);
      const set = JSON.parse(table.stdout).nftables.find((x: any) => x.set?.name === "seat_ports").set;
      expect(set.elem.length).toBe(40 * 3); // lab-a holds room 201: 40 seats × 3 services
      // the host's own ruleset was not touched
      expect(spawnSync("nft", ["list", "table", "inet", "examlab_db_i11_fw"]).status).not.toBe(0);
    } finally {
      await d.dockerResult(["rm", "-f", "fw"]);
      await d.stop();
      target.kill("SIGKILL");
      spawnSync("ip", ["netns", "del", ns]);
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }, 600_000);
});
