// A trace sink that keeps an excerpt around the first violation: the last `before` events up to the moment
// a property monitor reports it, then `after` more. Lines use the one-line trace format (README, Reading a
// trace), so the excerpt is what a counterexample file stores and what `schedcheck replay` prints.
import { type DsqNames, formatEvent, type TraceEvent, type TraceSink } from '../model/kernel/trace.ts';

/** Default excerpt size: events kept before and after the violation. */
export const EXCERPT_BEFORE = 40;
export const EXCERPT_AFTER = 12;

export class ExcerptSink implements TraceSink {
  private readonly ring: string[] = [];
  private next = 0;
  private frozen: string[] | null = null;
  private readonly following: string[] = [];
  private violated: () => boolean = () => false;

  constructor(private readonly before = EXCERPT_BEFORE, private readonly after = EXCERPT_AFTER,
    private readonly dsqNames: DsqNames = new Map()) {}

  /** Tells the sink how to see that a violation has been reported (the run's property suite). */
  watch(violated: () => boolean): void {
    this.violated = violated;
  }

  event(e: TraceEvent): void {
    if (this.frozen === null && this.violated()) this.frozen = this.ordered();
    if (this.frozen !== null) {
      if (this.following.length < this.after) this.following.push(formatEvent(e, this.dsqNames));
      return;
    }
    const line = formatEvent(e, this.dsqNames);
    if (this.ring.length < this.before) this.ring.push(line);
    else this.ring[this.next] = line;
    this.next = (this.next + 1) % this.before;
  }

  private ordered(): string[] {
    return this.ring.length < this.before ? this.ring.slice() : [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)];
  }

  /** Events before the violation (or the last ones of the run when there was none) and after it. */
  excerpt(): { readonly before: string[]; readonly after: string[] } {
    return { before: this.frozen ?? this.ordered(), after: this.following.slice() };
  }
}
