/**
 * The app's logger (pino), writing to stderr so that stdout stays free for CLI output: JSON lines,
 * or lines for people on a terminal (log-format.ts; `SEMANTIK_LOG_FORMAT=json|pretty` chooses).
 *
 * `SEMANTIK_LOG_LEVEL` sets the level (default `info`; tests and the CLI use `warn`).
 */
import { writeSync } from 'node:fs';
import { pino, type DestinationStream, type Logger } from 'pino';
import { prettyLogLine, wantsPrettyLogs } from './log-format';

export type { Logger };

export const logger: Logger = pino(
  {
    level: process.env.SEMANTIK_LOG_LEVEL ?? 'info',
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
  },
  destination(),
);

function destination(): DestinationStream {
  if (!wantsPrettyLogs(process.env, process.stderr.isTTY === true)) return pino.destination({ fd: 2, sync: true });
  // Synchronous, as the JSON destination is: a line logged just before an exit is not lost.
  return { write: (line: string) => void writeSync(2, prettyLogLine(line)) };
}

/** A child logger for one component, e.g. `childLogger('redis')`. */
export function childLogger(component: string, bindings: Record<string, unknown> = {}): Logger {
  return logger.child({ component, ...bindings });
}
