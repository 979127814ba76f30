// The process boundaries of eslint.config.js, checked through ESLint's own API: each import below is
// linted as if it were written in a file of the given folder (the file need not exist).
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

interface Case {
  /** The importing file, relative to the project root. */
  file: string;
  /** What it imports. */
  from: string;
}

const forbidden: Case[] = [
  // The supervisor does not reach into the worker processes' code.
  { file: 'src/main/engine/probe.ts', from: '../../workers/embed/oom-split' },
  { file: 'src/main/engine/models/probe.ts', from: '../../../workers/embed-cache' },
  { file: 'src/main/cli/probe.ts', from: '../../workers/worker-main' },
  { file: 'src/main/web/probe.ts', from: '../../workers/scan/walk' },
  { file: 'src/main/electron/probe.ts', from: '../../workers/worker-main' },
  // Nor the worker processes into the supervisor's.
  { file: 'src/workers/probe.ts', from: '../main/engine/config' },
  { file: 'src/workers/processors/probe.ts', from: '../../main/engine/engine' },
  // The shared Node code depends on neither side.
  { file: 'src/node/probe.ts', from: '../main/engine/config' },
  { file: 'src/node/embedding/probe.ts', from: '../../main/engine/search-service' },
  { file: 'src/node/probe.ts', from: '../workers/embed-cache' },
  { file: 'src/node/models/probe.ts', from: '../../workers/scan/walk' },
  // The preload imports only the contracts.
  { file: 'src/preload/probe.ts', from: '../main/engine/config' },
  { file: 'src/preload/probe.ts', from: '../main/electron/ipc-bridge' },
  { file: 'src/preload/probe.ts', from: '../node/logger' },
  { file: 'src/preload/probe.ts', from: '../workers/worker-main' },
  // So does the renderer.
  { file: 'src/renderer/components/probe.tsx', from: '../../main/engine/config' },
  { file: 'src/renderer/components/probe.tsx', from: '../../node/logger' },
  { file: 'src/renderer/components/probe.tsx', from: '../../workers/worker-main' },
  { file: 'src/renderer/components/probe.tsx', from: '../../preload/channels' },
  { file: 'src/renderer/probe.ts', from: 'node:fs' },
  // And the contracts import none of the other folders.
  { file: 'src/shared/probe.ts', from: '../node/logger' },
  { file: 'src/shared/probe.ts', from: '../workers/worker-main' },
  { file: 'src/shared/probe.ts', from: '../main/engine/config' },
  // Only the Electron shell imports electron.
  { file: 'src/main/engine/probe.ts', from: 'electron' },
  { file: 'src/node/probe.ts', from: 'electron' },
];

const allowed: Case[] = [
  { file: 'src/main/engine/probe.ts', from: '../../node/embedding/threaded-embedder' },
  { file: 'src/main/engine/models/probe.ts', from: '../../../node/models/model-spec' },
  { file: 'src/main/engine/watch/probe.ts', from: '../../../node/scan-rules/root-ignore' },
  { file: 'src/main/cli/probe.ts', from: '../../shared/errors' },
  { file: 'src/main/electron/probe.ts', from: 'electron' },
  { file: 'src/main/electron/probe.ts', from: '../../preload/channels' },
  { file: 'src/workers/probe.ts', from: '../node/models/model-folders' },
  { file: 'src/workers/scan/probe.ts', from: '../../node/scan-rules/link-policy' },
  { file: 'src/node/embedding/probe.ts', from: '../models/model-spec' },
  { file: 'src/node/probe.ts', from: '../shared/errors' },
  { file: 'src/preload/probe.ts', from: '../shared/api' },
  { file: 'src/preload/probe.ts', from: './channels' },
  { file: 'src/preload/probe.ts', from: 'electron' },
  { file: 'src/renderer/components/probe.tsx', from: '../../shared/api' },
  { file: 'src/renderer/components/probe.tsx', from: '../state/api-ref' },
  { file: 'src/renderer/components/probe.tsx', from: 'react' },
];

let eslint: ESLint;

beforeAll(async () => {
  eslint = new ESLint({ cwd: root });
  // The first lint loads the configuration and its plugins, which takes seconds on a busy machine.
  await eslint.lintText('export {};\n', { filePath: resolve(root, 'src/shared/probe.ts') });
}, 60_000);

/** The lint messages of a file whose only content is the import (and a use of it). */
async function lintImport({ file, from }: Case): Promise<ESLint.LintResult['messages']> {
  const code = `import { probe } from '${from}';\n\nexport const used = probe;\n`;
  const [result] = await eslint.lintText(code, { filePath: resolve(root, file) });
  return result!.messages;
}

describe('eslint process boundaries', () => {
  it.each(forbidden)('rejects $from in $file', async (probe) => {
    const messages = await lintImport(probe);
    expect(messages.map((message) => message.ruleId)).toContain('no-restricted-imports');
  });

  it.each(allowed)('accepts $from in $file', async (probe) => {
    expect(await lintImport(probe)).toEqual([]);
  });

  it('rejects a re-export and a type-only import across a boundary too', async () => {
    const cases = [
      { file: 'src/main/engine/probe.ts', code: "export { walkFiles } from '../../workers/scan/walk';\n" },
      { file: 'src/workers/probe.ts', code: "import type { Engine } from '../main/engine/engine';\n\nexport type Used = Engine;\n" },
    ];
    for (const { file, code } of cases) {
      const [result] = await eslint.lintText(code, { filePath: resolve(root, file) });
      expect(result!.messages.map((message) => message.ruleId)).toContain('no-restricted-imports');
    }
  });
});

describe('eslint function length', () => {
  /** A function of `lines` lines in all, its body one statement per line. */
  const fn = (lines: number): string =>
    `export function probe(): number {\n  let total = 0;\n${'  total += 1;\n'.repeat(lines - 4)}  return total;\n}\n`;

  it('rejects a function over 80 lines anywhere in src/, and accepts one of 80', async () => {
    for (const file of ['src/main/engine/probe.ts', 'src/renderer/components/probe.tsx', 'src/workers/probe.ts']) {
      const [long] = await eslint.lintText(fn(81), { filePath: resolve(root, file) });
      expect(long!.messages.map((message) => message.ruleId)).toContain('max-lines-per-function');
      const [fits] = await eslint.lintText(fn(80), { filePath: resolve(root, file) });
      expect(fits!.messages).toEqual([]);
    }
  });
});
