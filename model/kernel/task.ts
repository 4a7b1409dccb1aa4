// A simulated task: identity, policy and weight, affinity, its behaviour program's position, its place,
// and the sched_ext per-task fields of reference §1.1–1.2 (state, ops_state/qseq, slice, dsq_vtime,
// runnable_at, direct-dispatch target). Schedulers see it through the read-only SchedTask interface.
import type { Policy, Step } from './behaviour.ts';
import type { Cpumask } from './cpumask.ts';
import type { Dsq } from './dsq.ts';
import type { FairEntity } from './fairRq.ts';
import type { SchedTask } from './ops.ts';
import type { OpsState, ScxTaskState } from './scxFlags.ts';
import type { PlaceKind, TaskClass } from './trace.ts';
import type { Prng } from './prng.ts';
import type { TaskDriver } from './taskDriver.ts';
import { WaitStats } from './waitStats.ts';

/** One frame of the behaviour program: a step list, the next index, and loop iterations left. */
export interface ProgramFrame {
  readonly steps: readonly Step[];
  index: number;
  /** Iterations still to run after this one; -1 loops forever. */
  remaining: number;
}

/** sched_ext per-task state (p->scx). */
export interface ScxEntity {
  state: ScxTaskState;
  opsState: OpsState;
  qseq: number;
  /** SCX_TASK_QUEUED: runnable on an SCX run queue. */
  queued: boolean;
  /** SCX_TASK_IN_CUSTODY. */
  inCustody: boolean;
  sliceNs: number;
  dsqVtime: number;
  dsq: Dsq | null;
  /** Pending direct dispatch (ddsp_dsq_id / ddsp_enq_flags), -1 when none. */
  ddspDsqId: number;
  ddspEnqFlags: number;
  ddspPriq: boolean;
  runnableAtNs: number;
  resetRunnableAt: boolean;
  storage: object | null;
}

export type TaskStatus = 'runnable' | 'sleeping' | 'dead';

export class Task implements SchedTask {
  readonly pid: number;
  readonly comm: string;
  readonly parent: number;
  policy: Policy;
  nice: number;
  rtPriority: number;
  weight: number;
  scxWeight: number;
  cpumask: Cpumask;
  readonly kthread: boolean;
  /** p->flags (taskFlags.ts): PF_KTHREAD, PF_KSWAPD, PF_KCOMPACTD. */
  readonly flags: number;
  migrationDisabled: boolean;
  /** PF_EXITING: set when the task starts exiting (do_exit), before it dies. */
  exiting = false;
  cls: TaskClass;
  status: TaskStatus = 'sleeping';
  blockedOn: 'sleep' | 'wait' | 'new' | 'none' = 'new';
  /** task_cpu(p). */
  cpu: number;
  place: PlaceKind = 'sleep';
  placeCpu = -1;
  placeDsq = -1;
  readonly frames: ProgramFrame[];
  /** ns of the current run step still to execute. */
  runRemainingNs = 0;
  /** Set for driver-run tasks (the user-space scheduler): replaces the behaviour program. */
  driver: TaskDriver | null = null;
  /** The effect of the current driver step, applied once the step's time has been consumed. */
  pendingEffect: (() => void) | null = null;
  pendingWakes = 0;
  /** Increments to invalidate a pending sleep-timer event. */
  sleepToken = 0;
  readonly prng: Prng;
  readonly fair: FairEntity;
  readonly scx: ScxEntity;
  /** SCHED_RR time left in the current round. */
  rrRemainingNs = 0;
  /** Statistics for the run summary. */
  readonly stats = { runNs: 0, waitStartNs: -1, waits: new WaitStats(), switches: 0, migrations: 0,
    /** Longest wait that began before a scheduler exit and ended after it (the fallback's cost). */
    waitAcrossExitNs: 0 };

  constructor(init: {
    pid: number; comm: string; parent: number; policy: Policy; nice: number; rtPriority: number; weight: number;
    scxWeight: number; cpumask: Cpumask; kthread: boolean; flags?: number; migrationDisabled: boolean; cls: TaskClass; cpu: number;
    program: readonly Step[]; prng: Prng; fair: FairEntity;
  }) {
    this.pid = init.pid;
    this.comm = init.comm;
    this.parent = init.parent;
    this.policy = init.policy;
    this.nice = init.nice;
    this.rtPriority = init.rtPriority;
    this.weight = init.weight;
    this.scxWeight = init.scxWeight;
    this.cpumask = init.cpumask;
    this.kthread = init.kthread;
    this.flags = init.flags ?? 0;
    this.migrationDisabled = init.migrationDisabled;
    this.cls = init.cls;
    this.cpu = init.cpu;
    this.frames = [{ steps: init.program, index: 0, remaining: 0 }];
    this.prng = init.prng;
    this.fair = init.fair;
    this.scx = {
      state: 'NONE', opsState: 'NONE', qseq: 0, queued: false, inCustody: false, sliceNs: 0, dsqVtime: 0,
      dsq: null, ddspDsqId: -1, ddspEnqFlags: 0, ddspPriq: false, runnableAtNs: 0,
      resetRunnableAt: false, storage: null,
    };
  }

  get nrCpusAllowed(): number {
    return this.cpumask.count;
  }
  get sliceNs(): number {
    return this.scx.sliceNs;
  }
  get dsqVtime(): number {
    return this.scx.dsqVtime;
  }
}
