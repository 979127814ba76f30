/**
 * The app's logger (pino), writing to stderr so that stdout stays free for CLI output: JSON lines,
 * or lines for people on a terminal (log-format.ts; `SEMANTIK_LOG_FORMAT=json|pretty` chooses).
 *
 * `SEMANTIK_LOG_LEVEL` sets the level (default `info`; tests and the CLI use `warn`).
 *
 * The app's main process (the desktop shell, `semantik serve`) also keeps its lines, in JSON, in a
 * rotated file in the data folder (`keepLogFile`); the workers' lines reach it through the pool,
 * which logs them again. Without a usable stderr (a GUI app started with none) only the file is
 * written; a stderr that fails later is dropped, never thrown from.
 */
import { createRequire } from 'node:module';
import { isatty } from 'node:tty';
import type { DestinationStream, Logger } from 'pino';
import { prettyLogLine, wantsPrettyLogs } from './log-format';
import { RotatingLogFile } from './log-file';
import { stderrUsable, writeWhole } from './log-stderr';

export type { Logger };

/** Where the lines go: each output is null when absent or dropped after a failure. */
const outputs: { stderr: ((line: string) => string) | null; file: RotatingLogFile | null } = {
  // Synchronous, as the file is: a line logged just before an exit is not lost.
  stderr: stderrUsable() ? (wantsPrettyLogs(process.env, isatty(2)) ? prettyLogLine : (line) => line) : null,
  file: null,
};

const destination: DestinationStream = {
  write(line: string): void {
    writeStderr(line);
    writeFile(line);
  },
};

/** pino's levels by method; `silent` logs nothing. */
const LEVELS: Readonly<Record<string, number>> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity };

/** The level's name, read once: a name pino does not know stops the process here, not at a log call. */
const LEVEL_NAME = process.env.SEMANTIK_LOG_LEVEL ?? 'info';
if (!Object.hasOwn(LEVELS, LEVEL_NAME)) {
  throw new Error(`SEMANTIK_LOG_LEVEL=${LEVEL_NAME} is not a log level: use one of ${Object.keys(LEVELS).join(', ')}`);
}
const LEVEL = LEVELS[LEVEL_NAME]!;

/**
 * The root logger, made when a line is first logged: a short command such as `semantik status` logs
 * nothing at its level, and loading pino was about 15 ms of its 330, so pino is required on first
 * use, not imported.
 */
let root: Logger | null = null;

function rootLogger(): Logger {
  if (root !== null) return root;
  const { pino } = createRequire(import.meta.url)('pino') as typeof import('pino');
  root = pino({ level: LEVEL_NAME, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime }, destination);
  return root;
}

const dropped = (): void => {};

/** True for a log method whose lines the level drops. */
function belowLevel(property: string | symbol): boolean {
  return typeof property === 'string' && Object.hasOwn(LEVELS, property) && LEVELS[property]! < LEVEL;
}

/**
 * A pino logger made by `make` when a line at or above the level is first logged, or anything else
 * of it is read or set; its methods are the real logger's, bound to it (again after a property is
 * set: setting `level` replaces them).
 */
function lazyLogger(make: () => Logger): Logger {
  let real: Logger | null = null;
  const bound = new Map<PropertyKey, unknown>();
  return new Proxy({} as Logger, {
    get(_target, property) {
      if (real === null && belowLevel(property)) return dropped;
      real ??= make();
      const value: unknown = Reflect.get(real, property, real);
      if (typeof value !== 'function') return value;
      if (!bound.has(property)) bound.set(property, (value as (...args: unknown[]) => unknown).bind(real));
      return bound.get(property);
    },
    set(_target, property, value) {
      real ??= make();
      bound.clear();
      return Reflect.set(real, property, value, real);
    },
  });
}

const logger = lazyLogger(rootLogger);

function writeStderr(line: string): void {
  if (outputs.stderr === null) return;
  if (writeWhole(2, outputs.stderr(line)) !== 'gone') return;
  outputs.stderr = null;
  logger.warn('stderr cannot be written to any more; logging goes on in the log file only, if kept');
}

function writeFile(line: string): void {
  if (outputs.file === null) return;
  try {
    outputs.file.write(line);
  } catch (error) {
    const path = outputs.file.path;
    outputs.file = null;
    logger.error({ err: error, path }, 'the log file cannot be written to; logging goes on to stderr only');
  }
}

/**
 * Keeps this process's log lines (JSON, whatever the terminal format) in `<dir>/semantik.log`, rotated
 * by size (log-file.ts). Returns the file's path, or null when it cannot be opened (logged: the app
 * runs on without it). A second call keeps the file already open.
 */
export function keepLogFile(dir: string): string | null {
  if (outputs.file !== null) return outputs.file.path;
  try {
    outputs.file = new RotatingLogFile({ dir });
    return outputs.file.path;
  } catch (error) {
    logger.error({ err: error, dir }, 'the log file cannot be opened; logging goes to stderr only');
    return null;
  }
}

/** A child logger for one component, e.g. `childLogger('redis')`. */
export function childLogger(component: string, bindings: Record<string, unknown> = {}): Logger {
  const own = { component, ...bindings };
  return lazyLogger(() => rootLogger().child(own));
}
