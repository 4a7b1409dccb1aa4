// A JSON Schema of the Chrome trace-event format (the "JSON Object Format" of the Trace Event Format
// document that chrome://tracing and ui.perfetto.dev import), strict for every phase schedcheck's Perfetto
// export emits: metadata (M: process/thread names and sort indices), complete slices (X), instants (i, with
// their scope) and counters (C, numeric series). Unknown fields and phases are refused, so a typo in the
// exporter fails here rather than as a silently dropped event in the viewer.
const int = { type: 'integer' } as const;
const time = { type: 'number', minimum: 0 } as const;

const metadataName = {
  type: 'object', additionalProperties: false, required: ['name', 'ph', 'pid', 'tid', 'args'],
  properties: {
    name: { enum: ['process_name', 'thread_name'] }, ph: { const: 'M' }, pid: int, tid: int,
    args: { type: 'object', additionalProperties: false, required: ['name'], properties: { name: { type: 'string', minLength: 1 } } },
  },
} as const;

const metadataSort = {
  type: 'object', additionalProperties: false, required: ['name', 'ph', 'pid', 'tid', 'args'],
  properties: {
    name: { enum: ['process_sort_index', 'thread_sort_index'] }, ph: { const: 'M' }, pid: int, tid: int,
    args: { type: 'object', additionalProperties: false, required: ['sort_index'], properties: { sort_index: int } },
  },
} as const;

const args = { type: 'object', additionalProperties: { type: ['string', 'number'] } } as const;

const complete = {
  type: 'object', additionalProperties: false, required: ['name', 'cat', 'ph', 'ts', 'dur', 'pid', 'tid'],
  properties: { name: { type: 'string', minLength: 1 }, cat: { type: 'string' }, ph: { const: 'X' }, ts: time, dur: time, pid: int, tid: int, args },
} as const;

const instant = {
  type: 'object', additionalProperties: false, required: ['name', 'ph', 'ts', 'pid', 'tid', 's'],
  properties: { name: { type: 'string', minLength: 1 }, cat: { type: 'string' }, ph: { const: 'i' }, ts: time, pid: int, tid: int,
    s: { enum: ['g', 'p', 't'] }, args },
} as const;

const counter = {
  type: 'object', additionalProperties: false, required: ['name', 'ph', 'ts', 'pid', 'args'],
  properties: { name: { type: 'string', minLength: 1 }, cat: { type: 'string' }, ph: { const: 'C' }, ts: time, pid: int, tid: int,
    args: { type: 'object', minProperties: 1, additionalProperties: { type: 'number' } } },
} as const;

export const TRACE_EVENT_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Chrome trace-event JSON Object Format (the subset schedcheck emits)',
  type: 'object', additionalProperties: false, required: ['traceEvents'],
  properties: {
    traceEvents: { type: 'array', items: { oneOf: [metadataName, metadataSort, complete, instant, counter] } },
    displayTimeUnit: { enum: ['ms', 'ns'] },
    otherData: { type: 'object' },
  },
} as const;
