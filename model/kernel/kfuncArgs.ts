// Argument checks for kfuncs whose kernel arguments are u64 or s32. In BPF the verifier types them, so a NaN,
// a negative or a fractional value cannot reach the kernel; from TypeScript it can, and letting it through
// would corrupt the simulation (a NaN slice never runs out) and end the run as "inconclusive". A scheduler
// that passes one gets the kernel's treatment of a bad argument instead: scx_error() naming the kfunc
// (the kernel's own "invalid CPU %d" from ops_cpu_valid() for CPUs), and the call does nothing.

/** A u64 argument (slice, vtime): a non-negative safe integer (SCX_SLICE_INF is the largest). */
export function validU64(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

/** A CPU argument: an integer id below nr_cpu_ids (ops_cpu_valid). */
export function validCpu(cpu: number, nrCpus: number): boolean {
  return Number.isInteger(cpu) && cpu >= 0 && cpu < nrCpus;
}

/** `invalid slice NaN from scx_bpf_dsq_insert()` — the kernel's "invalid CPU %d from ops.select_cpu()" form. */
export function invalidArg(what: 'slice' | 'vtime' | 'CPU', value: number, kfunc: string): string {
  return `invalid ${what} ${value} from ${kfunc}()`;
}
