import { spawnSync } from "node:child_process";

/** Debian's Packer (1.6.6) predates `packer { required_plugins }` (Packer 1.7.0). */
export function packerBefore17(packer: string): boolean {
  const v = /Packer v(\d+)\.(\d+)/.exec(spawnSync(packer, ["version"], { encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } }).stdout);
  return !!v && (Number(v[1]) < 1 || (Number(v[1]) === 1 && Number(v[2]) < 7));
}

/**
 * The template without its marked `packer {}` block, for Packer < 1.7, whose built-in qemu builder
 * is the code that became github.com/hashicorp/qemu (tests/windows/image-build.test.ts checks the
 * block's content itself).
 */
export function withoutPackerBlock(hcl: string): string {
  return hcl.replace(/# examlab:packer-block-begin[\s\S]*?# examlab:packer-block-end\n/, "");
}
