// Where scheduler code is running, for the command line's wall-clock guard (cli/guard.ts): the kernel model
// reports it through KernelConfig.opProbe as an index — a callback of SCX_OP_NAMES, or one of the places
// below where a scheduler's own code runs outside any callback — and PROBE_NONE while the kernel model
// itself runs (whose loops are all bounded). Each report is also a heartbeat: the guard times a callback
// that never returns from the last report on.
import { SCX_OP_NAMES } from './ops.ts';

/** The kernel model itself is running (no scheduler code). */
export const PROBE_NONE = -1;
/** The scheduler definition's create(options) (at every attach, restarts included). */
export const PROBE_CREATE = SCX_OP_NAMES.length;
/** One iteration of a user-space policy (`schedule(bpf)`, rustland-core). */
export const PROBE_SCHEDULE = SCX_OP_NAMES.length + 1;

/** `ops.select_cpu()`, `create()`, … for a probe index; null for PROBE_NONE or an unknown index. */
export function probeName(index: number): string | null {
  if (index === PROBE_CREATE) return 'create()';
  if (index === PROBE_SCHEDULE) return 'the user-space policy\'s schedule()';
  const op = SCX_OP_NAMES[index];
  // The kernel's snake_case callback names (selectCpu → select_cpu), as in traces and exit messages.
  return op === undefined ? null : `ops.${op.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}()`;
}
