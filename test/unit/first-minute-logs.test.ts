// What someone starting the app reads: log lines for people on a terminal, JSON elsewhere, and
// Redis's host warnings as one plain line.
import { describe, expect, it } from 'vitest';
import { prettyLogLine, wantsPrettyLogs } from '../../src/node/log-format';
import { classifyRedisLine } from '../../src/main/engine/redis/redis-log-lines';

describe('log lines for people', () => {
  it('formats a JSON line as time, level, component, message and fields', () => {
    const line = JSON.stringify({
      level: 40,
      time: '2026-12-04T15:04:05.000Z',
      pid: 1,
      component: 'pool',
      worker: 'w2',
      msg: 'did not stop',
      graceMs: 500,
    });
    expect(prettyLogLine(line)).toMatch(/^\d\d:\d\d:\d\d WARN {2}w2 pool: did not stop {2}graceMs=500\n$/);
  });

  it("shows a worker's forwarded line as the worker's own, with an error's message", () => {
    const child = { level: 50, time: 0, component: 'worker', worker: 'w1', msg: 'job failed', err: { message: 'boom', stack: '...' } };
    const line = JSON.stringify({ level: 50, component: 'pool', worker: 'w1', child, msg: 'job failed' });
    expect(prettyLogLine(line)).toMatch(/ERROR w1 worker: job failed {2}error=boom\n$/);
  });

  it('keeps text that is not JSON', () => {
    expect(prettyLogLine('plain words')).toBe('plain words\n');
  });

  it('formats on a terminal only, unless SEMANTIK_LOG_FORMAT says', () => {
    expect(wantsPrettyLogs({}, true)).toBe(true);
    expect(wantsPrettyLogs({}, false)).toBe(false);
    expect(wantsPrettyLogs({ SEMANTIK_LOG_FORMAT: 'json' }, true)).toBe(false);
    expect(wantsPrettyLogs({ SEMANTIK_LOG_FORMAT: 'pretty' }, false)).toBe(true);
  });
});

describe("Redis's own lines", () => {
  const overcommit =
    '123:M 04 Dec 2026 15:43:15.425 # WARNING Memory overcommit must be enabled! Without it, a background save or replication may fail under low memory condition.';

  it('turns the memory overcommit warning into one plain line, once', () => {
    const first = classifyRedisLine(overcommit, 'stdout');
    expect(first.level).toBe('warn');
    expect(first.text).toBe(
      'Linux memory overcommit is off (vm.overcommit_memory=0): Redis may fail to rewrite its AOF when memory is short; `sysctl vm.overcommit_memory=1` (as root) avoids it',
    );
    expect(classifyRedisLine(overcommit, 'stdout').level).toBe('debug');
  });

  it('keeps other warnings and stderr as warnings, routine lines as debug', () => {
    expect(classifyRedisLine('1:M 04 Dec # WARNING something else', 'stdout')).toEqual({
      level: 'warn',
      text: 'redis: 1:M 04 Dec # WARNING something else',
    });
    expect(classifyRedisLine('oops', 'stderr').level).toBe('warn');
    expect(classifyRedisLine('1:M 04 Dec # Server initialized', 'stdout').level).toBe('debug');
  });
});
