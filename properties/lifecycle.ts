// lifecycle: statechart conformance as a property (DESIGN.md, model/statecharts). Every trace event goes to
// a conformance checker; its first rejection is the violation, at the event's time. The checker comes from
// a factory so the statecharts' checker and the interim table checker (lifecycleChecker.ts) share one
// property; `lifecycleProperty(factory)` builds the property for any checker, e.g. in tests.
import { type ConformanceCheckerFactory, tableConformanceChecker } from './lifecycleChecker.ts';
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
      const checker = makeChecker();
      return {
        event(e) {
          const violation = checker.event(e);
          if (violation) ctx.violate(violation.atNs, NONCONFORMING, `${violation.machine}: ${violation.detail}`);
        },
      };
    },
  };
}

export const lifecycle: PropertyDefinition = lifecycleProperty(tableConformanceChecker);
