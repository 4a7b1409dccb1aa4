// A stable hash of a trace: two independent 32-bit FNV-1a lanes over each event's one-line form, so the
// same scenario, seed and scheduler give the same 16-hex-digit hash on every machine (DESIGN.md).
import { formatEvent, type TraceEvent, type TraceSink } from './trace.ts';

export class TraceHasher implements TraceSink {
  private laneA = 0x811c9dc5;
  private laneB = 0x01000193 ^ 0x9e3779b9;
  count = 0;

  event(event: TraceEvent): void {
    const line = formatEvent(event);
    let a = this.laneA;
    let b = this.laneB;
    for (let i = 0; i < line.length; i++) {
      const c = line.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 13);
    }
    this.laneA = Math.imul(a ^ 10, 0x01000193);
    this.laneB = b;
    this.count++;
  }

  hex(): string {
    return (this.laneA >>> 0).toString(16).padStart(8, '0') + (this.laneB >>> 0).toString(16).padStart(8, '0');
  }
}
