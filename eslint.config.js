// Lint rules, including the process boundaries of STYLE.md: each folder may import only what its
// process has (no node:* in the renderer or in shared, electron only in the shell and preload).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'events', 'url', 'stream'];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'coverage/**', '.semantik-dev/**', '.tmp-model/**'] },
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
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...nodeBuiltins,
            'electron',
            'bullmq',
            'ioredis',
            'react',
            'better-sqlite3',
            'onnxruntime-node',
            '../main/*',
            '../workers/*',
            '../node/*',
            '../renderer/*',
          ],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...nodeBuiltins,
            'electron',
            'bullmq',
            'ioredis',
            'better-sqlite3',
            'onnxruntime-node',
            '**/main/**',
            '**/workers/**',
            '**/node/**',
          ],
        },
      ],
    },
  },
  {
    files: ['src/workers/**/*.ts', 'src/node/**/*.ts', 'src/main/engine/**/*.ts', 'src/main/cli/**/*.ts', 'src/main/web/**/*.ts'],
    rules: {
      // The engine is plain Node: only the Electron shell may import electron.
      'no-restricted-imports': ['error', { patterns: ['electron', '**/renderer/**', '**/main/electron/**'] }],
    },
  },
  {
    files: ['scripts/**/*.{js,mjs,ts}', 'bench/**/*.ts', 'bin/**/*.js'],
    rules: { 'no-console': 'off' },
  },
);
