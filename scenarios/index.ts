// The registry of shipped scenarios, by name.
import { errorFallback } from './library/errorFallback.ts';
import { forkStorm } from './library/forkStorm.ts';
import { mixedBasic } from './library/mixedBasic.ts';
import { USERSCHED_SCENARIOS } from './library/usersched.ts';
import type { Scenario } from './scenario.ts';

/** The starter scenarios that `npm start` compares every scheduler on. */
export const STARTER_SCENARIOS: readonly Scenario[] = [mixedBasic, forkStorm, errorFallback];

export const SCENARIOS: readonly Scenario[] = [...STARTER_SCENARIOS, ...USERSCHED_SCENARIOS];

export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}
