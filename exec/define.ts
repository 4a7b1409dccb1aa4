// `exec:CMD`: a user-space scheduler whose policy is a separate process speaking the line protocol
// (docs/protocol.md). execScheduler() starts the client once to learn its name and options (hello), then
// gives a scheduler definition like the shipped user-space ones: each run spawns the client afresh
// (ExecSession), the modelled BPF half and costs are scx_rustland_core's (schedulers/rustland-core/).
import type { SchedulerOption, SchedulerOptions, UserspaceSchedulerDefinition } from '../model/kernel/ops.ts';
import { InputError } from '../model/kernel/assert.ts';
import { defineUserspaceScheduler, FRAMEWORK_OPTIONS } from '../schedulers/rustland-core/define.ts';
import { ExecSession, startClient } from './session.ts';

export const EXEC_PREFIX = 'exec:';
/** Default wall-clock wait for a client's answer: above the CLI guard's 5 s, which reports a hang first. */
export const EXEC_TIMEOUT_MS_DEFAULT = 10_000;

/** The default wait, kept at twice the guard's limit when SCHEDCHECK_WALL_CLOCK_MS raises it. */
function defaultTimeoutMs(): number {
  const guard = Number(process.env['SCHEDCHECK_WALL_CLOCK_MS']);
  return Number.isSafeInteger(guard) && guard > 0 ? Math.max(EXEC_TIMEOUT_MS_DEFAULT, 2 * guard) : EXEC_TIMEOUT_MS_DEFAULT;
}

/** Options every exec scheduler has, besides the framework's (costs, ring size) and the client's own. */
export const EXEC_OPTIONS: Readonly<Record<string, SchedulerOption>> = {
  execTimeoutMs: { type: 'number', default: 0, description: 'wall-clock wait for each client answer (ms; 0: 10 s, or twice SCHEDCHECK_WALL_CLOCK_MS); none in time ends the run as hung' },
  execKillAtStep: { type: 'number', default: 0, description: 'SIGKILL the client right after the N-th schedule message, before its answer (0: never)' },
};

/** Whether a --scheduler value names an exec client. */
export function isExecRef(ref: string): boolean {
  return ref.startsWith(EXEC_PREFIX);
}

/**
 * The scheduler definition of a client command. Starts the client once for the handshake (its name and
 * declared options); throws InputError (one line) when it cannot start or does not speak the protocol.
 *
 * @example
 * ```ts
 * const rlfifo = execScheduler('node examples/exec/client.mjs rlfifo');
 * const { document } = runScenario({ scenario, scheduler: rlfifo, seed: 1 });
 * ```
 */
export function execScheduler(command: string, options: { timeoutMs?: number } = {}): UserspaceSchedulerDefinition {
  const cmd = command.startsWith(EXEC_PREFIX) ? command.slice(EXEC_PREFIX.length) : command;
  if (cmd.trim() === '') throw new InputError('--scheduler exec:: expected a command after exec:');
  const { child, hello } = startClient(cmd, Math.max(options.timeoutMs ?? 0, defaultTimeoutMs()));
  child.kill();
  const own = Object.keys(hello.options);
  for (const key of own) {
    if (key in FRAMEWORK_OPTIONS || key in EXEC_OPTIONS) {
      throw new InputError(`exec:${cmd}: the reply to hello: options.${key}: a schedcheck option of that name exists`);
    }
  }
  const spawn = (resolved: SchedulerOptions): ExecSession => {
    const clientOptions: Record<string, number | boolean | string> = {};
    for (const key of own) clientOptions[key] = resolved[key] as number | boolean | string;
    const n = (key: string, fallback: number): number => {
      const value = resolved[key];
      return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : fallback;
    };
    return new ExecSession(hello.name, { command: cmd, clientOptions,
      timeoutMs: n('execTimeoutMs', 0) || options.timeoutMs || defaultTimeoutMs(),
      killAtStep: n('execKillAtStep', 0) });
  };
  return defineUserspaceScheduler({
    name: hello.name,
    description: `exec:${cmd} (a client process over the line protocol)`,
    options: { ...hello.options, ...EXEC_OPTIONS },
    create: () => { throw new Error(`exec:${cmd}: runs through spawn(), not create()`); },
    spawn,
  });
}
