/**
 * Starting a worker thread from a module that lives beside its caller: the `.ts` source through
 * tsx in development and tests, the built `.js` when bundled by electron-vite (beside the bundle
 * that calls it, which may sit in `chunks/`, one level down).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** Starts thread `name` (e.g. 'embed-thread') found next to the module at `callerUrl` (its import.meta.url). */
export function startModuleThread(callerUrl: string, name: string, options: WorkerOptions = {}): Worker {
  if (callerUrl.endsWith('.ts')) {
    const entry = new URL(`./${name}.ts`, callerUrl).href;
    // A thread does not inherit the parent's `--import tsx` hooks: register them in the thread.
    const tsx = import.meta.resolve('tsx/esm/api');
    const boot = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry)}); })`;
    return new Worker(boot, { ...options, eval: true });
  }
  const candidates = [new URL(`./${name}.js`, callerUrl), new URL(`../${name}.js`, callerUrl)];
  return new Worker(candidates.find((url) => existsSync(fileURLToPath(url))) ?? candidates[0]!, options);
}
