import * as fs from "node:fs";
import * as path from "node:path";
import type { ISynthesisSession, TerraformStack } from "cdktf";
import type { Artifact } from "../src/export/artifacts";
import { offlineLockFile } from "../src/bundle/stack-lock";
import { artifactBytes } from "../src/export/bytes";

/**
 * The one mechanism that puts generated non-Terraform files next to cdk.tf.json
 * (reference/cdktf.md §6 A): the stack's synthesizer is wrapped, the normal synthesis runs, then
 * the files are written under `files/`. The content callback runs at synth time, after aspects,
 * so it sees the final construct tree; the files are written even when synthesis throws.
 */
export function attachOutputFiles(stack: TerraformStack, files: () => readonly Artifact[]): void {
  const inner = stack.synthesizer;
  stack.synthesizer = {
    synthesize(session: ISynthesisSession) {
      try {
        inner.synthesize(session);
      } finally {
        // Also when synthesis throws on error annotations: the compliance report that explains
        // the failure must still land next to cdk.tf.json (reference/cdktf.md §14.4).
        const stackDir = path.join(session.outdir, session.manifest.forStack(stack).workingDirectory);
        // Offline site (issue 13): the bundle's provider lock file, so `terraform init` installs
        // only the bundled providers and refuses any whose hash differs.
        const lock = offlineLockFile();
        if (lock !== undefined) fs.writeFileSync(path.join(stackDir, ".terraform.lock.hcl"), lock);
        const dir = path.join(stackDir, "files");
        fs.rmSync(dir, { recursive: true, force: true }); // no stale files from an earlier synth
        const made = new Set<string>();
        for (const f of files()) {
          const dest = path.join(dir, f.path);
          const parent = path.dirname(dest);
          if (!made.has(parent)) {
            fs.mkdirSync(parent, { recursive: true });
            made.add(parent);
          }
          // The bytes the manifest hashed (encoded once, src/export/bytes.ts).
          fs.writeFileSync(dest, artifactBytes(f));
        }
      }
    },
  };
}
