// Which client process the exec bridge has alive right now, for the CLI's wall-clock guard: a worker the
// guard terminates cannot kill its clients itself (a blocked thread runs no code), so the guard reads the
// pid from shared memory and sends SIGKILL (cli/probeCells.ts). A listener of one thread, set by the
// worker; positive pid = spawned, negative = gone.
let listener: ((pid: number) => void) | null = null;

export function onChildPid(fn: ((pid: number) => void) | null): void {
  listener = fn;
}

export function notifyChildPid(pid: number): void {
  listener?.(pid);
}
