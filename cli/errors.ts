// Exit codes of the command-line contract (DESIGN.md) and the one-line error reporting for bad input.
export const EXIT_OK = 0;
export const EXIT_VIOLATION = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 3;
export const EXIT_INCONCLUSIVE = 4;

/** Bad usage or input: printed as one line, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
