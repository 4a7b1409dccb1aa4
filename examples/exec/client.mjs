#!/usr/bin/env node
// Reference client of schedcheck's exec protocol: `node examples/exec/client.mjs rlfifo|rustland|rlfifo-await`, used as
// `schedcheck run --scheduler "exec:node examples/exec/client.mjs rlfifo" …`. Also `drops-task`, a
// deliberately broken rlfifo that loses one task (handoff-accounting must catch it), and `bad[:<kind>]` for
// protocol-error tests (examples/exec/bad.mjs).
import { serve } from './bpf.mjs';
import rlfifo from './rlfifo.mjs';
import rustland from './rustland.mjs';
import dropsTask from './dropsTask.mjs';
import rlfifoAwait from './rlfifoAwait.mjs';
import { badClient } from './bad.mjs';

const which = process.argv[2] ?? 'rlfifo';
const schedulers = { rlfifo, rustland, 'rlfifo-await': rlfifoAwait, 'drops-task': dropsTask };
const scheduler = which === 'bad' || which.startsWith('bad:') ? badClient(which.slice(4)) : schedulers[which];
if (!scheduler) {
  process.stderr.write(`client.mjs: unknown policy "${which}" (known: ${Object.keys(schedulers).join(', ')}, bad:<kind>)\n`);
  process.exit(2);
}
serve(scheduler);
