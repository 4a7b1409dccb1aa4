// The registry of shipped scenarios, by name.
import { errorFallback } from './library/errorFallback.ts';
import { hotplugRestart } from './library/hotplugRestart.ts';
import { rtHogSysrq } from './library/rtHogSysrq.ts';
import { rtStarvesExt } from './library/rtStarvesExt.ts';
import { unregisterSweep } from './library/unregisterSweep.ts';
import { forkStorm } from './library/forkStorm.ts';
import { lifecycleChurn } from './library/lifecycleChurn.ts';
import { mixedBasic } from './library/mixedBasic.ts';
import { USERSCHED_SCENARIOS } from './library/usersched.ts';
import type { Scenario } from './scenario.ts';

/** The starter scenarios that `npm start` compares every scheduler on. */
export const STARTER_SCENARIOS: readonly Scenario[] = [mixedBasic, forkStorm, errorFallback];

/** Named scenarios for the property campaign (`check --scenario`), each with its manifest. */
export const PROPERTY_SCENARIOS: readonly Scenario[] = [rtHogSysrq, hotplugRestart, unregisterSweep, rtStarvesExt];

export const SCENARIOS: readonly Scenario[] = [...STARTER_SCENARIOS, ...USERSCHED_SCENARIOS, lifecycleChurn,
  ...PROPERTY_SCENARIOS];

export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}
