// JUnit XML (`--junit FILE`, issue 12, item 4), the report format CI systems read: one <testsuite> per
// group (a scheduler), one <testcase> per thing checked (a property, a corpus file, a mutant), and a
// <failure> with the text a developer needs (the violation, the counterexample's path, the replay command).
// Generic on purpose: `check`, `gate`, `merge` and `mutants` each turn their results into `JUnitCase`s and
// call `writeJUnit`. No wall-clock `time` attributes: the same results give the same file, byte for byte
// (so shards + merge give exactly the unsharded file).
import { writeFileSync } from 'node:fs';

/** A failed (or erroneous) test case's details: `message` is one line, `text` may be several. */
export interface JUnitProblem {
  readonly message: string;
  /** A short category, e.g. the property that was violated, `regression`, `inconclusive`. */
  readonly type: string;
  readonly text?: string;
}

export interface JUnitCase {
  /** The <testsuite> it belongs to (e.g. the scheduler); suites appear in the order of their first case. */
  readonly suite: string;
  readonly classname: string;
  readonly name: string;
  /** An assertion that did not hold: a violation, a regression. */
  readonly failure?: JUnitProblem;
  /** Something that stopped the test itself: schedcheck's internal error. */
  readonly error?: JUnitProblem;
  /** Not run (the reason). */
  readonly skipped?: string;
}

/** Counts of a set of cases as JUnit counts them. */
export interface JUnitCounts {
  readonly tests: number;
  readonly failures: number;
  readonly errors: number;
  readonly skipped: number;
}

/** Characters XML 1.0 cannot carry at all (control characters other than tab, newline, return). */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Text escaped for an XML attribute or element. */
export function xmlEscape(text: string): string {
  return text.replace(NOT_XML, '?').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

export function junitCounts(cases: readonly JUnitCase[]): JUnitCounts {
  return {
    tests: cases.length, failures: cases.filter((c) => c.failure !== undefined).length,
    errors: cases.filter((c) => c.failure === undefined && c.error !== undefined).length,
    skipped: cases.filter((c) => c.failure === undefined && c.error === undefined && c.skipped !== undefined).length,
  };
}

function countsAttributes(c: JUnitCounts): string {
  return `tests="${c.tests}" failures="${c.failures}" errors="${c.errors}" skipped="${c.skipped}"`;
}

function problem(tag: 'failure' | 'error', p: JUnitProblem): string {
  const open = `<${tag} message="${xmlEscape(p.message)}" type="${xmlEscape(p.type)}"`;
  return p.text === undefined ? `${open}/>` : `${open}>${xmlEscape(p.text)}</${tag}>`;
}

function testcase(c: JUnitCase): string {
  const open = `    <testcase classname="${xmlEscape(c.classname)}" name="${xmlEscape(c.name)}"`;
  const body = c.failure !== undefined ? problem('failure', c.failure)
    : c.error !== undefined ? problem('error', c.error)
      : c.skipped !== undefined ? `<skipped message="${xmlEscape(c.skipped)}"/>` : null;
  return body === null ? `${open}/>` : `${open}>\n      ${body}\n    </testcase>`;
}

/** The JUnit XML document: <testsuites name=…> with one <testsuite> per suite. */
export function junitXml(name: string, cases: readonly JUnitCase[]): string {
  const suites = new Map<string, JUnitCase[]>();
  for (const c of cases) {
    const list = suites.get(c.suite) ?? [];
    list.push(c);
    suites.set(c.suite, list);
  }
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlEscape(name)}" ${countsAttributes(junitCounts(cases))}>`];
  for (const [suite, list] of suites) {
    lines.push(`  <testsuite name="${xmlEscape(suite)}" ${countsAttributes(junitCounts(list))}>`);
    for (const c of list) lines.push(testcase(c));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}

/** Writes the JUnit XML file (check the path first with cli/outputPath.ts `checkOutputFile('--junit', path)`). */
export function writeJUnit(path: string, name: string, cases: readonly JUnitCase[]): void {
  writeFileSync(path, junitXml(name, cases));
}
