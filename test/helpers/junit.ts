// Reads a JUnit XML file back with fast-xml-parser (a well-kept parser from npm, not ours): validates it as
// XML and returns its suites and cases, for tests of `--junit` on check, gate and merge.
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface ParsedCase {
  readonly suite: string;
  readonly classname: string;
  readonly name: string;
  readonly failure?: { readonly message: string; readonly type: string; readonly text: string };
  readonly error?: { readonly message: string; readonly type: string; readonly text: string };
}

export interface ParsedJUnit {
  readonly tests: number;
  readonly failures: number;
  readonly errors: number;
  readonly suites: readonly { readonly name: string; readonly tests: number; readonly failures: number }[];
  readonly cases: readonly ParsedCase[];
}

type Node = Record<string, unknown>;

function list(value: unknown): Node[] {
  return value === undefined ? [] : Array.isArray(value) ? (value as Node[]) : [value as Node];
}

function problem(node: unknown): ParsedCase['failure'] {
  if (node === undefined) return undefined;
  const n = (typeof node === 'object' ? node : {}) as Node;
  return { message: String(n['@_message'] ?? ''), type: String(n['@_type'] ?? ''), text: String(n['#text'] ?? '') };
}

/** Parses JUnit XML; throws when it is not well-formed XML or not JUnit. */
export function parseJUnit(xml: string): ParsedJUnit {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  const doc = new XMLParser({ ignoreAttributes: false, parseAttributeValue: false, trimValues: false }).parse(xml) as Node;
  const root = doc['testsuites'] as Node | undefined;
  if (root === undefined) throw new Error('no <testsuites> root');
  const suites = list(root['testsuite']);
  return {
    tests: Number(root['@_tests']), failures: Number(root['@_failures']), errors: Number(root['@_errors']),
    suites: suites.map((s) => ({ name: String(s['@_name']), tests: Number(s['@_tests']), failures: Number(s['@_failures']) })),
    cases: suites.flatMap((s) => list(s['testcase']).map((c): ParsedCase => {
      const failure = problem(c['failure']);
      const error = problem(c['error']);
      return { suite: String(s['@_name']), classname: String(c['@_classname']), name: String(c['@_name']),
        ...(failure ? { failure } : {}), ...(error ? { error } : {}) };
    })),
  };
}
