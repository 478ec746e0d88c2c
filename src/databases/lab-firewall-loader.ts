/**
 * How the lab-server nftables file reaches the kernel under `cdktf deploy` (issue 11 item 7).
 *
 * One small container per lab server, managed by Terraform next to the database containers, in the
 * host's network and PID namespaces with only the capabilities it needs (not --privileged). It enters the mount and network namespaces
 * of the host's PID 1 with nsenter and runs the HOST's own `nft -f -` with the rules file it
 * received as a Terraform `upload`, then sleeps. Consequences:
 * - a change of the rules changes the upload, which replaces the container (upload is ForceNew in
 *   kreuzwerker/docker), so the new rules are loaded on `cdktf deploy`;
 * - `restart = unless-stopped` starts it again after a reboot of the lab server, which is when
 *   nftables rules vanish, so the rules come back before candidates connect;
 * - the file only replaces its own table (`delete table` + re-declaration), so Docker's rules stay.
 * It reuses the site's Redis image (the official image is Debian-based and has nsenter from
 * util-linux), so offline sites need no extra image; the lab server needs the `nft` command
 * (Debian's nftables package, installed by default on Debian 11/12).
 */
export const LAB_FIREWALL_RULES_PATH = "/etc/examlab-lab-server.nft";

/**
 * Least privilege instead of `privileged`: setns() into another mount/network namespace needs
 * CAP_SYS_ADMIN (+ CAP_SYS_CHROOT, a Docker default), opening /proc/1/ns/* needs CAP_SYS_PTRACE,
 * nft needs CAP_NET_ADMIN (setns(2), nsenter(1)). Docker's default AppArmor profile only lets a
 * container ptrace-read peers of its own profile, so /proc/1/ns of the host would be denied on
 * Debian/Ubuntu hosts with AppArmor: the loader runs unconfined by AppArmor (seccomp stays on; its
 * default profile allows setns with CAP_SYS_ADMIN).
 */
export const LAB_FIREWALL_PRIVILEGES = {
  capabilities: { add: ["SYS_ADMIN", "SYS_PTRACE", "NET_ADMIN"] },
  securityOpts: ["apparmor=unconfined"],
};

/** Environment of the loader: whose namespaces to enter (PID 1 = the lab server itself). */
export const LAB_FIREWALL_ENV = ["EXAMLAB_NFT_TARGET_PID=1"];

/** Entrypoint and command of the loader container (no `${`: Terraform would read it as a template). */
export function labFirewallLoaderCommand(): { entrypoint: string[]; command: string[] } {
  const script = [
    "set -e",
    `nsenter --target "$EXAMLAB_NFT_TARGET_PID" --mount --net -- nft -f - < ${LAB_FIREWALL_RULES_PATH}`,
    'echo "examlab: lab-server nftables rules loaded"',
    "exec sleep infinity",
  ].join("\n");
  return { entrypoint: ["/bin/sh", "-c"], command: [script] };
}
