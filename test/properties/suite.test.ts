// Goal: the property suite settles at time boundaries (not between the events of one instant), keeps one
// violation per property, raises stopRequested, keeps the first monitor error instead of letting it pass
// for a scheduler error, and the registry lists every property once with its kind and applicability.
import { describe, expect, it } from 'vitest';
import { findProperty, PROPERTIES, propertiesFor, propertyNames } from '../../properties/index.ts';
import type { PropertyDefinition } from '../../properties/property.ts';
import { PropertySuite } from '../../properties/suite.ts';
import { ev, traceScenario } from './traces.ts';

describe('PropertySuite', () => {
  it('should settle only when simulated time moves on, and stop at the first violation', () => {
    const settled: number[] = [];
    const probe: PropertyDefinition = {
      name: 'probe', kind: 'safety', description: 'records settle points', appliesTo: ['sched_ext'],
      monitor: (ctx) => ({
        settled: (t) => { settled.push(t); if (t === 5) { ctx.violate(5, 'r', 'first'); ctx.violate(5, 'r', 'second'); } },
      }),
    };
    const suite = new PropertySuite({ scenario: traceScenario(), schedulerKind: 'sched_ext', properties: [probe] });
    for (const e of [ev.taskNew(0, 100), ev.place(0, 100, 'sleep'), ev.taskNew(5, 101), ev.place(5, 101, 'sleep'), ev.taskNew(9, 102)]) {
      suite.event(e);
    }
    expect(settled).toEqual([0, 5]);
    expect(suite.violations.map((v) => v.detail)).toEqual(['first']);
    expect(suite.stopRequested).toBe(true);
  });

  it('should hand a monitor only the event types it declares, and every event to one that declares none', () => {
    const seen: Record<string, string[]> = { declared: [], all: [] };
    const recorder = (name: string, events?: ('switch' | 'task_dead')[]): PropertyDefinition => ({
      name, kind: 'safety', description: 'records event types', appliesTo: ['sched_ext'],
      monitor: () => ({ ...(events ? { events } : {}), event: (e) => { seen[name]?.push(e.type); } }),
    });
    const suite = new PropertySuite({ scenario: traceScenario(), schedulerKind: 'sched_ext',
      properties: [recorder('declared', ['switch', 'task_dead']), recorder('all')] });
    for (const e of [ev.taskNew(0, 100), ev.place(0, 100, 'fair', 0), ev.switch(1, 0, 0, 100, 'fair'), ev.dead(2, 100)]) suite.event(e);
    expect(seen['declared']).toEqual(['switch', 'task_dead']);
    expect(seen['all']).toEqual(['task_new', 'place', 'switch', 'task_dead']);
  });

  it('should keep a monitor error as an internal error', () => {
    const broken: PropertyDefinition = {
      name: 'broken', kind: 'safety', description: 'throws', appliesTo: ['sched_ext'],
      monitor: () => ({ event: () => { throw new Error('monitor bug'); } }),
    };
    const suite = new PropertySuite({ scenario: traceScenario(), schedulerKind: 'sched_ext', properties: [broken] });
    suite.event(ev.taskNew(0, 100));
    expect((suite.internalError as Error).message).toBe('monitor bug');
    expect(suite.stopRequested).toBe(true);
  });
});

describe('property registry', () => {
  it('should list every property once, each with a kind, a description and the runs it judges', () => {
    expect(new Set(propertyNames()).size).toBe(PROPERTIES.length);
    expect(propertyNames()).toEqual(expect.arrayContaining(['no-lost-task', 'no-double-run', 'affinity', 'bounded-starvation',
      'work-conservation', 'seamless-fallback', 'lifecycle', 'no-scheduler-error']));
    for (const p of PROPERTIES) {
      expect(['safety', 'liveness']).toContain(p.kind);
      expect(p.description.length).toBeGreaterThan(10);
      expect(p.appliesTo.length).toBeGreaterThan(0);
    }
    expect(findProperty('bounded-starvation')?.kind).toBe('liveness');
  });

  it('should apply scheduler properties only to runs with a scheduler', () => {
    expect(propertiesFor('eevdf').map((p) => p.name)).toEqual(['no-lost-task', 'no-double-run', 'affinity', 'bounded-starvation']);
    expect(propertiesFor('sched_ext', ['affinity', 'lifecycle']).map((p) => p.name)).toEqual(['affinity', 'lifecycle']);
  });
});
