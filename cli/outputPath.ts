// Checks of output paths given on the command line (`--trace FILE`, `viz --out DIR`) before any work is
// done, so a typo is one line and exit 2 rather than a stack trace from deep inside a worker.
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from './errors.ts';

/** A file to be written: its folder must exist, and the path must not be a folder. */
export function checkOutputFile(option: string, path: string): void {
  const folder = dirname(resolve(path));
  if (!existsSync(folder)) throw new UsageError(`${option}: ${path}: no such folder ${dirname(path)}`);
  if (!statSync(folder).isDirectory()) throw new UsageError(`${option}: ${path}: ${dirname(path)} is not a folder`);
  if (existsSync(path) && statSync(path).isDirectory()) throw new UsageError(`${option}: ${path} is a folder`);
}

/** A folder to be written into (created when missing): an existing path must be a folder. */
export function checkOutputFolder(option: string, path: string): void {
  if (existsSync(path) && !statSync(path).isDirectory()) {
    throw new UsageError(`${option}: ${path} exists and is not a folder`);
  }
}

/** A report file to be written (`--perfetto`, `--html`): its folder is created when missing, then checked. */
export function prepareReportFile(option: string, path: string): void {
  const folder = dirname(resolve(path));
  if (!existsSync(folder)) {
    try {
      mkdirSync(folder, { recursive: true });
    } catch (error) {
      throw new UsageError(`${option}: ${path}: cannot create folder ${dirname(path)}: ${(error as Error).message.split(':')[0]}`);
    }
  }
  checkOutputFile(option, path);
}
