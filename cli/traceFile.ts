// A trace sink that writes one line per event to a file. It writes to a temporary file and renames it at
// the end, so a failed run never leaves a half-written trace behind.
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { type DsqNames, formatEvent, type TraceEvent, type TraceSink } from '../model/kernel/trace.ts';
import { UsageError } from './errors.ts';

export class TraceFileSink implements TraceSink {
  private readonly tmpPath: string;
  private readonly fd: number;
  private buffer: string[] = [];

  constructor(private readonly path: string, private readonly dsqNames: DsqNames = new Map()) {
    this.tmpPath = `${path}.tmp-${process.pid}`;
    try {
      this.fd = openSync(this.tmpPath, 'w');
    } catch (error) {
      // Bad input (a folder that cannot be written), not an internal error: one line, exit 2.
      throw new UsageError(`--trace: ${path}: cannot write: ${(error as Error).message.split(':')[0]}`);
    }
  }

  event(event: TraceEvent): void {
    this.buffer.push(formatEvent(event, this.dsqNames));
    if (this.buffer.length >= 4096) this.flush();
  }

  private flush(): void {
    if (this.buffer.length === 0) return;
    writeSync(this.fd, `${this.buffer.join('\n')}\n`);
    this.buffer = [];
  }

  /** Completes the file (rename into place). */
  commit(): void {
    this.flush();
    closeSync(this.fd);
    renameSync(this.tmpPath, this.path);
  }

  abandon(): void {
    closeSync(this.fd);
    rmSync(this.tmpPath, { force: true });
  }
}
