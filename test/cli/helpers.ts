// Runs the schedcheck command as a user would (through bin/schedcheck.js) and captures its output.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/schedcheck.js', import.meta.url));

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function schedcheck(args: readonly string[], env: Record<string, string> = {}): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Runs the command line in this process (cli/main.ts `main`), capturing what it writes: no process
 * start-up per command. For what only a real process shows (the bin script, a hang), use `schedcheck`.
 */
export async function schedcheckInProcess(args: readonly string[]): Promise<CliResult> {
  const { main } = await import('../../cli/main.ts');
  return captureOutput(() => main(args));
}

/** Runs `command` (a command's function that returns its exit code) capturing what it writes to stdout and stderr. */
export async function captureOutput(command: () => Promise<number>): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array) => { stdout += String(chunk); return true; }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => { stderr += String(chunk); return true; }) as typeof process.stderr.write;
  try {
    const code = await command();
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}
