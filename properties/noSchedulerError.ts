// no-scheduler-error: the scheduler exits only as the scenario expects (this folds in the old
// `expected-exit` check). An error exit (SCX_EXIT_ERROR, _ERROR_BPF, _ERROR_STALL: a runtime error, an
// scx_bpf_error, a watchdog stall) is expected only when the trace shows it injected — the exit reports the
// message of a `scxError` fault that came before it (the exit event follows the claim once the disable work
// is done) — or when it is the run's first exit, the scenario's `expect.exit` names its kind,
// and no injected fault could explain it. With `expect.exit` (or `expect.userspaceExit` for the rustland
// family), the first exit must be of that kind (`none`: no exit at all), and a run that ends without the
// expected exit violates the property too.
import type { PropertyDefinition } from './property.ts';
import { SCX_SCHEDULER_KINDS } from './property.ts';

/** Exit kinds that report a scheduler failure (kind ≥ SCX_EXIT_ERROR, reference §4.3). */
const ERROR_KINDS: ReadonlySet<string> = new Set(['SCX_EXIT_ERROR', 'SCX_EXIT_ERROR_BPF', 'SCX_EXIT_ERROR_STALL']);
/** Faults that inject an error exit at their own instant, with the kind they inject. */
const INJECTING_FAULTS: Readonly<Record<string, string>> = { scxError: 'SCX_EXIT_ERROR' };

/** The message of an injected `scxError` fault without its own (scenarios/runner.ts). */
const INJECTED_MSG_DEFAULT = 'injected runtime error';

export const UNEXPECTED_ERROR = 'unexpected scheduler error exit';
export const WRONG_KIND = 'scheduler exit of another kind than expected';
export const UNEXPECTED_EXIT = 'scheduler exited where the scenario expects it to stay loaded';
export const MISSING_EXIT = 'expected scheduler exit did not happen';
/** Reported by the command line when a callback never returns (wall-clock guard). */
export const HUNG = 'scheduler callback never returned';
/** Reported by the command line when scheduler code called process.exit() (cli/guard.ts). */
export const PROCESS_EXIT = 'scheduler code called process.exit()';
/** Reported by the command line when the simulation's worker ran out of memory (cli/guard.ts). */
export const OUT_OF_MEMORY = 'scheduler ran out of memory';

export const noSchedulerError: PropertyDefinition = {
  name: 'no-scheduler-error',
  kind: 'safety',
  description: 'no scheduler error exit the scenario does not expect; the first exit is the expected one',
  appliesTo: SCX_SCHEDULER_KINDS,
  monitor(ctx) {
    const expect = ctx.scenario.expect;
    const expected = ctx.schedulerKind === 'userspace' ? (expect?.userspaceExit ?? expect?.exit) : expect?.exit;
    const injectable = new Set((ctx.scenario.faults ?? []).map((f) => INJECTING_FAULTS[f.kind]).filter(Boolean));
    let exits = 0;
    let injectedAtNs = -1;
    let injectedKind = '';
    let injectedMsg = '';
    return {
      events: ['fault', 'exit'],
      event(e) {
        if (e.type === 'fault' && INJECTING_FAULTS[e.fault] !== undefined) {
          injectedAtNs = e.t;
          injectedKind = INJECTING_FAULTS[e.fault] as string;
          const fault = (ctx.scenario.faults ?? []).find((f) => f.kind === e.fault && f.atNs === e.t);
          injectedMsg = (fault && 'msg' in fault ? fault.msg : undefined) ?? INJECTED_MSG_DEFAULT;
          return;
        }
        if (e.type !== 'exit') return;
        exits++;
        const what = `${e.kind} (${e.reason})${e.msg ? `: ${e.msg}` : ''}`;
        if (ERROR_KINDS.has(e.kind)) {
          const injected = injectedAtNs >= 0 && injectedKind === e.kind && e.msg === injectedMsg;
          injectedAtNs = -1;
          const declared = exits === 1 && expected === e.kind && !injectable.has(e.kind);
          if (!injected && !declared) return ctx.violate(e.t, UNEXPECTED_ERROR, what);
        }
        if (exits !== 1 || expected === undefined || e.kind === expected) return;
        if (expected === 'none') return ctx.violate(e.t, UNEXPECTED_EXIT, what);
        ctx.violate(e.t, WRONG_KIND, `expected ${expected}, got ${what}`);
      },
      end(endNs) {
        if (exits === 0 && expected !== undefined && expected !== 'none') {
          ctx.violate(endNs, MISSING_EXIT, `expected ${expected}, the scheduler stayed loaded`);
        }
      },
    };
  },
};
