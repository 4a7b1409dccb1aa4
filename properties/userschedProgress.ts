// usersched-progress (rustland family, reference §5.6): whenever work is pending for user space —
// messages in the queued ring, or tasks it holds (nr_scheduled > 0) — the user-space scheduler gets a CPU
// within a bound: two heartbeat periods plus slack. A liveness property, judged in the quiet phase while the
// scheduler is loaded.
import { waitCause } from './attribution.ts';
import type { PropertyDefinition } from './property.ts';

export const NO_PROGRESS = 'the user-space scheduler did not run while work was pending';

/**
 * Two heartbeat periods plus slack: the 1 s timer acts only once the scheduler has not run for a whole
 * second, so pending work may wait up to 2 s (reference §5.6).
 */
const PROGRESS_NS_DEFAULT = 2_500_000_000;

export const userschedProgress: PropertyDefinition = {
  name: 'usersched-progress',
  kind: 'liveness',
  description: 'the user-space scheduler runs within its heartbeat bound whenever work is pending',
  appliesTo: ['userspace'],
  bound: { meaning: 'longest time pending work may wait for the user-space scheduler to run', defaultText: '2.5 s' },
  monitor(ctx) {
    let userschedPid = -1;
    let lastRunNs = 0;
    let enabled = false;
    let queuedMessages = 0;
    let nrScheduled = 0;
    let pendingSinceNs = -1;
    const pending = (): boolean => queuedMessages > 0 || nrScheduled > 0;
    return {
      events: ['usersched', 'switch', 'scx_state', 'counter', 'handoff'],
      event(e) {
        if (e.type === 'usersched') userschedPid = e.pid;
        else if (e.type === 'switch' && e.next === userschedPid) lastRunNs = e.t;
        else if (e.type === 'scx_state') {
          enabled = e.state === 'ENABLED';
          if (e.state === 'ENABLING' || e.state === 'DISABLING') { queuedMessages = 0; nrScheduled = 0; }
        } else if (e.type === 'counter' && e.name === 'nr_scheduled') nrScheduled = e.value;
        else if (e.type === 'handoff' && e.step === 'queued') queuedMessages++;
        else if (e.type === 'handoff' && e.step === 'dequeued') queuedMessages = Math.max(0, queuedMessages - 1);
        else return;
        if (!pending()) pendingSinceNs = -1;
        else if (pendingSinceNs < 0) pendingSinceNs = e.t;
      },
      settled(nowNs, world) {
        if (ctx.violated || !enabled || nowNs < ctx.quietStartNs || pendingSinceNs < 0 || userschedPid < 0) return;
        if (world.tasks.get(userschedPid)?.alive !== true) return;
        const boundNs = ctx.boundNs ?? PROGRESS_NS_DEFAULT;
        const fromNs = Math.max(lastRunNs, pendingSinceNs);
        if (nowNs - fromNs <= boundNs) return;
        const usersched = world.tasks.get(userschedPid);
        // Reported when the bound was crossed (judged from the quiet phase on), with the task's state then.
        const atNs = Math.max(fromNs + boundNs, ctx.quietStartNs);
        ctx.violate(atNs, NO_PROGRESS, `pending since ${pendingSinceNs} ns (${queuedMessages} queued, ` +
          `nr_scheduled ${nrScheduled}), last run at ${lastRunNs} ns (bound ${boundNs} ns)` +
          (usersched ? `; ${usersched.comm}[${userschedPid}]: ${waitCause(world, usersched, fromNs, atNs)}` : ''));
      },
    };
  },
};
