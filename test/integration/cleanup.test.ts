/**
 * The daily cleanup: its schedule is listed with the next run at the coming local midnight; run
 * now, it removes back-dated Redis results and archives back-dated history records older than the
 * retention, and keeps newer ones (and the history of jobs Redis forgot).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_JOBS, type CleanupJobResult } from '../../src/shared/jobs';
import { CLEANUP_SCHEDULE, type ScheduleInfo } from '../../src/shared/schedules';
import type { JobPatch } from '../../src/node/store/job-history';
import { QUEUE_PREFIX } from '../../src/node/queues';
import { localTimeZone } from '../../src/main/engine/tasks/schedules';
import { dispatchCall } from '../../src/main/web/dispatch';
import { startTestEngine, waitFor, waitForHistory, type TestEngine } from '../helpers/engine';

const DAY = 86_400_000;

function nextLocal(hours: number, minutes: number, now = new Date()): number {
  const next = new Date(now);
  next.setHours(hours, minutes, 0, 0);
  if (next.getTime() <= now.getTime()) next.setDate(next.getDate() + 1);
  return next.getTime();
}

function record(queue: string, jobId: string, finishedAt: number): JobPatch {
  return {
    queue,
    jobId,
    at: finishedAt,
    name: queue,
    state: 'completed',
    addedAt: finishedAt - 1_000,
    startedAt: finishedAt - 900,
    finishedAt,
    durationMs: 900,
    describe: { data: '{"runId":1}', opts: null, parent: null, folder: '/corpus' },
  };
}

describe('cleanup_old_results', () => {
  let test: TestEngine;

  beforeAll(async () => {
    test = await startTestEngine(1);
  });
  afterAll(async () => {
    await test?.close();
  });

  it('is scheduled daily at local midnight, and can be changed with a validated pattern', async () => {
    const handlers = test.engine.handlers;
    const [cleanup] = (await handlers['schedules:list']({})).filter((one) => one.name === CLEANUP_SCHEDULE);
    expect(cleanup).toMatchObject({
      queue: 'system',
      task: SYSTEM_JOBS.cleanup,
      pattern: '0 0 * * *',
      tz: localTimeZone(),
      data: { retentionDays: 7 },
    });
    expect(cleanup!.nextRunAt).toBe(nextLocal(0, 0));

    const dispatch = { mode: 'headless', readOnly: false, includeStack: false } as const;
    const bad = await dispatchCall(handlers, 'schedules:upsert', { name: CLEANUP_SCHEDULE, pattern: '0 25 * * *' }, dispatch);
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(bad.ok ? '' : bad.error.message).toContain('hour');
    const changed = await dispatchCall(
      handlers,
      'schedules:upsert',
      { name: CLEANUP_SCHEDULE, pattern: '30 2 * * *', retentionDays: 3 },
      dispatch,
    );
    expect(changed).toMatchObject({ ok: true, value: { pattern: '30 2 * * *', data: { retentionDays: 3 } } });
    expect(changed.ok ? (changed.value as ScheduleInfo).nextRunAt : null).toBe(nextLocal(2, 30));
    await handlers['schedules:upsert']({ name: CLEANUP_SCHEDULE, pattern: '0 0 * * *', task: SYSTEM_JOBS.cleanup, retentionDays: 7 });
    const extra = await handlers['schedules:upsert']({ name: 'hourly_ping', pattern: '@hourly', task: SYSTEM_JOBS.ping });
    expect(extra.pattern).toBe('0 * * * *');
    expect(await handlers['schedules:remove']({ name: 'hourly_ping' })).toEqual({ removed: true });
    expect((await handlers['schedules:list']({})).map((one) => one.name)).toEqual([CLEANUP_SCHEDULE]);
  });

  it('run now, removes what is older than the retention from Redis and the history, and keeps the rest', async () => {
    const { engine } = test;
    const system = engine.queues.get('system');
    const redis = engine.redis;
    const now = Date.now();
    for (const id of ['p-old-1', 'p-old-2', 'p-old-3', 'p-new-1', 'p-new-2']) {
      await engine.queues.addSigned('system', SYSTEM_JOBS.ping, { sentAt: now, nonce: id }, { jobId: id });
    }
    for (const id of ['f-old', 'f-new']) await engine.queues.addSigned('system', 'no_such_task', {}, { jobId: id });
    await waitFor(
      async () => (await system.getJobCounts('completed')).completed >= 5 && (await system.getJobCounts('failed')).failed >= 2,
      'the jobs to finish',
      60_000,
    );
    // Recorded first (with their real finish times), then back-dated in Redis only.
    await waitForHistory(engine);
    // Back-date some results in Redis: the finished sets are scored by finish time.
    const old = now - 10 * DAY;
    for (const [id, set] of [
      ['p-old-1', 'completed'],
      ['p-old-2', 'completed'],
      ['p-old-3', 'completed'],
      ['f-old', 'failed'],
    ] as const) {
      await redis.zadd(`${QUEUE_PREFIX}:system:${set}`, old, id);
      await redis.hset(`${QUEUE_PREFIX}:system:${id}`, 'finishedOn', old);
    }
    // And some history records (of jobs Redis no longer has), old and recent.
    const history = engine.store.history();
    history.apply([
      record('extract', 'old-1', now - 9 * DAY),
      record('embed', 'old-2', now - 8 * DAY),
      { ...record('ingest', 'old-3', now - 30 * DAY), state: 'failed', error: 'boom' },
      record('extract', 'new-1', now - 6 * DAY),
      record('embed', 'new-2', now - DAY),
      // Pending for a long time: not finished, so not archived whatever its age.
      { ...record('scan', 'stuck-old', now - 20 * DAY), state: 'waiting', finishedAt: null },
    ]);
    await waitForHistory(engine);

    const { ref } = await engine.handlers['schedules:run']({ name: CLEANUP_SCHEDULE });
    const id = ref.slice('system:'.length);
    await waitFor(async () => (await system.getJobState(id)) === 'completed', 'the cleanup to run', 60_000);
    const job = await system.getJob(id);
    const result = job?.returnvalue as CleanupJobResult;
    expect(result.retentionDays).toBe(7);
    expect(result.redisRemoved.system).toBe(4);
    expect(result.recordsArchived).toBe(3);

    for (const gone of ['p-old-1', 'p-old-2', 'p-old-3', 'f-old']) expect(await system.getJob(gone), gone).toBeUndefined();
    for (const kept of ['p-new-1', 'p-new-2', 'f-new']) expect(await system.getJob(kept), kept).toBeDefined();
    for (const [queue, gone] of [
      ['extract', 'old-1'],
      ['embed', 'old-2'],
      ['ingest', 'old-3'],
    ] as const)
      expect(history.get(queue, gone), gone).toBeNull();
    expect(history.get('extract', 'new-1')).not.toBeNull();
    expect(history.get('embed', 'new-2')).not.toBeNull();
    expect(history.get('scan', 'stuck-old')).not.toBeNull();
    expect(history.archived()).toBe(3);
    // The history outlives Redis: the removed pings are still listed, from SQLite.
    const forgotten = await engine.handlers['tasks:get']({ queue: 'system', id: 'p-old-1' });
    expect(forgotten).toMatchObject({ state: 'completed', live: false });

    await waitForHistory(engine);
    const [cleanup] = await engine.handlers['schedules:list']({});
    expect(cleanup?.lastRun).toMatchObject({ ref, state: 'completed', result: { recordsArchived: 3 } });
    const logs = (await engine.handlers['tasks:get']({ queue: 'system', id })).logs;
    expect(logs.some((line) => line.includes('3 records archived'))).toBe(true);
  });
});
