// One simulated CPU: what it runs, its per-class run queues (RT list, fair EEVDF queue, sched_ext local
// DSQ), built-in idle state, tick bookkeeping and deadline-server state (DESIGN.md, Kernel model decisions).
import { DlServer } from './dlServer.ts';
import { Dsq } from './dsq.ts';
import { FairRq } from './fairRq.ts';
import type { Task } from './task.ts';

/** How many CPUs are online with their built-in idle bit set: shared by a kernel's CPUs, kept by them. */
export interface IdleCount {
  n: number;
}

export class Cpu {
  readonly id: number;
  private isOnline: boolean;
  curr: Task | null = null;
  /** Runnable RT tasks on this CPU, including the running one, highest priority first, FIFO within. */
  readonly rtQueue: Task[] = [];
  readonly fairRq: FairRq;
  readonly localDsq: Dsq;
  /** When the running task was last charged. */
  lastChargeNs = 0;
  /** Invalidates pending burst/tick events when the running task changes. */
  runToken = 0;
  tickArmed = false;
  reschedQueued = false;
  private idleBit = true;
  private readonly idleCount: IdleCount;
  /** A higher class took the CPU from sched_ext (for ops.cpu_acquire). */
  scxReleased = false;
  /** rq->scx.ops_qseq. */
  opsQseq = 1;
  /** rq->fair_server and rq->ext_server (dlServer.ts). */
  readonly fairServer = new DlServer('fair');
  readonly extServer = new DlServer('ext');
  /** rq->scx.kick_sync (scxKickSync.ts). */
  kickSync = 0;
  /** SCX_KICK_WAIT targets this CPU waits for: their kick_sync and the task they ran when kicked. */
  readonly kickWaits = new Map<number, { readonly kickSync: number; readonly pid: number }>();

  constructor(id: number, online: boolean, baseSliceNs: number, tickNs: number, localDsqId: number,
    idleCount: IdleCount = { n: 0 }) {
    this.id = id;
    this.isOnline = online;
    this.idleCount = idleCount;
    if (online) idleCount.n++;
    this.fairRq = new FairRq(baseSliceNs, tickNs);
    this.localDsq = new Dsq(localDsqId, id);
  }

  get online(): boolean {
    return this.isOnline;
  }
  set online(online: boolean) {
    if (online === this.isOnline) return;
    if (this.idleBit) this.idleCount.n += online ? 1 : -1;
    this.isOnline = online;
  }

  /** Built-in idle tracking bit (reference §3.9); the shared count follows it (online CPUs only). */
  get scxIdle(): boolean {
    return this.idleBit;
  }
  set scxIdle(idle: boolean) {
    if (idle === this.idleBit) return;
    if (this.isOnline) this.idleCount.n += idle ? 1 : -1;
    this.idleBit = idle;
  }
}
