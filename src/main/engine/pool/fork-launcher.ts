/**
 * Starts workers with `child_process.fork`: headless mode, the CLI and the tests.
 */
import { fork } from 'node:child_process';
import type { LaunchedChild, LaunchSpec, WorkerLauncher } from './launcher';

/** Forks plain Node processes; a `.ts` entry runs through tsx (development and tests). */
export const forkLauncher: WorkerLauncher = {
  launch(spec: LaunchSpec): LaunchedChild {
    const execArgv = spec.entry.endsWith('.ts') ? ['--import', 'tsx'] : [];
    const child = fork(spec.entry, [], {
      env: { ...process.env, ...spec.env },
      execArgv,
      serialization: 'advanced',
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    return {
      get pid() {
        return child.pid;
      },
      send(message) {
        // A child that has exited has no channel; the exit handler reports that, not this call.
        if (child.connected) child.send(message as object);
      },
      onMessage(listener) {
        child.on('message', listener);
      },
      onExit(listener) {
        child.on('exit', (code, signal) => listener(code, signal));
      },
      kill(signal = 'SIGTERM') {
        child.kill(signal);
      },
      stdout: child.stdout,
      stderr: child.stderr,
    };
  },
};
