// The asynchronous half of the exec bridge (exec/bridge.ts), in plain JavaScript so a worker thread loads
// it without a TypeScript loader. It owns the client processes of one simulation thread: spawns them,
// writes the lines the simulation sends, splits their stdout into lines and posts every line, exit and
// spawn error back on the port, bumping a shared counter and waking the simulation thread, which waits
// on that counter with Atomics.wait (the simulated kernel blocks on each exchange; its own loop never runs).
import { spawn } from 'node:child_process';
import { workerData } from 'node:worker_threads';

const { port, signal, maxLineBytes } = workerData;
const wake = new Int32Array(signal);
const children = new Map();

function post(message) {
  port.postMessage(message);
  Atomics.add(wake, 0, 1);
  Atomics.notify(wake, 0);
}

function start(id, file, args) {
  let child;
  try {
    child = spawn(file, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  } catch (error) {
    post({ id, kind: 'error', message: String(error && error.message ? error.message : error) });
    return;
  }
  children.set(id, child);
  let buffered = '';
  let failed = false;
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk) => {
    if (failed) return;
    buffered += chunk;
    let nl = buffered.indexOf('\n');
    while (nl >= 0) {
      post({ id, kind: 'line', text: buffered.slice(0, nl) });
      buffered = buffered.slice(nl + 1);
      nl = buffered.indexOf('\n');
    }
    if (buffered.length > maxLineBytes) {
      failed = true;
      post({ id, kind: 'error', message: `a line longer than ${maxLineBytes} bytes` });
    }
  });
  child.stdin.on('error', () => { /* the client closed its stdin or died: its exit is reported below */ });
  child.once('error', (error) => post({ id, kind: 'error', message: error.message }));
  child.once('spawn', () => post({ id, kind: 'spawned', pid: child.pid }));
  child.once('close', (code, sig) => {
    children.delete(id);
    post({ id, kind: 'exit', code, signal: sig });
  });
}

port.on('message', (message) => {
  const child = children.get(message.id);
  switch (message.kind) {
    case 'start': return start(message.id, message.file, message.args);
    case 'write': if (child && child.stdin.writable) child.stdin.write(message.text); return;
    case 'kill': if (child) { child.stdin.destroy(); child.kill('SIGKILL'); } return;
    default: return;
  }
});
