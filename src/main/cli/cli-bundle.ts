/**
 * Where the CLI runs from: its TypeScript sources through tsx, or the bundle electron-vite builds
 * (out/main/cli.js, beside the worker entry and the threads it forks). Paths the engine finds
 * from its own source location differ in the bundle; this module gives them.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

let bundleDir: string | null = null;

/**
 * Called by the CLI's entry with its own import.meta.url: when that is the built bundle, the
 * built-in model is found in the checkout's resources and the monitor page in out/renderer
 * (unless SEMANTIK_RESOURCES_DIR or SEMANTIK_RENDERER_DIR say otherwise), and workers are forked
 * from the bundle's worker-main.js.
 */
export function noteCliEntry(entryUrl: string): void {
  if (!entryUrl.endsWith('.js')) return;
  bundleDir = dirname(fileURLToPath(entryUrl));
  process.env.SEMANTIK_RESOURCES_DIR ??= resolve(bundleDir, '..', '..', 'resources');
  process.env.SEMANTIK_RENDERER_DIR ??= resolve(bundleDir, '..', 'renderer');
}

/** The engine options that locate the worker entry: empty when running from the sources. */
export function cliEngineEntry(): { workerEntry?: string } {
  return bundleDir ? { workerEntry: join(bundleDir, 'worker-main.js') } : {};
}
