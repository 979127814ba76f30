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
function logAt(level: string, body: string): { out: string; err: string; status: number | null } {
  const script = join(dir, 'log.mts');
  writeFileSync(
    script,
    [
      `import { createRequire } from 'node:module';`,
      `import { childLogger } from ${JSON.stringify(join(process.cwd(), 'src/node/logger.ts'))};`,
      `const log = childLogger('probe');`,
      body,
      `const loaded = Object.keys(createRequire(${JSON.stringify(join(process.cwd(), 'package.json'))}).cache);`,
      `const pinoFile = ${JSON.stringify(join('pino', 'pino.js'))};`,
      `process.stdout.write(loaded.some((path) => path.endsWith(pinoFile)) ? 'pino loaded' : 'pino not loaded');`,
    ].join('\n'),
  );
  const result = spawnSync(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, SEMANTIK_LOG_LEVEL: level, SEMANTIK_LOG_FORMAT: 'json' },
    encoding: 'utf8',
  });
  return { out: result.stdout, err: result.stderr, status: result.status };
}

describe('the lazy logger', () => {
  it('drops lines below the level without loading pino', () => {
    const { out, err, status } = logAt('error', `log.debug('quiet'); log.info({ n: 1 }, 'quiet'); log.warn('quiet');`);
    expect(status).toBe(0);
    expect(out).toBe('pino not loaded');
    expect(err).toBe('');
  });

  it('loads pino for the first line at the level and writes it with its component', () => {
    const { out, err, status } = logAt('warn', `log.info('dropped'); log.warn({ n: 7 }, 'kept'); log.error('kept too');`);
    expect(status).toBe(0);
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

  it('gives children and takes a level set on it, as pino does', () => {
    const body = [
      `const child = log.child({ job: 3 });`,
      `child.warn('from the child');`,
      `log.level = 'debug';`,
      `log.debug('after the level was lowered');`,
      `process.stderr.write(JSON.stringify({ level: log.level, enabled: log.isLevelEnabled('debug') }) + '\\n');`,
    ].join('\n');
    const { err, status } = logAt('warn', body);
    expect(status).toBe(0);
    const lines = err
      .trim()
      .split('\n')
      .map((text) => JSON.parse(text) as Record<string, unknown>);
    expect(lines.map(({ component, job, msg, level, enabled }) => ({ component, job, msg, level, enabled }))).toEqual([
      { component: 'probe', job: 3, msg: 'from the child', level: 40, enabled: undefined },
      { component: 'probe', job: undefined, msg: 'after the level was lowered', level: 20, enabled: undefined },
      { component: undefined, job: undefined, msg: undefined, level: 'debug', enabled: true },
    ]);
  });

  it('stops at start with the names it knows when the level is not one', () => {
    const { err, status } = logAt('verbose', `log.error('never');`);
    expect(status).not.toBe(0);
    expect(err).toContain('SEMANTIK_LOG_LEVEL=verbose is not a log level: use one of trace, debug, info, warn, error, fatal, silent');
  });
});
