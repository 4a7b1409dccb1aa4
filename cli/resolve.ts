// Resolves command-line values: scheduler names (or `eevdf`), scenario names, seeds and `--opt K=V` pairs.
// Every failure is a UsageError naming the option and the problem (exit 2).
import { InputError } from '../model/kernel/assert.ts';
import type { SchedulerDefinition, SchedulerOptions } from '../model/kernel/ops.ts';
import { findScenario, SCENARIOS } from '../scenarios/index.ts';
import type { Scenario } from '../scenarios/scenario.ts';
import { findScheduler, SCHEDULERS } from '../schedulers/index.ts';
import { UsageError } from './errors.ts';
import { EXEC_PREFIX, execScheduler, isExecRef } from '../exec/define.ts';
import { isPathRef, loadScenarioFile, loadSchedulerModule } from './load.ts';

export const EEVDF = 'eevdf';

/**
 * A shipped name, `eevdf` (null: no sched_ext scheduler), a path to a scheduler module, or `exec:CMD` (a
 * client process over the line protocol: started once here for its handshake).
 */
export async function loadScheduler(ref: string): Promise<SchedulerDefinition | null> {
  if (isExecRef(ref)) return asUsage(() => execScheduler(ref));
  return isPathRef(ref) ? loadSchedulerModule(ref) : resolveScheduler(ref);
}

/** null means `eevdf`: no sched_ext scheduler attached. */
export function resolveScheduler(name: string): SchedulerDefinition | null {
  if (name === EEVDF) return null;
  if (isExecRef(name)) {
    // Only the form is checked here; the worker that runs it starts the client (loadScheduler).
    if (name.slice(EXEC_PREFIX.length).trim() === '') throw new UsageError('--scheduler: exec: needs a command (exec:CMD)');
    return null;
  }
  const def = findScheduler(name);
  if (!def) {
    const known = [EEVDF, ...SCHEDULERS.map((s) => s.name)].join(', ');
    throw new UsageError(`--scheduler: unknown scheduler "${name}" (known: ${known})`);
  }
  return def;
}

/** A shipped scenario name or a path to a scenario JSON file. */
export function resolveScenario(name: string): Scenario {
  if (isPathRef(name)) return loadScenarioFile(name);
  const scenario = findScenario(name);
  if (!scenario) {
    throw new UsageError(`--scenario: unknown scenario "${name}" (known: ${SCENARIOS.map((s) => s.name).join(', ')})`);
  }
  return scenario;
}

export function parseSeed(text: string): number {
  const value = /^0x[0-9a-f]+$/i.test(text) ? Number.parseInt(text, 16) : /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new UsageError(`--seed: expected a non-negative integer, got "${text}"`);
  }
  return value;
}

/** `--opt K=V`: true/false become booleans, numbers become numbers, anything else stays a string. */
export function parseOpts(pairs: readonly string[]): SchedulerOptions {
  const options: Record<string, number | boolean | string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--opt: expected K=V, got "${pair}"`);
    const key = pair.slice(0, eq);
    const raw = pair.slice(eq + 1);
    options[key] = raw === 'true' ? true : raw === 'false' ? false : /^-?\d+$/.test(raw) ? Number(raw) : raw;
  }
  return options;
}

/** Converts model input errors into usage errors (both exit 2). */
export function asUsage<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof InputError) throw new UsageError(error.message);
    throw error;
  }
}
