/**
 * Forwards a child's output lines to the supervisor's logger, tagged with the child's name.
 */
import { createInterface } from 'node:readline';
import type { Logger } from '../../../node/logger';

const PINO_LEVELS: Record<number, 'debug' | 'info' | 'warn' | 'error'> = { 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'error' };

/** Pipes each line of `stream` to `log`; pino JSON lines keep their level, other lines use `level`. */
export function forwardLines(
  stream: NodeJS.ReadableStream | null | undefined,
  log: Logger,
  level: 'info' | 'warn',
  keep?: (line: string) => void,
): void {
  if (!stream) return;
  const lines = createInterface({ input: stream });
  lines.on('line', (line) => {
    keep?.(line);
    if (line.startsWith('{')) {
      try {
        const record = JSON.parse(line) as { level?: number; msg?: string };
        const mapped = PINO_LEVELS[record.level ?? 30] ?? 'info';
        log[mapped]({ child: record }, record.msg ?? '');
        return;
      } catch {
        // Not JSON after all: fall through and log it as text.
      }
    }
    log[level](line);
  });
}
