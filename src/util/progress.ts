/**
 * A progress line for long runs over many sites (issue 14): `examlab synth: 420/1000 sites (380
 * unchanged)`, `examlab check: 420/1000 sites`,
 * redrawn in place on stderr at most 10 times a second, erased at the end. Only when stderr is a
 * terminal, never in CI (CI=true) or when output is piped (e.g. under the cdktf CLI), and only
 * from MIN_SITES sites on.
 */
export const MIN_SITES = 20;

export function progressEnabled(total: number, stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI !== undefined && env.CI !== "" && env.CI !== "0" && env.CI.toLowerCase() !== "false";
  return total >= MIN_SITES && stream.isTTY === true && !ci;
}

export class Progress {
  private done_ = 0;
  private cached = 0;
  private last = 0;
  private shown = false;
  private readonly enabled: boolean;

  constructor(
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
    env: NodeJS.ProcessEnv = process.env,
    /** The command it speaks for: synth, check, export. */
    private readonly command = "synth",
  ) {
    this.enabled = progressEnabled(total, stream, env);
  }

  tick(n: number, fromCache: boolean): void {
    this.done_ += n;
    if (fromCache) this.cached += n;
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 100 && this.done_ < this.total) return;
    this.last = now;
    this.shown = true;
    this.stream.write(`\r\x1b[Kexamlab ${this.command}: ${this.done_}/${this.total} sites${this.cached ? ` (${this.cached} unchanged)` : ""}`);
  }

  done(): void {
    if (this.enabled && this.shown) this.stream.write("\r\x1b[K");
    this.shown = false;
  }
}
