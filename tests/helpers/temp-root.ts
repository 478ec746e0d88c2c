import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/**
 * vitest globalSetup: every temporary folder of a test run goes under one folder that is removed
 * at the end. Tests, cdktf's Testing.synth (cdktf.outdir.*) and the tools they start all call
 * os.tmpdir(), which reads TMPDIR; before this, each full run left hundreds of folders in /tmp.
 */
export default function setup(): () => void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "examlab-tests-"));
  // Like /tmp itself: daemons the tests start as other users (mysql, nobody) create and read
  // files here (mkdtemp's 0700 refused MariaDB's temporary files and dnsmasq's configuration).
  fs.chmodSync(root, 0o1777);
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = root; // inherited by the test workers, started after this
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    try {
      fs.rmSync(root, { recursive: true, force: true, maxRetries: 3 });
    } catch (e) {
      // A daemon's mount or a root-owned file may remain: say so rather than fail the run.
      process.stderr.write(`examlab tests: could not remove ${root}: ${(e as Error).message}\n`);
    }
  };
}
