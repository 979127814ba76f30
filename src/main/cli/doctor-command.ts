/**
 * `semantik doctor`: checks that the whole chain works — Redis reachable, a
 * `test_task` round-trip through a worker, GPU detection, the model loads, the store is writable.
 */
import { randomUUID } from 'node:crypto';
import { QueueEvents } from 'bullmq';
import * as ort from 'onnxruntime-node';
import { SYSTEM_JOBS, type PingJobData, type PingJobResult } from '../../shared/jobs';
import { detectGpus } from '../../node/gpu/detect-gpus';
import { QUEUE_PREFIX } from '../../node/queues';
import { createEmbedder } from '../../node/embedding/embedder';
import { defaultModelDir } from '../../node/models/default-model-dir';
import { cliConfig } from './cli-config';
import { connectOrStart, type EngineLink } from './connect';
import { printResult } from './output';

/** How long the ping may take to round-trip through a worker. */
export const PING_TIMEOUT_MS = 30_000;

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

async function check(name: string, run: () => Promise<string>): Promise<Check> {
  try {
    return { name, ok: true, detail: await run() };
  } catch (error) {
    return { name, ok: false, detail: (error as Error).message };
  }
}

async function ping(link: EngineLink): Promise<string> {
  const events = new QueueEvents('system', { connection: link.connection, prefix: QUEUE_PREFIX });
  try {
    await events.waitUntilReady();
    const data: PingJobData = { sentAt: Date.now(), nonce: randomUUID() };
    const job = await (await link.queues()).addSigned('system', SYSTEM_JOBS.ping, data, { attempts: 1 });
    const result = (await job.waitUntilFinished(events, PING_TIMEOUT_MS)) as PingJobResult;
    if (result.nonce !== data.nonce) throw new Error('the worker answered with another nonce');
    return `${SYSTEM_JOBS.ping} answered by worker ${result.workerId} (pid ${result.pid}) in ${Date.now() - data.sentAt} ms`;
  } finally {
    await events.close();
  }
}

/** Runs the command; returns 0 when every check passes, 1 otherwise. */
export async function doctorCommand(options: { json?: boolean; dataDir?: string }): Promise<number> {
  const config = cliConfig(options.dataDir);
  const checks: Check[] = [];
  let link: EngineLink | null = null;
  checks.push(
    await check('redis', async () => {
      link = await connectOrStart(config, 1);
      const info = await link.redis.info('server');
      const version = /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown';
      return `Redis ${version} reachable at ${link.connection.host}:${link.connection.port}${link.own ? ' (started for this check)' : ' (running instance)'}`;
    }),
  );
  const linked = link as EngineLink | null;
  checks.push(await check('worker', async () => (linked ? ping(linked) : Promise.reject(new Error('skipped: Redis is not reachable')))));
  checks.push(
    await check('gpu', async () => {
      const devices = await detectGpus();
      const cuda = ort.listSupportedBackends().find((backend) => backend.name === 'cuda');
      const provider = cuda?.bundled ? 'CUDA provider installed' : 'CUDA provider not installed';
      if (devices.length === 0) return `no GPU found: CPU-only operation (${provider})`;
      return `${devices.length} device(s): ${devices.map((device) => `${device.id} ${device.name}`).join(', ')}; ${provider}`;
    }),
  );
  checks.push(
    await check('model', async () => {
      const embedder = await createEmbedder({ modelDir: config.modelDir ?? defaultModelDir(), device: { kind: 'cpu' }, threads: 1 });
      try {
        const vectors = await embedder.embed(['semantik doctor']);
        return `${embedder.info.name} (${embedder.info.dims} dims) loads and embeds on ${embedder.device}: ${vectors.length} values`;
      } finally {
        await embedder.dispose();
      }
    }),
  );
  checks.push(
    await check('store', async () => {
      if (!linked) throw new Error('skipped: no engine');
      linked.store.checkWritable();
      return `SQLite store in ${config.dataDir} is writable`;
    }),
  );
  await (linked as EngineLink | null)?.close();
  const ok = checks.every((one) => one.ok);
  printResult(Boolean(options.json), { ok, checks }, () =>
    checks.map((one) => `${one.ok ? 'ok  ' : 'FAIL'} ${one.name}: ${one.detail}`).join('\n'),
  );
  return ok ? 0 : 1;
}
