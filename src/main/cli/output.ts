/**
 * CLI output: results to stdout (plain or JSON), messages to stderr, exit codes by error kind.
 */
import { SemantikError, type ErrorCode } from '../../shared/errors';
import { EXIT, type ExitCode } from './exit-codes';

/** Writes a result: JSON when asked, else the human text. */
export function printResult(json: boolean, value: unknown, human: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
}

/** With SEMANTIK_CLI_TRACE=1, a line on stderr saying how the command went (tests and benches read it). */
export function trace(line: string): void {
  if (process.env.SEMANTIK_CLI_TRACE === '1') process.stderr.write(`${line}\n`);
}

/** Writes a message for the person at the terminal. */
export function say(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** What a failed `--json` command prints on stdout instead of its result, so stdout stays JSON. */
export interface JsonFailure {
  error: { code: string; message: string; exitCode: number };
  [detail: string]: unknown;
}

/** Prints a failure as a JSON object on stdout (`details` are added beside `error`). */
export function printJsonFailure(code: string, message: string, exitCode: number, details: Record<string, unknown> = {}): void {
  const failure: JsonFailure = { error: { code, message, exitCode }, ...details };
  process.stdout.write(`${JSON.stringify(failure, null, 2)}\n`);
}

const EXIT_CODES: Partial<Record<ErrorCode, ExitCode>> = { BAD_INPUT: EXIT.USAGE, NOT_FOUND: EXIT.USAGE, UNAVAILABLE: EXIT.NO_INSTANCE };

/**
 * Prints an error the way a person can act on it and returns the exit code; with `json`, stdout
 * gets the error as a JSON object too. Only an unexpected error (not a SemantikError) shows its stack.
 */
export function reportError(error: unknown, json = false): number {
  const exitCode = error instanceof SemantikError ? (EXIT_CODES[error.code] ?? EXIT.FAILED) : EXIT.FAILED;
  if (error instanceof SemantikError) say(`semantik: ${error.message}`);
  else say(`semantik: ${(error as Error)?.stack ?? String(error)}`);
  if (json) {
    const message = error instanceof Error ? error.message : String(error);
    printJsonFailure(error instanceof SemantikError ? error.code : 'INTERNAL', message, exitCode);
  }
  return exitCode;
}
