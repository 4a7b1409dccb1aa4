// A stable hash of a trace: two independent 32-bit FNV-style lanes over each event's field values in
// construction order (the same order formatEvent prints), so the same scenario, seed and scheduler give the
// same 16-hex-digit hash on every machine (DESIGN.md). Values are hashed directly, without building the
// one-line text, because this sink sees every event of every run. The frequent event types are hashed field
// by field in their declared order (trace.ts; every emit site builds them in that order), which gives the
// same hash as the generic walk over the keys and avoids `for…in` on the hot path.
import type { TraceEvent, TraceSink } from './trace.ts';

const PRIME = 0x01000193;

/** A string's word: FNV-1a over its UTF-16 code units, seeded with its length. */
function stringWord(text: string): number {
  let word = 0x811c9dc5 ^ text.length;
  for (let i = 0; i < text.length; i++) word = Math.imul(word ^ text.charCodeAt(i), PRIME);
  return word;
}

const PLACE_WORD = stringWord('place');
const OP_WORD = stringWord('op');
const OPS_STATE_WORD = stringWord('ops_state');
const TASK_STATE_WORD = stringWord('task_state');
const SWITCH_WORD = stringWord('switch');
const WAKE_WORD = stringWord('wake');
const BLOCK_WORD = stringWord('block');
const MIGRATE_WORD = stringWord('migrate');
const HANDOFF_WORD = stringWord('handoff');
const KICK_WORD = stringWord('kick');

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
      word = stringWord(text);
      if (this.stringWords.size < 65_536) this.stringWords.set(text, word);
    }
    this.mix(word);
  }

  private mixNumber(value: number): void {
    // Integers up to 2^53 as two 32-bit halves; anything else through its text form.
    if (value >>> 0 === value) {
      // 0 … 2^32 − 1 (most fields): the high half is 0.
      this.mix(value);
      this.mix(0x27d4eb2d);
    } else if (Number.isSafeInteger(value)) {
      const high = Math.floor(value / 4294967296);
      this.mix(value - high * 4294967296);
      this.mix(high ^ 0x27d4eb2d);
    } else {
      this.mixString(String(value));
    }
  }

  event(e: TraceEvent): void {
    // Each case mixes exactly what mixRecord would, in the type's declared field order.
    switch (e.type) {
      case 'place':
        this.mixNumber(e.t); this.mix(PLACE_WORD); this.mixNumber(e.pid); this.mixString(e.place);
        this.mixNumber(e.cpu); this.mixNumber(e.dsq);
        break;
      case 'op':
        this.mixNumber(e.t); this.mix(OP_WORD); this.mixString(e.op); this.mixNumber(e.pid); this.mixNumber(e.cpu);
        this.mixNumber(e.arg);
        break;
      case 'ops_state':
        this.mixNumber(e.t); this.mix(OPS_STATE_WORD); this.mixNumber(e.pid); this.mixString(e.state);
        this.mixNumber(e.qseq);
        break;
      case 'task_state':
        this.mixNumber(e.t); this.mix(TASK_STATE_WORD); this.mixNumber(e.pid); this.mixString(e.state);
        break;
      case 'switch':
        this.mixNumber(e.t); this.mix(SWITCH_WORD); this.mixNumber(e.cpu); this.mixNumber(e.prev); this.mixNumber(e.next);
        this.mixString(e.cls);
        break;
      case 'wake':
        this.mixNumber(e.t); this.mix(WAKE_WORD); this.mixNumber(e.pid); this.mixNumber(e.cpu); this.mixNumber(e.waker);
        break;
      case 'block':
        this.mixNumber(e.t); this.mix(BLOCK_WORD); this.mixNumber(e.pid); this.mixString(e.why);
        break;
      case 'migrate':
        this.mixNumber(e.t); this.mix(MIGRATE_WORD); this.mixNumber(e.pid); this.mixNumber(e.from); this.mixNumber(e.to);
        break;
      case 'handoff':
        this.mixNumber(e.t); this.mix(HANDOFF_WORD); this.mixNumber(e.pid); this.mixNumber(e.enqCnt);
        this.mixString(e.step); this.mixNumber(e.cpu);
        break;
      case 'kick':
        this.mixNumber(e.t); this.mix(KICK_WORD); this.mixNumber(e.cpu); this.mixNumber(e.target); this.mixNumber(e.flags);
        break;
      default:
        this.mixFields(e);
        return;
    }
    this.mix(0x0a0a0a0a);
    this.count++;
  }

  /** The generic path: every field of the event in construction order, then the end-of-event word. */
  mixFields(event: TraceEvent): void {
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
