// The mutant catalogue's toolkit (schedulers/mutants/): each mutant is a shipped scheduler with ONE change
// that stands for a real bug class, written as a change to its ops table (a callback dropped or wrapped)
// or to the kfunc context one callback sees (`withCtx`: a kfunc that misbehaves the way the buggy line
// would), so the shipped code stays the single source and the mutation reads as one idea. User-space
// mutants change the policy's view of the BpfScheduler API (`withBpf`) or the framework's BPF half
// (UserspaceSchedulerDefinition.backend). Mutants are canaries: `--scheduler all` never runs them.
import type {
  SchedExtOps, SchedExtSchedulerDefinition, SchedulerOptions, ScxCtx, UserspaceSchedulerDefinition,
} from '../../model/kernel/ops.ts';
import type { UserspacePolicyDefinition } from '../rustland-core/define.ts';
import { defineScheduler } from '../../model/kernel/ops.ts';
import type { BpfScheduler } from '../rustland-core/bpfScheduler.ts';
import type { UserspacePolicy } from '../rustland-core/process.ts';

/** The generator dimensions of issue 11 a mutant needs to be found (none: the older generator finds it). */
export type Dimension = 'longSleeper' | 'crowd' | 'uptime' | 'numericOptions' | 'moveDomain';

export interface MutantInfo {
  /** The shipped scheduler it mutates. */
  readonly base: string;
  /** The real bug class it stands for, in words. */
  readonly bugClass: string;
  /** What it takes for a generated scenario to expose it. */
  readonly needs: readonly Dimension[];
}

export type MutantDefinition = (SchedExtSchedulerDefinition | UserspaceSchedulerDefinition) & { readonly mutant: MutantInfo };

/** A context whose kfuncs are `ctx`'s except `overrides` (which may call the real ones on `ctx`). */
export function withCtx(ctx: ScxCtx, overrides: Partial<ScxCtx>): ScxCtx {
  return Object.assign(Object.create(ctx) as ScxCtx, overrides);
}

/** A BpfScheduler whose API calls are `bpf`'s except `overrides`. */
export function withBpf(bpf: BpfScheduler, overrides: Partial<BpfScheduler>): BpfScheduler {
  return Object.assign(Object.create(bpf) as BpfScheduler, overrides);
}

/** A mutant of a sched_ext scheduler: `change` gets a fresh ops table (and the resolved options) per run. */
export function mutateSchedExt(base: SchedExtSchedulerDefinition, name: string, info: Omit<MutantInfo, 'base'>,
  change: (ops: SchedExtOps, options: SchedulerOptions) => SchedExtOps): MutantDefinition {
  const def = defineScheduler({
    kind: 'sched_ext', name, description: `mutant of ${base.name}: ${info.bugClass}`, options: base.options, canary: true,
    ...(base.dsqNames ? { dsqNames: base.dsqNames } : {}), ...(base.limits ? { limits: base.limits } : {}),
    create: (options: SchedulerOptions) => ({ ...change(base.create(options), options), name }),
  });
  return Object.assign(def, { mutant: { base: base.name, ...info } });
}

/** The ways a user-space mutant may differ from its base. */
export interface UserspaceChange {
  /** The options its policy is created with. */
  readonly options?: (options: SchedulerOptions) => SchedulerOptions;
  /** The BpfScheduler API its policy sees. */
  readonly bpf?: (bpf: BpfScheduler) => BpfScheduler;
  /** The framework's BPF half. */
  readonly backend?: (ops: SchedExtOps) => SchedExtOps;
}

/** A mutant of a user-space scheduler on scx_rustland_core. */
export function mutateUserspace(base: UserspacePolicyDefinition, name: string, info: Omit<MutantInfo, 'base'>,
  change: UserspaceChange): MutantDefinition {
  const def = defineScheduler({
    kind: 'userspace', name, description: `mutant of ${base.name}: ${info.bugClass}`, options: base.options, canary: true,
    ...(base.limits ? { limits: base.limits } : {}),
    create: (options: SchedulerOptions): UserspacePolicy => {
      const policy = base.create(change.options ? change.options(options) : options);
      const bpfChange = change.bpf;
      if (!bpfChange) return policy;
      return { ...(policy.config ? { config: policy.config } : {}), schedule: (bpf) => policy.schedule(bpfChange(bpf)) };
    },
    ...(change.backend ? { backend: change.backend } : {}),
  });
  return Object.assign(def, { mutant: { base: base.name, ...info } });
}

type Callback = (ctx: ScxCtx, ...args: never[]) => unknown;

/** `ops` with callback `op` seeing the kfuncs `overrides(ctx)` changes (the rest of the ops unchanged). */
export function kfuncsIn(ops: SchedExtOps, op: keyof SchedExtOps, overrides: (ctx: ScxCtx) => Partial<ScxCtx>): SchedExtOps {
  const original = ops[op] as Callback | undefined;
  if (typeof original !== 'function') throw new Error(`mutant: ${ops.name} has no ${String(op)} callback to change`);
  const changed: Callback = (ctx, ...args) => original(withCtx(ctx, overrides(ctx)), ...args);
  return { ...ops, [op]: changed };
}
