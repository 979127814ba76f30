import { describe, expect, it } from 'vitest';
import type { InstanceInfo } from '../../src/main/engine/instance-file';
import { InstanceWatch, lostMessage } from '../../src/main/cli/instance-watch';

const first: InstanceInfo = { pid: 100, startedAt: 1, redisUrl: 'redis://127.0.0.1:7000', externalRedis: false, monitorUrl: null };
const second: InstanceInfo = { ...first, pid: 200, startedAt: 2, redisUrl: 'redis://127.0.0.1:7001' };

/** A world of processes and an instance file that a test changes by hand. */
function world() {
  const state = { now: 0, alive: new Set<number>([100]), file: first as InstanceInfo | null };
  const watch = new InstanceWatch(
    first,
    {
      alive: (pid) => state.alive.has(pid),
      current: () => (state.file && state.alive.has(state.file.pid) ? state.file : null),
      now: () => state.now,
    },
    { restartWaitMs: 15_000, redisSilenceMs: 60_000 },
  );
  return { state, watch };
}

describe('InstanceWatch', () => {
  it('stays up while the process runs, through a Redis outage shorter than the limit', () => {
    const { state, watch } = world();
    expect(watch.check()).toEqual({ kind: 'up' });
    watch.redisDown();
    state.now = 59_000;
    expect(watch.check()).toEqual({ kind: 'up' });
    watch.redisUp();
    state.now = 200_000;
    expect(watch.check()).toEqual({ kind: 'up' });
  });

  it('gives up on a living instance whose Redis stays silent past the limit', () => {
    const { state, watch } = world();
    watch.redisDown();
    state.now = 60_001;
    expect(watch.check()).toMatchObject({ kind: 'lost', reason: 'redis-silent', limitMs: 60_000 });
  });

  it('waits for a restart after the process dies, then declares it lost', () => {
    const { state, watch } = world();
    state.alive.clear();
    state.now = 1_000;
    expect(watch.check()).toEqual({ kind: 'waiting', diedAt: 1_000 });
    state.now = 16_000;
    expect(watch.check()).toEqual({ kind: 'waiting', diedAt: 1_000 });
    state.now = 16_001;
    const lost = watch.check();
    expect(lost).toMatchObject({ kind: 'lost', reason: 'died', instance: first, limitMs: 15_000 });
    if (lost.kind !== 'lost') throw new Error('expected lost');
    expect(lostMessage(lost, '/data', 'semantik index /docs')).toBe(
      'semantik: the Semantik instance (pid 100) on /data stopped and did not come back within 15 s. The queued work is kept ' +
        '(Redis AOF in the data folder) and resumes when the app or `semantik serve` starts again; then run ' +
        '`semantik index /docs` to follow it to the end.',
    );
  });

  it('follows a new instance on the data folder, and watches that one from then on', () => {
    const { state, watch } = world();
    state.alive.clear();
    state.now = 1_000;
    expect(watch.check().kind).toBe('waiting');
    state.alive.add(200);
    state.file = second;
    state.now = 5_000;
    expect(watch.check()).toEqual({ kind: 'followed', previous: first, instance: second });
    expect(watch.current).toBe(second);
    state.now = 100_000;
    expect(watch.check()).toEqual({ kind: 'up' });
    state.alive.delete(200);
    expect(watch.check().kind).toBe('waiting');
  });

  it('does not take the stale file of the dead instance for a restart', () => {
    const { state, watch } = world();
    state.alive.clear();
    // The same pid alive again with the same start time would be the same instance: not a restart.
    state.file = first;
    state.now = 20_000;
    expect(watch.check().kind).toBe('waiting');
    state.now = 40_000;
    expect(watch.check().kind).toBe('lost');
  });
});
