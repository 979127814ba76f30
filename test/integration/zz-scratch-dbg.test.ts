import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'vitest';
import { createEngine } from '../../src/main/engine/engine';
import { forkLauncher } from '../../src/main/engine/pool/fork-launcher';
import type { WorkerLauncher } from '../../src/main/engine/pool/launcher';
import { addEmbedJob, bigTexts, simStatus, startLeaseHolder } from '../helpers/gpu-jobs';

const launcher: WorkerLauncher = {
  launch(spec) {
    const child = forkLauncher.launch(spec);
    child.stderr?.on('data', (d: Buffer) => appendFileSync('/tmp/dbg-workers.log', `${spec.name} ${d.toString()}`));
    return child;
  },
};

it('dbg', async () => {
  const engine = await createEngine({ launcher, dataDir: mkdtempSync(join(tmpdir(), 'dbg-')), workers: 2, env: { ...process.env, SEMANTIK_GPUS: 'sim:2', SEMANTIK_GPU_FALLBACK: 'wait', SEMANTIK_WORKER_STOP_GRACE: '1s', SEMANTIK_LOG_LEVEL: 'info' } });
  const h1 = await startLeaseHolder(engine, 2, 3000);
  const h2 = await startLeaseHolder(engine, 2, 3000);
  await addEmbedJob(engine, 'x1', bigTexts(5));
  await addEmbedJob(engine, 'x2', bigTexts(5));
  await addEmbedJob(engine, 'x3', bigTexts(5));
  await addEmbedJob(engine, 'x4', bigTexts(5));
  await new Promise((r) => setTimeout(r, 2000));
  console.log('STATUS', JSON.stringify((await simStatus(engine)).waiters));
  engine.pool.scale(1);
  await new Promise((r) => setTimeout(r, 8000));
  console.log('LOGS', (await engine.queues.get('embed').getJobLogs('x3')).logs, (await engine.queues.get('embed').getJobLogs('x4')).logs, (await engine.queues.get('embed').getJobLogs('x1')).logs, (await engine.queues.get('embed').getJobLogs('x2')).logs);
  console.log('STATES', await engine.queues.get('embed').getJobState('x1'), await engine.queues.get('embed').getJobState('x2'));
  h1.child.kill('SIGKILL'); h2.child.kill('SIGKILL');
  await engine.stop();
}, 200_000);
