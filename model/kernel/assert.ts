// Assertions for the kernel model (TigerStyle): an assertion failure is a bug in schedcheck itself,
// never a scheduler's fault, so it throws an AssertionError that the CLI maps to exit code 3.

/** A broken invariant of the model itself (exit 3), as opposed to a scheduler error or bad input. */
export class ModelAssertionError extends Error {
  override readonly name = 'ModelAssertionError';
}

/** Throws ModelAssertionError when `condition` is false. Keep messages short and specific. */
export function assert(condition: boolean, message: string): asserts condition {
  if (!condition) throw new ModelAssertionError(message);
}

/**
 * Throws ModelAssertionError: for hot paths, as `if (!condition) assertFailed(\`…${x}…\`)`, so a message
 * with values in it is built only when the assertion fails (a template-literal argument to assert() is
 * built on every call).
 */
export function assertFailed(message: string): never {
  throw new ModelAssertionError(message);
}

/** Bad user input (scenario, topology, option): the CLI prints the one-line message and exits 2. */
export class InputError extends Error {
  override readonly name = 'InputError';
}

/** Throws InputError naming the field and the problem, e.g. `topology: cpu 9 listed in two cores`. */
export function inputError(message: string): never {
  throw new InputError(message);
}
