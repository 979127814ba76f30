/**
 * The channel to the supervisor, whichever way the worker was started: `child_process.fork`
 * (`process.send` / `process.on('message')`) or Electron's `utilityProcess.fork`
 * (`process.parentPort`, whose messages arrive wrapped as `{ data }`). A remote worker has neither.
 */
import type { WorkerMessage } from '../shared/worker-protocol';

interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

function parentPort(): ElectronParentPort | undefined {
  // Electron adds `parentPort` to `process` in a utility process; Node's types do not know it.
  return (process as NodeJS.Process & { parentPort?: ElectronParentPort }).parentPort;
}

/** Sends a message to the supervisor, if there is one. */
export function sendToParent(message: WorkerMessage): void {
  const port = parentPort();
  if (port) port.postMessage(message);
  else process.send?.(message);
}

/** Calls `listener` with each message from the supervisor. */
export function onParentMessage(listener: (message: unknown) => void): void {
  const port = parentPort();
  if (port) port.on('message', (event) => listener(event.data));
  else process.on('message', listener);
}

/** Calls `listener` when the supervisor goes away (forked workers only; Electron kills its utility processes itself). */
export function onParentGone(listener: () => void): void {
  if (!parentPort() && process.send) process.on('disconnect', listener);
}
