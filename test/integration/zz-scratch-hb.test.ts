import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'vitest';
import { pino } from 'pino';
import { Job, Queue, Worker } from 'bullmq';
import { startEmbeddedRedis } from '../../src/main/engine/redis/embedded-redis';
import { resolveRedisBinary } from '../../src/main/engine/redis/redis-binary';
import { JobGuards } from '../../src/workers/job-guard';

it('hb', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hb-'));
  const r = await startEmbeddedRedis({ dataDir, maxMemoryBytes: 64e6, binary: resolveRedisBinary({ resourcesDir: join(import.meta.dirname, '../../resources') }), logger: pino({ level: 'silent' }) });
  const connection = { host: '127.0.0.1', port: r.port, password: r.password, maxRetriesPerRequest: null };
  const queue = new Queue('t', { connection, prefix: 'x' });
  const guards = new JobGuards(undefined, (q, id, line) => Job.addJobLog(queue, id, line));
  const worker = new Worker('t', guards.wrap(async (_job, _token, signal) => {
    await new Promise((resolve, reject) => signal!.addEventListener('abort', () => reject(new Error('aborted ' + String(signal!.reason))), { once: true }));
  }), { connection, prefix: 'x', concurrency: 2 });
  worker.on('error', (e) => console.log('WERR', e.message));
  worker.on('failed', (j, e) => console.log('FAILED', j?.id, e.message));
  await queue.add('a', {}, { jobId: 'j1' });
  await new Promise((res) => setTimeout(res, 500));
  console.log('STATE0', await queue.getJobState('j1'), guards.size);
  const closing = worker.close();
  await new Promise((res) => setTimeout(res, 300));
  console.log('HB', await guards.handBack());
  await closing;
  console.log('STATE1', await queue.getJobState('j1'), (await queue.getJobLogs('j1')).logs, (await queue.getJob('j1'))?.attemptsMade);
  await queue.close(); await r.stop();
});
