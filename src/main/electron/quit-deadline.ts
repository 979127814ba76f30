/**
 * How long quitting waits for the engine to stop, and what the app shows meanwhile (pure; no
 * electron import).
 */

/** The window's title and the tray's tooltip while the engine stops. */
export const STOPPING_TITLE = 'Semantik — stopping…';

/**
 * How long a quit waits for the engine's stop before exiting anyway. The stop closes the worker
 * pool (each worker finishes its current jobs for up to 30 s, then hands them back to their
 * queues), then sends redis-server SHUTDOWN (AOF flushed; SIGKILL after 10 s). Exiting before that
 * ends leaves nothing running: redis-server's watchdog process sees this process gone within 2 s
 * and sends it SIGTERM, on which redis-server too flushes the AOF; workers whose supervisor is gone
 * exit within 15 s on their own; and the next start stops any redis-server left on the data folder
 * before its own. Jobs cut short return through BullMQ's stalled-job check and run again (every
 * step is idempotent), so the bound need not outlast the workers' grace; it only keeps a quit
 * from looking hung.
 */
export const STOP_DEADLINE_MS = 15_000;

/**
 * Waits for `promise` at most `ms`: 'done' when it fulfils in time, 'timed-out' otherwise; its
 * rejection in time is passed on. The timer is cleared either way, so it keeps no process alive.
 */
export function withDeadline(promise: Promise<unknown>, ms: number): Promise<'done' | 'timed-out'> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timed-out'>((resolve) => {
    timer = setTimeout(() => resolve('timed-out'), ms);
  });
  return Promise.race([promise.then(() => 'done' as const), deadline]).finally(() => clearTimeout(timer));
}
