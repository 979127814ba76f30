// The logger is made on first use: a command that logs nothing at its level never loads pino, and
// a line at the level is still written, with the component it was logged under.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

let dir = '';

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'semantik-lazy-logger-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Runs a script that logs through childLogger, then prints whether pino was loaded; returns stdout and stderr. */
function logAt(level: string, body: string): { out: string; err: string } {
  const script = join(dir, 'log.mts');
  writeFileSync(
    script,
    [
      `import { createRequire } from 'node:module';`,
      `import { childLogger } from ${JSON.stringify(join(process.cwd(), 'src/node/logger.ts'))};`,
      `const log = childLogger('probe');`,
      body,
      `const loaded = Object.keys(createRequire(${JSON.stringify(join(process.cwd(), 'package.json'))}).cache);`,
      `process.stdout.write(loaded.some((path) => path.endsWith('/pino/pino.js')) ? 'pino loaded' : 'pino not loaded');`,
    ].join('\n'),
  );
  const result = spawnSync(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, SEMANTIK_LOG_LEVEL: level, SEMANTIK_LOG_FORMAT: 'json' },
    encoding: 'utf8',
  });
  expect(result.status).toBe(0);
  return { out: result.stdout, err: result.stderr };
}

describe('the lazy logger', () => {
  it('drops lines below the level without loading pino', () => {
    const { out, err } = logAt('error', `log.debug('quiet'); log.info({ n: 1 }, 'quiet'); log.warn('quiet');`);
    expect(out).toBe('pino not loaded');
    expect(err).toBe('');
  });

  it('loads pino for the first line at the level and writes it with its component', () => {
    const { out, err } = logAt('warn', `log.info('dropped'); log.warn({ n: 7 }, 'kept'); log.error('kept too');`);
    expect(out).toBe('pino loaded');
    const lines = err
      .trim()
      .split('\n')
      .map((text) => JSON.parse(text) as { component: string; msg: string; n?: number });
    expect(lines.map(({ component, msg, n }) => ({ component, msg, n }))).toEqual([
      { component: 'probe', msg: 'kept', n: 7 },
      { component: 'probe', msg: 'kept too', n: undefined },
    ]);
  });
});
