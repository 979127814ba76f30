/**
 * The signals that stop a long-running command (`serve`, `worker`) cleanly: Ctrl-C, `kill`, and a
 * closed terminal (SIGHUP), which would otherwise end the process at once and leave its
 * redis-server and workers running.
 */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Resolves with the first stop signal received. The listeners stay for the life of the process:
 * a signal often arrives twice (the terminal signals the whole process group, and `npm start`
 * passes it on as well), and a second one must not cut the stop short with the default action.
 * The stop itself is bounded by its own timeouts.
 */
export function untilStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((done) => {
    for (const signal of STOP_SIGNALS) {
      process.on(signal, () => {
        // The terminal is gone: what the stop prints has nowhere to go, and must not fail it.
        if (signal === 'SIGHUP') for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
        done(signal);
      });
    }
  });
}
