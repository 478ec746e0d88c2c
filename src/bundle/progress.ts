/**
 * Progress bars for the long steps of `examlab bundle` (downloads, docker save). Drawn only on an
 * interactive terminal: in CI (CI set) or when output goes to a file or pipe, nothing is drawn and
 * only the one-line summaries the command prints remain.
 */
export interface Bar {
  update(done: number, total?: number): void;
  finish(): void;
}

export interface Progress {
  readonly enabled: boolean;
  bar(label: string, total?: number): Bar;
}

export function progressFor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): Progress {
  const enabled = stream.isTTY === true && !env.CI && env.TERM !== "dumb";
  if (!enabled) return { enabled, bar: () => ({ update() {}, finish() {} }) };
  return {
    enabled,
    bar(label, initialTotal) {
      let total = initialTotal;
      let last = 0;
      const draw = (done: number) => {
        const width = Math.max(10, Math.min(30, (stream.columns ?? 80) - label.length - 30));
        const frac = total ? Math.min(1, done / total) : 0;
        const fill = Math.round(frac * width);
        const bar = total ? `[${"#".repeat(fill)}${".".repeat(width - fill)}] ${String(Math.floor(frac * 100)).padStart(3)}%` : "[working]";
        stream.write(`\r${label} ${bar} ${formatBytes(done)}${total ? ` / ${formatBytes(total)}` : ""}\x1b[K`);
      };
      return {
        update(done, t) {
          if (t !== undefined) total = t;
          const now = Date.now();
          if (now - last < 100 && (!total || done < total)) return; // ~10 redraws a second at most
          last = now;
          draw(done);
        },
        finish() {
          stream.write("\r\x1b[K");
        },
      };
    },
  };
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}
