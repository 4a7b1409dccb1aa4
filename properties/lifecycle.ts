// lifecycle: statechart conformance as a property (DESIGN.md, model/statecharts). Every trace event goes to
// a conformance checker; its first rejection is the violation, at the event's time. In a run with
// conformance on, the checker reads the verdict of the runner's own statechart sink (ctx.conformance), so
// the statecharts are replayed once per run. The checker comes from
// a factory (lifecycleChecker.ts): the shipped property uses the statecharts' checker, and
// `lifecycleProperty(factory)` builds the same property around any other checker, e.g. in tests.
import { type ConformanceCheckerFactory, statechartConformanceChecker } from './lifecycleChecker.ts';
import type { PropertyDefinition } from './property.ts';
import { SCX_SCHEDULER_KINDS } from './property.ts';

export const NONCONFORMING = 'trace leaves the statechart specification';

export function lifecycleProperty(makeChecker: ConformanceCheckerFactory): PropertyDefinition {
  return {
    name: 'lifecycle',
    kind: 'safety',
    description: 'every task and the scheduler follow the statecharts (task lifecycle, ops ownership, enable/exit)',
    appliesTo: SCX_SCHEDULER_KINDS,
    monitor(ctx) {
      const checker = makeChecker(ctx.conformance);
      return {
        ...(checker.events ? { events: checker.events } : {}),
        event(e) {
          const violation = checker.event(e);
          if (violation) ctx.violate(violation.atNs, NONCONFORMING, `${violation.machine}: ${violation.detail}`);
        },
        end(endNs) {
          const violation = checker.end?.(endNs) ?? null;
          if (violation) ctx.violate(violation.atNs, NONCONFORMING, `${violation.machine}: ${violation.detail}`);
        },
      };
    },
  };
}

export const lifecycle: PropertyDefinition = lifecycleProperty(statechartConformanceChecker);
