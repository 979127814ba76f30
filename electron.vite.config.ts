/**
 * Builds the three bundles of the desktop app (and the renderer the web monitor serves):
 * out/main (the shell, plus the worker entry so a packaged app can fork it, and the CLI), out/preload (CommonJS,
 * as a sandboxed preload must be) and out/renderer.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { CSP_META } from './src/main/web/csp';

// Paths are relative to the project root, where every build runs (npm scripts, the e2e setup).
const root = process.cwd();
const workerEntry = resolve(root, 'src/workers/worker-main.ts');
// Started by the extract processor as a worker thread beside worker-main.js (see extract-pool.ts).
const extractThreadEntry = resolve(root, 'src/workers/extract/extract-thread.ts');
// Started by each model session (a worker's, or the engine's query embedder) as a worker thread
// beside the bundle that starts it (see src/node/embedding/threaded-embedder.ts).
const embedThreadEntry = resolve(root, 'src/node/embedding/embed-thread.ts');
// The `semantik` command, built so that bin/semantik.js need not transpile it at every call.
const cliEntry = resolve(root, 'src/main/cli/main.ts');
// Started by the engine as a worker thread beside index.js for the history's reads (see history-reader.ts).
const historyReadThreadEntry = resolve(root, 'src/main/engine/history/history-read-thread.ts');

/**
 * Writes the CSP into the built page only: `electron-vite dev` injects inline scripts for hot reload
 * that the policy would block. The desktop window loads the built page from file://, where no
 * response header can carry the policy.
 */
function cspMetaTag(): Plugin {
  return {
    name: 'semantik-csp-meta',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP_META }, injectTo: 'head-prepend' },
    ],
  };
}

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // Pure-JavaScript packages every command loads, bundled in: zod alone is about a hundred
      // files, and resolving and loading files was most of a `semantik status` call.
      externalizeDeps: { exclude: ['zod', 'ioredis', 'commander', 'bullmq'] },
      rolldownOptions: {
        input: {
          // `index` matches package.json "main": out/main/index.js.
          index: resolve(root, 'src/main/electron/main.ts'),
          // Forked by the utility-process launcher as out/main/worker-main.js. Guarded so the shell
          // still builds in a checkout where the workers are not written yet.
          ...(existsSync(workerEntry) ? { 'worker-main': workerEntry } : {}),
          ...(existsSync(extractThreadEntry) ? { 'extract-thread': extractThreadEntry } : {}),
          ...(existsSync(embedThreadEntry) ? { 'embed-thread': embedThreadEntry } : {}),
          ...(existsSync(historyReadThreadEntry) ? { 'history-read-thread': historyReadThreadEntry } : {}),
          // Run by bin/semantik.js as out/main/cli.js when it is newer than the sources.
          cli: cliEntry,
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rolldownOptions: {
        input: { index: resolve(root, 'src/preload/index.ts') },
        // Sandboxed preloads cannot be ES modules.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src/renderer'),
    build: {
      outDir: resolve(root, 'out/renderer'),
      rolldownOptions: { input: resolve(root, 'src/renderer/index.html') },
    },
    plugins: [react(), cspMetaTag()],
  },
});
