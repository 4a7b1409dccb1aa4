// Goal (issue 12, items 1–2, first acceptance bullet): `schedcheck run --scheduler rustland --scenario
// usersched-crash --perfetto FILE --html FILE` writes both files; the Perfetto file is valid Chrome
// trace-event JSON (a strict JSON Schema of every phase it emits, and a round trip through Chrome DevTools'
// own trace parser, @paulirish/trace_engine) and says what the trace says (one track per CPU with the same
// running time per task as the kernel model's metrics, the fault, the exit, rustland's counters and rings).
// The HTML report opens offline in Debian's chromium (playwright-core, every non-file request refused) and
// shows one timeline row per CPU, every task, the fallback marked, the histograms and the explorer with the
// trace preloaded; `replay --html` of a shipped counterexample marks the violation and names its cause.
// Method: one in-process `run` and one in-process `replay` (their workers) write the files; one browser.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM, offlinePage } from '../../helpers/offlineBrowser.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counterexampleReportPaths } from '../../../cli/reports/counterexampleReports.ts';
import type { ChromeTrace, ChromeTraceEvent } from '../../../cli/reports/perfetto.ts';
import type { RunDocument } from '../../../scenarios/runner.ts';
import { schedcheckInProcess as cli } from '../helpers.ts';
import { TRACE_EVENT_SCHEMA } from './traceEventSchema.ts';

const dir = mkdtempSync(join(tmpdir(), 'schedcheck-reports-'));
const perfettoPath = join(dir, 'out', 't.json');
const htmlPath = join(dir, 'out', 'r.html');
const cexHtmlPath = join(dir, 'cex.html');
const COUNTEREXAMPLE = fileURLToPath(new URL('../../../counterexamples/simple-idle-no-kick.json', import.meta.url));
let trace: ChromeTrace;
let document: RunDocument;

beforeAll(async () => {
  // `out/` does not exist yet: the report flags create their folder.
  const run = await cli(['run', '--scheduler', 'rustland', '--scenario', 'usersched-crash', '--json',
    '--perfetto', perfettoPath, '--html', htmlPath]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  document = JSON.parse(run.stdout) as RunDocument;
  trace = JSON.parse(readFileSync(perfettoPath, 'utf8')) as ChromeTrace;
  const replay = await cli(['replay', COUNTEREXAMPLE, '--html', cexHtmlPath]);
  expect(replay.code).toBe(1);
  expect(replay.stdout).toContain('REPRODUCED');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const of = (ph: ChromeTraceEvent['ph']): ChromeTraceEvent[] => trace.traceEvents.filter((e) => e.ph === ph);
const threadNames = (pid: number): Map<number, string> => new Map(trace.traceEvents
  .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.pid === pid).map((e) => [e.tid, String(e.args?.['name'])]));

describe('--perfetto: Chrome trace-event JSON', () => {
  it('should pass a strict JSON Schema of the trace-event format', () => {
    const validate = new Ajv({ allErrors: true, allowUnionTypes: true }).compile(TRACE_EVENT_SCHEMA);
    const ok = validate(trace);
    expect(validate.errors?.slice(0, 3) ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(new Set(trace.traceEvents.map((e) => e.ph))).toEqual(new Set(['M', 'X', 'i', 'C']));
    // A tid belongs to one process only: viewers read a tid seen under another pid as a new thread.
    const pidOfTid = new Map<number, Set<number>>();
    for (const e of trace.traceEvents) if (e.tid !== 0) pidOfTid.set(e.tid, (pidOfTid.get(e.tid) ?? new Set()).add(e.pid));
    expect([...pidOfTid.values()].filter((pids) => pids.size > 1)).toEqual([]);
  });

  it('should keep integer nanoseconds exactly in fractional microseconds, displayed as ns', () => {
    expect(trace.displayTimeUnit).toBe('ns');
    const inexact: number[] = [];
    for (const e of trace.traceEvents) {
      for (const value of [e.ts, e.dur]) {
        if (value !== undefined && Math.round(value * 1000) / 1000 !== value) inexact.push(value);
      }
    }
    expect(inexact).toEqual([]);
  });

  it('should have one track per CPU whose slices never overlap and add up to each task\'s running time', () => {
    const cpus = threadNames(1);
    expect([...cpus.values()]).toEqual(['CPU 0', 'CPU 1', 'CPU 2', 'CPU 3']);
    const runNs = new Map<number, number>();
    for (const [tid] of cpus) {
      const slices = of('X').filter((e) => e.pid === 1 && e.tid === tid);
      expect(slices.length).toBeGreaterThan(0);
      for (let i = 1; i < slices.length; i++) {
        const prev = slices[i - 1] as ChromeTraceEvent;
        const ns = (us: number | undefined): number => Math.round((us as number) * 1000);
        expect(ns(slices[i]?.ts)).toBeGreaterThanOrEqual(ns(prev.ts) + ns(prev.dur));
      }
      for (const s of slices) {
        const pid = s.args?.['pid'] as number;
        runNs.set(pid, (runNs.get(pid) ?? 0) + Math.round((s.dur as number) * 1000));
      }
    }
    // The trace's view (the export) and the kernel model's own accounting (the run document) agree.
    for (const task of document.metrics.tasks) expect(runNs.get(task.pid) ?? 0).toBe(task.runNs);
  });

  it('should mark the fault, the scheduler exit and the class changes, and give per-task wait slices', () => {
    const instants = of('i').map((e) => e.name);
    expect(instants).toContain('fault userschedCrash');
    expect(instants).toContain('exit SCX_EXIT_UNREG');
    expect(instants).toContain('scx_state DISABLED');
    expect(instants.filter((n) => n === 'class fair').length).toBe(10);
    const tasks = threadNames(2);
    expect(tasks.get(109)).toBe('scx_rustland[109] (user-space scheduler)');
    const waits = of('X').filter((e) => e.pid === 2 && e.name === 'runnable');
    expect(new Set(waits.map((e) => e.tid)).size).toBe(10);
    // The same waits as the kernel model's metrics (wake-up or preemption until running): the longest per task.
    for (const t of document.metrics.tasks) {
      const ran = waits.filter((e) => e.tid === t.pid && e.args?.['ended'] === 'run').map((e) => e.args?.['waitNs'] as number);
      expect(Math.max(...ran)).toBe(t.waitMaxNs);
    }
    const places = new Set(of('X').filter((e) => e.cat === 'wait.place').map((e) => e.name));
    expect(places).toContain('BPF custody');
    expect([...places].some((p) => p.startsWith('fair run queue of cpu '))).toBe(true);
  });

  it('should carry DSQ depths and rustland\'s rings and nr_scheduled as counters', () => {
    const counters = new Set(of('C').map((e) => e.name));
    for (const name of ['nr_scheduled', 'queued ring (messages)', 'dispatched ring (decisions)', 'BPF custody', 'DSQ SHARED_DSQ', 'DSQ SCX_DSQ_BYPASS']) {
      expect(counters).toContain(name);
    }
    // Every message is reclaimed at DISABLING: the queued ring ends empty.
    const ring = of('C').filter((e) => e.name === 'queued ring (messages)');
    expect(ring.at(-1)?.args?.['value']).toBe(0);
    expect(Math.max(...ring.map((e) => e.args?.['value'] as number))).toBeGreaterThan(0);
  });

  it('should round-trip through Chrome DevTools\' trace parser with the same threads and slices', async () => {
    const engine = await import('@paulirish/trace_engine/models/trace/trace.js' as string) as {
      TraceModel: { Model: { createWithAllHandlers(): { parse(e: unknown[]): Promise<void>; parsedTrace(): {
        data: { Renderer: { processes: Map<number, { threads: Map<number, { name: string | null; entries: unknown[] }> }> } } } | null } } };
    };
    const model = engine.TraceModel.Model.createWithAllHandlers();
    await model.parse(trace.traceEvents);
    const processes = model.parsedTrace()?.data.Renderer.processes;
    const cpus = [...(processes?.get(1)?.threads.values() ?? [])].map((t) => [t.name, t.entries.length] as const).sort();
    const expected = [...threadNames(1)].map(([tid, name]) =>
      [name, of('X').filter((e) => e.pid === 1 && e.tid === tid).length] as const).sort();
    expect(cpus).toEqual(expected);
    expect(processes?.get(2)?.threads.size).toBe(10);
  });
});

describe('--html: the offline report', () => {
  it('should be one file with nothing fetched from the network, of a reasonable size', () => {
    const html = readFileSync(htmlPath, 'utf8');
    expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?(https?:)?\/\//);
    expect(html).not.toMatch(/fetch\(|XMLHttpRequest|import\(/);
    expect(html).toContain('uPlot');
    // 600 ms of rustland on 4 CPUs, 94k events: the trace for the explorer is most of it (gzip, base64).
    expect(html.length).toBeLessThan(2_000_000);
  });

  describe.skipIf(!existsSync(CHROMIUM))('in chromium, offline', () => {
    let browser: Browser;
    let page: Page;
    const requests: string[] = [];
    const errors: string[] = [];

    beforeAll(async () => {
      ({ browser, page } = await offlinePage(requests));
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(pathToFileURL(htmlPath).href);
    }, 30_000);
    afterAll(async () => { await browser?.close(); });

    it('should draw one timeline row per CPU, every task, and the fallback marked', async () => {
      expect(await page.$$eval('#timeline .cpu-row', (rows) => rows.map((r) => r.querySelector('text')?.textContent))).toEqual(
        ['CPU 0', 'CPU 1', 'CPU 2', 'CPU 3']);
      const legend = await page.$$eval('#legend li', (items) => items.map((li) => li.textContent ?? ''));
      expect(legend.map((l) => l.split(' ')[0])).toEqual(document.metrics.tasks.map((t) => `${t.comm}[${t.pid}]`));
      expect(legend).toContain('scx_rustland[109] (user-space scheduler) — class at the end: fair');
      const drawn = new Set(await page.$$eval('#timeline rect.slice', (r) => r.map((x) => x.getAttribute('data-pid'))));
      expect(drawn.size).toBe(10);
      expect(await page.textContent('#timeline .marker-fallback text')).toMatch(/^fallback: scheduler disabled, tasks moved back to the fair class/);
      expect(await page.textContent('#timeline .marker-exit text')).toBe('exit SCX_EXIT_UNREG (unregistered from user space)');
      expect(await page.textContent('#timeline .marker-fault text')).toBe('fault userschedCrash');
      expect(await page.textContent('#cause')).toContain('No property was violated (10 checked)');
    });

    it('should zoom the timeline to the fallback', async () => {
      const whole = await page.$$eval('#timeline rect.slice', (r) => r.length);
      await page.click('#zoom-mark');
      expect(await page.textContent('#window')).toMatch(/^199\.\d+ ms – 201\.\d+ ms$/);
      expect(await page.$$eval('#timeline rect.slice', (r) => r.length)).toBeLessThan(whole);
      expect(await page.$$eval('#timeline .marker-fallback', (m) => m.length)).toBe(1);
    });

    it('should draw a wait-latency histogram per task, the CPU shares, and the scenario as data', async () => {
      expect(await page.$$eval('#hists .hist canvas', (c) => c.length)).toBe(10);
      expect(await page.$$eval('#share-chart canvas', (c) => c.length)).toBe(1);
      const rows = await page.$$eval('#task-table tr[data-pid]', (r) => r.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
      expect(rows.map((r) => r[2])).toEqual(document.metrics.tasks.map((t) => (t.cpuShare * 100).toFixed(1)));
      expect(JSON.parse((await page.textContent('pre.scenario')) ?? '')).toMatchObject({ name: 'usersched-crash' });
    });

    it('should preload the run\'s trace into the statechart explorer', async () => {
      await expect.poll(async () => (await page.textContent('#pos')) ?? '', { timeout: 10_000 }).toBe(`0 / ${document.events}`);
      await page.click('#end');
      expect(await page.textContent('#pos')).toBe(`${document.events} / ${document.events}`);
      expect(await page.textContent('#violation')).toBe('');
    });

    it('should mark a replayed counterexample\'s violation and name its cause and each CPU\'s occupant', async () => {
      await page.goto(pathToFileURL(cexHtmlPath).href);
      expect(await page.textContent('#timeline .marker-violation text')).toMatch(/^violation work-conservation: /);
      expect(await page.textContent('#cause .violation')).toContain('VIOLATION work-conservation at 41.00ms');
      expect(await page.$$eval('#cause .occupants li', (li) => li.map((x) => x.textContent))).toEqual(
        ['CPU 0: hog2[102] (class ext)', 'CPU 1: idle']);
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
    });
  });
});

describe('check --perfetto / --html: a report per saved counterexample', () => {
  // The files are made by the same worker path as replay --perfetto/--html above; what is check's own is where
  // they go: a subfolder, so the counterexample folder stays a corpus of *.json scenarios.
  it('should name them OUT/reports/NAME.perfetto.json and OUT/reports/NAME.html, outside the corpus\'s *.json', () => {
    expect(counterexampleReportPaths(join('out', 'simple-work-conservation-7.json'))).toEqual({
      perfettoPath: join('out', 'reports', 'simple-work-conservation-7.perfetto.json'),
      htmlPath: join('out', 'reports', 'simple-work-conservation-7.html'),
    });
  });
});
