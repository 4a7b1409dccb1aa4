// The mutant catalogue (issue 11): one-idea changes to the shipped schedulers, each standing for a real bug
// class named in its file's header. `schedcheck mutants` runs a campaign on each and prints the kill matrix;
// test/schedulers/mutants asserts every one is killed. Never part of `--scheduler all`.
import simpleUnboundedCredit from './simpleUnboundedCredit.ts';
import simpleSliceInf from './simpleSliceInf.ts';
import simpleWrongDsq from './simpleWrongDsq.ts';
import simpleFifoHead from './simpleFifoHead.ts';
import centralU32Clock from './centralU32Clock.ts';
import centralIgnoresSlots from './centralIgnoresSlots.ts';
import centralTimerNotRearmed from './centralTimerNotRearmed.ts';
import centralFallbackNotConsumed from './centralFallbackNotConsumed.ts';
import centralLocalOnOffByOne from './centralLocalOnOffByOne.ts';
import bpflandLagMs from './bpflandLagMs.ts';
import bpflandNoIdleKick from './bpflandNoIdleKick.ts';
import bpflandSkipsNodeDsq from './bpflandSkipsNodeDsq.ts';
import bpflandKicksPrev from './bpflandKicksPrev.ts';
import bpflandNoVtimeCharge from './bpflandNoVtimeCharge.ts';
import rustlandNotifyZero from './rustlandNotifyZero.ts';
import rlfifoIgnoresDispatchError from './rlfifoIgnoresDispatchError.ts';
import rlfifoNoNotify from './rlfifoNoNotify.ts';
import rlfifoUserschedStarved from './rlfifoUserschedStarved.ts';
import rlfifoRingFullDrop from './rlfifoRingFullDrop.ts';
import rustlandDsqOffByOne from './rustlandDsqOffByOne.ts';
import rustlandNoDispatchKick from './rustlandNoDispatchKick.ts';
import type { MutantDefinition } from './mutate.ts';

export const MUTANTS: readonly MutantDefinition[] = [
  simpleUnboundedCredit,
  simpleSliceInf,
  simpleWrongDsq,
  simpleFifoHead,
  centralU32Clock,
  centralIgnoresSlots,
  centralTimerNotRearmed,
  centralFallbackNotConsumed,
  centralLocalOnOffByOne,
  bpflandLagMs,
  bpflandNoIdleKick,
  bpflandSkipsNodeDsq,
  bpflandKicksPrev,
  bpflandNoVtimeCharge,
  rustlandNotifyZero,
  rlfifoIgnoresDispatchError,
  rlfifoNoNotify,
  rlfifoUserschedStarved,
  rlfifoRingFullDrop,
  rustlandDsqOffByOne,
  rustlandNoDispatchKick,
];

export function findMutant(name: string): MutantDefinition | undefined {
  return MUTANTS.find((m) => m.name === name);
}

export {
  type Dimension, kfuncsIn, type MutantDefinition, type MutantInfo, mutateSchedExt, mutateUserspace, type UserspaceChange,
  withBpf, withCtx,
} from './mutate.ts';
