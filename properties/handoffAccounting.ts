// handoff-accounting (rustland family, reference §5.4–5.5, §5.8): every message a task sends to user space
// reaches a final outcome — dispatched (inserted, or RL_CPU_ANY), cancelled as stale, ignored for an exited
// task, or reclaimed when the scheduler exits — and no message the policy dequeued is left without a
// decision while its task waits; the counters the backend publishes agree with the handoff events.
// Counters are compared at settle points, because the backend bumps a counter just before it traces the
// step. Legality of each single step is the handoff statechart's job (the `lifecycle` property).
import type { PropertyDefinition } from './property.ts';
import { isWaitingPlace } from './world.ts';

export const FORGOTTEN = 'a message the policy dequeued got no decision while its task waited';
export const COUNTER_MISMATCH = 'a counter disagrees with the handoff events';
export const HELD_UNCOUNTED = 'the policy holds more undecided messages than the nr_scheduled it reports';

/**
 * Default bound for a dequeued message to get its decision: two heartbeat periods plus slack. A user-space
 * scheduler preempted in the middle of a loop, before it published nr_scheduled, is not pulled again until
 * the heartbeat sets usersched_needed (reference §5.5 step 2, §5.6); the heartbeat fires every 1 s but only
 * acts once the scheduler has not run for a whole second, so that can take up to 2 s.
 */
const DECISION_NS_DEFAULT = 2_500_000_000;

type Stage = 'ring' | 'user' | 'dispatched' | 'bounced';

interface Message {
  readonly pid: number;
  stage: Stage;
  sinceNs: number;
  bounced: boolean;
}

/** The counters reference §5.8 derives from handoff steps, and how. */
const TALLIED = ['nr_user_dispatches', 'nr_bounce_dispatches', 'nr_cancel_dispatches', 'nr_kernel_dispatches',
  'nr_sched_congested', 'nr_failed_dispatches'] as const;
type Tallied = (typeof TALLIED)[number];

export const handoffAccounting: PropertyDefinition = {
  name: 'handoff-accounting',
  kind: 'safety',
  description: 'every rustland message reaches a final outcome, none is forgotten, counters agree with the trace',
  appliesTo: ['userspace'],
  bound: { meaning: 'longest time a dequeued message may wait for its decision', defaultText: '2.5 s' },
  monitor(ctx) {
    const open = new Map<string, Message>();
    const tally = new Map<Tallied, number>(TALLIED.map((n) => [n, 0]));
    const published = new Map<string, number>();
    let enabled = false;
    const bump = (name: Tallied): void => { tally.set(name, (tally.get(name) ?? 0) + 1); };
    const reset = (): void => {
      open.clear();
      published.clear();
      for (const name of TALLIED) tally.set(name, 0);
    };
    return {
      events: ['scx_state', 'counter', 'handoff'],
      event(e) {
        if (e.type === 'scx_state') {
          if (e.state === 'ENABLING') reset();
          if (e.state === 'DISABLING') open.clear();
          enabled = e.state === 'ENABLED' || e.state === 'ENABLING';
          return;
        }
        if (e.type === 'counter') {
          published.set(e.name, e.value);
          // notify_complete(n) publishes how many tasks the policy still holds: every message it dequeued
          // and has not decided on is one of them, so a smaller n means a task fell out of its queue.
          if (e.name === 'nr_scheduled' && !ctx.violated) {
            let held = 0;
            for (const m of open.values()) if (m.stage === 'user') held++;
            if (e.value < held) ctx.violate(e.t, HELD_UNCOUNTED, `nr_scheduled = ${e.value}, undecided dequeued messages = ${held}`);
          }
          return;
        }
        if (e.type !== 'handoff') return;
        const key = `${e.pid}:${e.enqCnt}`;
        const message = open.get(key);
        switch (e.step) {
          case 'queued': open.set(key, { pid: e.pid, stage: 'ring', sinceNs: e.t, bounced: false }); return;
          case 'dequeued': if (message) { message.stage = 'user'; message.sinceNs = e.t; } return;
          case 'submitted': if (message) message.stage = 'dispatched'; return;
          case 'bounced': bump('nr_bounce_dispatches'); if (message) { message.stage = 'bounced'; message.bounced = true; } return;
          case 'inserted': if (!message?.bounced) bump('nr_user_dispatches'); open.delete(key); return;
          case 'cancelled':
            bump('nr_cancel_dispatches');
            if (!message?.bounced) bump('nr_user_dispatches');
            open.delete(key);
            return;
          case 'any': case 'ignored': open.delete(key); return;
          case 'kernel': bump('nr_kernel_dispatches'); return;
          case 'congested': bump('nr_kernel_dispatches'); bump('nr_sched_congested'); return;
        }
      },
      settled(nowNs) {
        if (ctx.violated) return;
        for (const name of TALLIED) {
          const value = published.get(name) ?? 0;
          const expected = tally.get(name) ?? 0;
          if (value !== expected) return ctx.violate(nowNs, COUNTER_MISMATCH, `${name} = ${value}, the trace says ${expected}`);
        }
      },
      end(endNs, world) {
        if (ctx.violated || !enabled) return;
        const boundNs = ctx.boundNs ?? DECISION_NS_DEFAULT;
        for (const message of open.values()) {
          if (message.stage !== 'user' || endNs - message.sinceNs <= boundNs) continue;
          const task = world.tasks.get(message.pid);
          if (!task || !task.alive || !isWaitingPlace(task.place)) continue;
          return ctx.violate(endNs, FORGOTTEN, `${task.comm}[${message.pid}] dequeued at ${message.sinceNs} ns, ` +
            `no decision by ${endNs} ns (bound ${boundNs} ns)`);
        }
      },
    };
  },
};
