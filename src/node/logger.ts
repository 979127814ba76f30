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
import { isatty } from 'node:tty';
import { pino, type DestinationStream, type Logger } from 'pino';
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

export const logger: Logger = pino(
  {
    level: process.env.SEMANTIK_LOG_LEVEL ?? 'info',
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
  },
  destination,
);

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
  return logger.child({ component, ...bindings });
}
