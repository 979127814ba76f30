/**
 * CLI output: results to stdout (plain or JSON), messages to stderr, exit codes by error kind.
 */
import { SemantikError, type ErrorCode } from '../../shared/errors';

/** Writes a result: JSON when asked, else the human text. */
export function printResult(json: boolean, value: unknown, human: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
}

/** Writes a message for the person at the terminal. */
export function say(message: string): void {
  process.stderr.write(`${message}\n`);
}

const EXIT_CODES: Partial<Record<ErrorCode, number>> = { BAD_INPUT: 2, NOT_FOUND: 2, UNAVAILABLE: 3 };

/** Prints an error the way a person can act on it and returns the exit code. */
export function reportError(error: unknown): number {
  if (error instanceof SemantikError) {
    say(`semantik: ${error.message}`);
    return EXIT_CODES[error.code] ?? 1;
  }
  say(`semantik: ${(error as Error)?.stack ?? String(error)}`);
  return 1;
}
