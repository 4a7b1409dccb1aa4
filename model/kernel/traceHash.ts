// A stable hash of a trace: two independent 32-bit FNV-style lanes over each event's field values in
// construction order (the same order formatEvent prints), so the same scenario, seed and scheduler give the
// same 16-hex-digit hash on every machine (DESIGN.md). Values are hashed directly, without building the
// one-line text, because this sink sees every event of every run.
import type { TraceEvent, TraceSink } from './trace.ts';

const PRIME = 0x01000193;

export class TraceHasher implements TraceSink {
  private laneA = 0x811c9dc5;
  private laneB = 0x9e3779b9;
  count = 0;

  private mix(word: number): void {
    this.laneA = Math.imul(this.laneA ^ word, PRIME);
    this.laneB = Math.imul(this.laneB ^ (word + 0x7f4a7c15), 0x85ebca6b) ^ (this.laneB >>> 15);
  }

  /** Strings repeat (event types, op names, comms): each is reduced to one word once and cached. */
  private readonly stringWords = new Map<string, number>();

  private mixString(text: string): void {
    let word = this.stringWords.get(text);
    if (word === undefined) {
      word = 0x811c9dc5 ^ text.length;
      for (let i = 0; i < text.length; i++) word = Math.imul(word ^ text.charCodeAt(i), PRIME);
      if (this.stringWords.size < 65_536) this.stringWords.set(text, word);
    }
    this.mix(word);
  }

  private mixNumber(value: number): void {
    // Integers up to 2^53 as two 32-bit halves; anything else through its text form.
    if (Number.isSafeInteger(value)) {
      const high = Math.floor(value / 4294967296);
      this.mix(value - high * 4294967296);
      this.mix(high ^ 0x27d4eb2d);
    } else {
      this.mixString(String(value));
    }
  }

  event(event: TraceEvent): void {
    const record = event as unknown as Record<string, unknown>;
    for (const key in record) {
      const value = record[key];
      if (typeof value === 'number') this.mixNumber(value);
      else if (typeof value === 'string') this.mixString(value);
      else this.mix(value ? 0x1111 : 0x2222);
    }
    this.mix(0x0a0a0a0a);
    this.count++;
  }

  hex(): string {
    return (this.laneA >>> 0).toString(16).padStart(8, '0') + (this.laneB >>> 0).toString(16).padStart(8, '0');
  }
}
