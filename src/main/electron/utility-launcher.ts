/**
 * Starts workers with Electron's `utilityProcess.fork`: Node processes that Electron owns and that
 * need no separate Node installation on the user's machine.
 *
 * The child talks through `process.parentPort` (not `process.send`): the worker entry must use
 * `process.parentPort` when it exists (see the report to the lead).
 */
import type { Readable } from 'node:stream';
import { utilityProcess } from 'electron';
import type { LaunchedChild, LaunchSpec, WorkerLauncher } from '../engine/pool/launcher';

/** Forks utility processes; a `.ts` entry (development) is not runnable there, so give a built one. */
export function createUtilityProcessLauncher(): WorkerLauncher {
  return {
    launch(spec: LaunchSpec): LaunchedChild {
      const child = utilityProcess.fork(spec.entry, [], {
        env: { ...process.env, ...spec.env },
        serviceName: spec.name,
        stdio: 'pipe',
      });
      let exited = false;
      child.once('exit', () => {
        exited = true;
      });
      return {
        get pid() {
          return child.pid;
        },
        send(message) {
          // A child that has exited has no channel; the exit listener reports that, not this call.
          if (!exited) child.postMessage(message);
        },
        onMessage(listener) {
          child.on('message', (message: unknown) => listener(message));
        },
        onExit(listener) {
          // utilityProcess reports only a code; a signal death shows as a non-zero code.
          child.on('exit', (code) => listener(code, null));
        },
        kill(signal) {
          // utilityProcess.kill() sends SIGTERM; harder signals go through the pid.
          if (signal !== undefined && signal !== 'SIGTERM' && child.pid !== undefined) process.kill(child.pid, signal);
          else child.kill();
        },
        // Electron types them as NodeJS.ReadableStream; at run time they are stream.Readable objects.
        stdout: child.stdout as Readable | null,
        stderr: child.stderr as Readable | null,
      };
    },
  };
}
