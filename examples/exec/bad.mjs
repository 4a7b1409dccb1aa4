// Clients that break the protocol on purpose, for schedcheck's tests: rlfifo until the 3rd iteration, then
// (option breakWith, default from `bad:<kind>` on the command line) `json` (a line that is not JSON), `pid` (dispatches a pid it never dequeued), `field` (a dispatch without
// slice_ns), `exit` (the process exits mid-run) or `hang` (never answers, never exits).
import { writeSync } from 'node:fs';
import { dispatchedFrom } from './bpf.mjs';
import rlfifo from './rlfifo.mjs';

const BREAK_AT = 3;

export function badClient(defaultKind) {
  return {
    name: 'rlfifo',
    options: { breakWith: { type: 'string', default: defaultKind || 'json', description: 'json, pid, field, exit or hang' } },
    init(options) {
      const kind = options.breakWith;
      const inner = rlfifo.init(options);
      let iteration = 0;
      return {
        config: inner.config,
        schedule(bpf) {
          if (++iteration < BREAK_AT) return inner.schedule(bpf);
          if (kind === 'exit') process.exit(0);
          // Blocked for good without exiting (stdin's end would not wake it): only SIGKILL ends it.
          if (kind === 'hang') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
          if (kind === 'json') {
            writeSync(1, '{"type":"schedule", oops\n');
            process.exit(0);
          }
          const task = bpf.dequeueTask() ?? { pid: 0, cpu: 0, flags: 0, enq_cnt: 0 };
          const d = { ...dispatchedFrom(task), pid: kind === 'pid' ? 99_999 : task.pid };
          bpf.dispatchTask(d);
          if (kind === 'field') delete bpf.calls[bpf.calls.length - 1].slice_ns;
          bpf.notifyComplete(0);
        },
      };
    },
  };
}
