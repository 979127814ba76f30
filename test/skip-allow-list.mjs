/**
 * The tests that may be skipped, each with the one condition under which it is. A skipped test not
 * listed here fails `npm test` (scripts/skip-summary.mjs): a skip must be a known limit of the
 * machine, never a way to quiet a test.
 */
export const SKIP_ALLOW_LIST = [
  {
    file: 'test/e2e/electron-smoke.test.ts',
    test: 'opens the window and shows the ready monitor',
    why: 'needs an Electron binary (`npx electron --version`); its download is refused where only the npm registry is reachable',
  },
  {
    file: 'test/integration/remote-worker.test.ts',
    test: 'embeds part of a run, is seen in the monitor, and the index equals a local-only one',
    why: 'needs network namespaces (root and `ip netns`) for the remote machine',
  },
  {
    file: 'test/unit/embedder.test.ts',
    test: 'falls back to the CPU with a reason when CUDA is requested but absent',
    why: 'only where the CUDA provider is not installed',
  },
  {
    file: 'test/unit/read-file.test.ts',
    test: 'refuses a named pipe without opening it (opening one would wait for a writer)',
    why: 'named pipes in the file system are POSIX only (not Windows)',
  },
  {
    file: 'test/integration/contained-extraction.test.ts',
    test: '*',
    why: 'the memory cap and link checks it tests are Linux-only',
  },
];
