import { execFileSync, spawnSync } from "node:child_process";

/**
 * Asserts an external tool is installed. A missing validator or daemon is a FAILURE, never a skip:
 * `bash scripts/install-test-tools.sh` (as root) installs everything the tests use.
 */
export function requireTool(command: string, debianPackage: string): string {
  const r = spawnSync("sh", ["-c", `command -v ${command}`], { encoding: "utf8" });
  const where = r.stdout.trim();
  if (r.status !== 0 || !where)
    throw new Error(`${command} is not installed (Debian package ${debianPackage}); run (as root): bash scripts/install-test-tools.sh`);
  return where;
}

/** True when running as root (network namespaces, nft, daemons as their users). */
export function requireRoot(): void {
  const uid = Number(execFileSync("id", ["-u"], { encoding: "utf8" }).trim());
  if (uid !== 0) throw new Error("this test needs root (network namespaces / daemons); CI runs as root");
}
