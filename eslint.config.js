// Lint rules, including the process boundaries of STYLE.md: each folder may import only what its
// process has (no node:* in the renderer or in shared, electron only in the shell and preload) and
// only the folders that process runs: src/main and src/workers share code through src/node and
// src/shared only; the preload and the renderer import only src/shared.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/**
 * The groups of imports a folder may be denied. Each folder is a process boundary: src/main is the
 * supervisor, src/workers the worker processes, src/node the code both of them run, src/preload the
 * window's sandboxed bridge, src/renderer the page, src/shared the contracts every side imports.
 */
const builtins = {
  group: ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'events', 'url', 'stream'],
  message: 'Node built-ins do not exist where this code runs.',
};
const electron = { group: ['electron'], message: 'Only the Electron shell (src/main/electron) and the preload import electron.' };
const enginePackages = {
  group: ['bullmq', 'ioredis', 'better-sqlite3', 'onnxruntime-node'],
  message: 'Queue, database and model packages belong to the Node processes.',
};
const react = { group: ['react'], message: 'src/shared holds contracts, not UI.' };
const main = {
  group: ['**/main/**'],
  message: 'src/main is the supervisor: code another process needs lives in src/node or src/shared.',
};
const workers = {
  group: ['**/workers/**'],
  message: 'src/workers is the worker processes: code the supervisor needs lives in src/node or src/shared.',
};
const node = { group: ['**/node/**'], message: 'src/node is Node code: this side may import only src/shared.' };
const preload = { group: ['**/preload/**'], message: 'src/preload is the window bridge: share its contracts through src/shared.' };
const preloadButChannels = { ...preload, group: [...preload.group, '!**/preload/channels'] };
const renderer = { group: ['**/renderer/**'], message: 'src/renderer is the page: share its contracts through src/shared.' };
const electronShell = { group: ['**/main/electron/**'], message: 'The engine runs without Electron: only the shell imports it.' };

/** The no-restricted-imports rule denying these groups. */
function forbid(...groups) {
  return ['error', { patterns: groups.map(({ group, message }) => ({ group, message })) }];
}

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'packaging/node_modules/**',
      'test-results/**',
      'coverage/**',
      '.semantik-dev/**',
      '.tmp-model/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
      'import/no-default-export': 'off',
    },
  },
  {
    // Long functions hide their steps: past 80 lines (blank and comment lines included), name the steps.
    files: ['src/**/*.{ts,tsx}'],
    rules: { 'max-lines-per-function': ['error', { max: 80 }] },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid(builtins, electron, enginePackages, react, main, workers, node, preload, renderer),
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': forbid(builtins, electron, enginePackages, main, workers, node, preload),
    },
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: { 'no-restricted-imports': forbid(main, workers, node, renderer) },
  },
  {
    // The Electron shell shares the IPC channel names with its preload.
    files: ['src/main/electron/**/*.ts'],
    rules: { 'no-restricted-imports': forbid(workers, renderer, preloadButChannels) },
  },
  {
    // The engine is plain Node: only the Electron shell may import electron.
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/electron/**'],
    rules: { 'no-restricted-imports': forbid(electron, electronShell, workers, renderer, preload) },
  },
  {
    files: ['src/workers/**/*.ts'],
    rules: { 'no-restricted-imports': forbid(electron, main, renderer, preload) },
  },
  {
    files: ['src/node/**/*.ts'],
    rules: { 'no-restricted-imports': forbid(electron, main, workers, renderer, preload) },
  },
  {
    files: ['scripts/**/*.{js,mjs,ts}', 'bench/**/*.ts', 'bin/**/*.js'],
    rules: { 'no-console': 'off' },
  },
);
