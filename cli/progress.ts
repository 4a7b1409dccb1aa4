// A one-line progress display on stderr for `schedcheck check` (no dependency): each job's run count and
// failures, and the elapsed time, redrawn in place at most every REDRAW_MS — only when stderr is a
// terminal, so logs and pipes stay clean.
const REDRAW_MS = 100;

export class ProgressLine {
  private readonly runs: number[];
  private readonly failures: number[];
  private lastDrawMs = 0;
  private drawn = false;
  private readonly enabled: boolean;

  constructor(private readonly labels: readonly string[], private readonly startMs: number,
    private readonly stream: NodeJS.WriteStream = process.stderr) {
    this.runs = labels.map(() => 0);
    this.failures = labels.map(() => 0);
    this.enabled = stream.isTTY === true;
  }

  update(index: number, runs: number, failures: number): void {
    this.runs[index] = runs;
    this.failures[index] = failures;
    const now = Date.now();
    if (!this.enabled || now - this.lastDrawMs < REDRAW_MS) return;
    this.lastDrawMs = now;
    this.draw(now);
  }

  private draw(now: number): void {
    const parts = this.labels.map((label, i) => `${label} ${this.runs[i]}${(this.failures[i] ?? 0) > 0 ? ' ✗' : ''}`);
    const line = `check: ${parts.join(' · ')}  ${((now - this.startMs) / 1000).toFixed(1)}s`;
    const width = this.stream.columns ?? 100;
    this.stream.write(`\r\x1b[K${line.slice(0, Math.max(10, width - 1))}`);
    this.drawn = true;
  }

  /** Clears the line before the summary is printed. */
  done(): void {
    if (this.enabled && this.drawn) this.stream.write('\r\x1b[K');
  }
}
