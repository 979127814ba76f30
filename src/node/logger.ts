/**
 * The app's logger (pino), writing JSON lines to stderr so that stdout stays free for CLI output.
 *
 * `SEMANTIK_LOG_LEVEL` sets the level (default `info`; tests and the CLI use `warn`).
 */
import { pino, type Logger } from 'pino';

export type { Logger };

export const logger: Logger = pino(
  {
    level: process.env.SEMANTIK_LOG_LEVEL ?? 'info',
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
  },
  pino.destination({ fd: 2, sync: true }),
);

/** A child logger for one component, e.g. `childLogger('redis')`. */
export function childLogger(component: string, bindings: Record<string, unknown> = {}): Logger {
  return logger.child({ component, ...bindings });
}
