/**
 * The tasks API over HTTP against a real engine (embedded Redis, a real worker process, SQLite) and
 * a real web monitor: list, filter and search through /api with credentials; a failing extract
 * job (a damaged .docx) retried after the file is fixed; pausing one queue; 401 without
 * credentials; 403 in read-only mode and for cross-site writes; /metrics as Prometheus text; and
 * the history surviving a restart of the engine with the same counts.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Document, Packer, Paragraph } from 'docx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueueCounts, SearchHit } from '../../src/shared/monitor-types';
import type { ScheduleInfo } from '../../src/shared/schedules';
import type { SeriesSnapshot } from '../../src/shared/series';
import type { TaskActionResult, TaskDetail, TasksPage } from '../../src/shared/tasks';
import { startWebMonitor, type WebMonitor } from '../../src/main/web/web-monitor';
import { makeCorpus } from '../helpers/corpus';
import { startTestEngine, waitFor, waitForHistory, waitForRun, type TestEngine } from '../helpers/engine';
import { httpApi, type ApiErrorBody, type HttpApi } from '../helpers/http-api';
import { parsePrometheus } from '../helpers/prometheus';

const credentials = { user: 'ops', password: 'tasks-api-secret' };
const FIXED_SENTENCE = 'The repaired walrus manuscript describes seventeen teal lanterns.';

async function docxWith(text: string): Promise<Buffer> {
  return Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph(text)] }] }));
}

describe('tasks API over HTTP', () => {
  let base: string;
  let dataDir: string;
  let corpus: string;
  let broken: string;
  let test: TestEngine | null = null;
  let monitor: WebMonitor | null = null;
  let readOnly: WebMonitor | null = null;
  let api: HttpApi;
  let roApi: HttpApi;

  const startAll = async (): Promise<void> => {
    // No catch-up scan at restart: the restart test compares the job history with what it was.
    test = await startTestEngine(1, { SEMANTIK_WATCH: '0' }, dataDir);
    const options = { engine: test.engine, host: '127.0.0.1', port: 0, credentials, staticDir: join(base, 'static') };
    monitor = await startWebMonitor({ ...options, readOnly: false });
    readOnly = await startWebMonitor({ ...options, readOnly: true });
    api = httpApi(monitor.url, credentials);
    roApi = httpApi(readOnly.url, credentials);
  };
  const stopAll = async (): Promise<void> => {
    await monitor?.close();
    await readOnly?.close();
    await test?.close();
    monitor = readOnly = test = null;
  };
  /** Waits until the recorder has caught up and no job is pending; returns the whole list. */
  const settled = async (): Promise<TasksPage> => {
    await waitFor(
      async () => {
        await waitForHistory(test!.engine);
        const pending = (await api.get<TasksPage>('/api/tasks?q=state:waiting,active,prioritized,waiting-children&limit=1')).body;
        return pending.total === 0 && (await test!.engine.tasks.recorder.caughtUp());
      },
      'every job recorded as finished',
      60_000,
      250,
    );
    return (await api.get<TasksPage>('/api/tasks?limit=500')).body;
  };

  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'semantik-tasks-api-'));
    dataDir = join(base, 'data');
    corpus = makeCorpus(join(base, 'corpus'), 24).root;
    mkdirSync(join(corpus, 'office'), { recursive: true });
    broken = join(corpus, 'office', 'report.docx');
    // A zip that is not a Word document: extraction throws, every time, until the file is fixed.
    writeFileSync(broken, Buffer.from('PK\u0003\u0004 this is not really a document'));
    await startAll();
  });

  afterAll(async () => {
    await stopAll();
    rmSync(base, { recursive: true, force: true });
  });

  it('refuses requests without credentials with a JSON 401', async () => {
    const res = await api.request<ApiErrorBody>('GET', '/api/tasks', { auth: false });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    expect(res.body.error.code).toBe('UNAUTHORIZED');
    expect((await api.request('GET', '/metrics', { auth: false })).status).toBe(401);
  });

  it('lists, filters and searches the jobs of an indexing run; a failing extract job is retried after the fix', async () => {
    const engine = test!.engine;
    const folder = await engine.handlers['index:addFolder']({ path: corpus });
    await waitForRun(engine, folder.run!.runId);

    // The damaged file fails its extract job (no automatic retries: the content would not change).
    let failed: TasksPage | null = null;
    await waitFor(
      async () => {
        failed = (await api.get<TasksPage>('/api/tasks?q=state:failed')).body;
        return failed.total === 1;
      },
      'the failed extract job in the history',
      60_000,
      250,
    );
    const row = failed!.tasks[0]!;
    expect(row).toMatchObject({ queue: 'extract', name: 'extract', state: 'failed', attempts: 1, workerId: 'w1' });
    expect(row.error).toContain('report.docx');
    expect(row.folder?.startsWith(corpus)).toBe(true);

    const detail = (await api.get<TaskDetail>(`/api/tasks/${encodeURIComponent(row.ref)}`)).body;
    expect(detail.live).toBe(true);
    expect(detail.stack).toContain('could not be extracted');
    expect(detail.logs.some((line) => line.includes('report.docx'))).toBe(true);
    expect(detail.attemptsList).toHaveLength(1);
    expect(detail.attemptsList[0]).toMatchObject({ outcome: 'failed', worker: 'w1' });
    expect(detail.timeline.map((entry) => entry.event)).toEqual(expect.arrayContaining(['added', 'active', 'failed']));
    expect((await api.get<TaskDetail>(`/api/tasks/${encodeURIComponent(row.id)}`)).body.ref).toBe(row.ref);

    // Filters and search reach the same job; the counts agree with the list.
    const all = await settled();
    const byQuery = (await api.get<TasksPage>(`/api/tasks?q=${encodeURIComponent('name:extract worker:w1 report.docx')}`)).body;
    expect(byQuery.tasks.map((task) => task.ref)).toContain(row.ref);
    const embeds = (await api.get<TasksPage>(`/api/tasks?state=completed&q=${encodeURIComponent(`name:embed folder:${corpus}`)}`)).body;
    expect(embeds.total).toBeGreaterThan(0);
    expect(embeds.tasks.every((task) => task.device === 'cpu' && task.parent?.startsWith('ingest:'))).toBe(true);
    expect(all.total).toBe(Object.values(all.counts).reduce((a, b) => a + b, 0));
    expect(all.tasks).toHaveLength(all.total);
    expect(all.counts.failed).toBe(1);
    expect(all.tasks.filter((task) => task.state === 'completed')).toHaveLength(all.counts.completed);

    // Retrying before the fix fails the same way; after it, the job completes and the file is found.
    writeFileSync(broken, await docxWith(FIXED_SENTENCE));
    const retried = await api.post<TaskActionResult>(`/api/tasks/${encodeURIComponent(row.ref)}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body.ref).toBe(row.ref);
    await waitFor(
      async () => (await api.get<TaskDetail>(`/api/tasks/${encodeURIComponent(row.ref)}`)).body.state === 'completed',
      'the retried job to complete',
      90_000,
      250,
    );
    await waitForHistory(test!.engine);
    await waitFor(
      async () => {
        const hits = (await api.get<SearchHit[]>(`/api/search?q=${encodeURIComponent('walrus manuscript teal lanterns')}&mode=keyword`))
          .body;
        return Array.isArray(hits) && hits.some((hit) => hit.path === broken);
      },
      'the fixed file to be searchable',
      90_000,
      500,
    );
    const after = (await api.get<TaskDetail>(`/api/tasks/${encodeURIComponent(row.ref)}`)).body;
    expect(after.timeline.map((entry) => entry.event)).toEqual(expect.arrayContaining(['failed', 'retried', 'completed']));
    expect(after.error).toBeNull();
    const again = await api.post<ApiErrorBody>(`/api/tasks/${encodeURIComponent(row.ref)}/retry`);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('completed');
  });

  it('pauses and resumes one queue through the API', async () => {
    const paused = await api.post<{ name: string; paused: boolean }>('/api/queues/extract/pause');
    expect(paused.body).toEqual({ name: 'extract', paused: true });
    const queues = (await api.get<QueueCounts[]>('/api/queues')).body;
    expect(queues.find((queue) => queue.name === 'extract')?.paused).toBe(true);
    expect(queues.filter((queue) => queue.paused).map((queue) => queue.name)).toEqual(['extract']);
    expect((await api.post('/api/queues/extract/resume')).body).toEqual({ name: 'extract', paused: false });
    expect((await api.get<QueueCounts[]>('/api/queues')).body.some((queue) => queue.paused)).toBe(false);
  });

  it('refuses every write in read-only mode with 403 and still answers reads', async () => {
    for (const [path, body] of [
      ['/api/queues/extract/pause', undefined],
      ['/api/workers/scale', { count: 2 }],
      ['/api/tasks/bulk', { action: 'retry', q: 'state:failed' }],
      ['/api/schedules/cleanup_old_results/run', undefined],
    ] as const) {
      const res = await roApi.post<ApiErrorBody>(path, body);
      expect(res.status, path).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
    expect((await roApi.request('DELETE', '/api/schedules/cleanup_old_results')).status).toBe(403);
    expect((await roApi.get<TasksPage>('/api/tasks?limit=1')).status).toBe(200);
    expect((await roApi.get('/metrics')).status).toBe(200);
    expect((await api.get<QueueCounts[]>('/api/queues')).body.some((queue) => queue.paused)).toBe(false);
  });

  it('answers bad input with 400, unknown things with 404, wrong methods with 405, cross-site writes with 403', async () => {
    expect((await api.get<ApiErrorBody>('/api/tasks?limit=0')).body.error.code).toBe('BAD_INPUT');
    const badQuery = await api.get<ApiErrorBody>(`/api/tasks?q=${encodeURIComponent('state:sleeping')}`);
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.error.message).toContain('sleeping');
    expect((await api.get('/api/tasks?sort=-color')).status).toBe(400);
    expect((await api.get('/api/tasks/no-such-job')).status).toBe(404);
    expect((await api.get('/api/nothing-here')).status).toBe(404);
    const wrong = await api.request('DELETE', '/api/tasks');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
    const evil = await api.request<ApiErrorBody>('POST', '/api/queues/extract/pause', { headers: { Origin: 'http://evil.example' } });
    expect(evil.status).toBe(403);
    const notJson = await api.request('POST', '/api/workers/scale', { headers: { 'Content-Type': 'text/plain' }, body: undefined });
    expect(notJson.status).toBe(400);
    expect((await api.request('POST', '/api/workers/w99/restart')).status).toBe(404);
    expect((await api.get<QueueCounts[]>('/api/queues')).body.some((queue) => queue.paused)).toBe(false);
  });

  it('serves workers, GPUs, schedules and live series', async () => {
    const workers = (await api.get<Array<{ workerId: string; state: string }>>('/api/workers')).body;
    expect(workers.map((worker) => worker.workerId)).toContain('w1');
    expect((await api.get('/api/gpus')).body).toEqual([]);
    const schedules = (await api.get<ScheduleInfo[]>('/api/schedules')).body;
    expect(schedules.find((one) => one.name === 'cleanup_old_results')?.pattern).toBe('0 0 * * *');
    // New work for the charts: a file added and the folder indexed again.
    writeFileSync(join(corpus, 'office', 'late.txt'), 'A late arrival about amber windmills and quiet harbours.\n'.repeat(20));
    const folder = test!.engine.store.folderSummaries()[0]!;
    const reindexed = await test!.engine.handlers['index:reindex']({ id: folder.id });
    await waitForRun(test!.engine, reindexed.run!.runId);
    let series: SeriesSnapshot | null = null;
    await waitFor(
      async () => {
        series = (await api.get<SeriesSnapshot>('/api/series')).body;
        return series.jobsPerSecond.some((value) => value > 0) && series.chunksPerSecond.some((value) => value > 0);
      },
      'throughput in the live series',
      30_000,
      500,
    );
    expect(series!.t.length).toBe(series!.jobsPerSecond.length);
    expect(series!.failureRate.length).toBe(series!.t.length);
    expect(series!.redisMemoryBytes.at(-1)).toBeGreaterThan(0);
    expect(Object.keys(series!.oldestWaitingMs)).toContain('embed');
  });

  it('serves /metrics as Prometheus text', async () => {
    const res = await api.get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const { samples, types } = parsePrometheus(res.text);
    const value = (name: string, labels: Record<string, string> = {}): number | undefined =>
      samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
    expect(types.get('semantik_job_duration_seconds')).toBe('histogram');
    expect(value('semantik_queue_jobs', { queue: 'embed', state: 'completed' })).toBeGreaterThan(0);
    expect(value('semantik_jobs_finished_total', { queue: 'extract', state: 'failed' })).toBe(1);
    expect(value('semantik_job_duration_seconds_count', { queue: 'embed' })).toBe(
      value('semantik_job_duration_seconds_bucket', { queue: 'embed', le: '+Inf' }),
    );
    expect(value('semantik_workers_online')).toBe(1);
    expect(value('semantik_redis_memory_used_bytes')).toBeGreaterThan(0);
    expect(types.get('semantik_gpu_utilization_ratio')).toBe('gauge');
    expect(types.has('semantik_gpu_lease_held')).toBe(true);
  });

  it('lists every job of the previous run with the same counts after a restart', async () => {
    const before = await settled();
    await stopAll();
    await startAll();
    const after = await settled();
    const was = new Map(before.tasks.map((task) => [task.ref, task.state]));
    const changed = after.tasks
      .filter((task) => was.get(task.ref) !== task.state)
      .map((task) => `${task.ref}: ${was.get(task.ref)} -> ${task.state}`);
    expect(after.counts, changed.join('\n')).toEqual(before.counts);
    expect(after.total).toBe(before.total);
    expect(after.tasks.map((task) => task.ref).sort()).toEqual(before.tasks.map((task) => task.ref).sort());
    const failedBefore = before.tasks.filter((task) => task.queue === 'extract').map((task) => [task.ref, task.state]);
    expect(after.tasks.filter((task) => task.queue === 'extract').map((task) => [task.ref, task.state])).toEqual(failedBefore);
  });
});
