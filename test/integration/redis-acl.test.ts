/**
 * The embedded Redis's users by role, against a real redis-server: the password never reaches a
 * command line; the `worker` user runs embed jobs that are children of ingest flows (completing,
 * failing, removed when done), holds GPU leases and writes heartbeats, and is refused everything
 * else: other queues' jobs, other keys, key listing, admin and dangerous commands, the control
 * channel.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FlowProducer, Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedRedis, WORKER_PASSWORD_FILE, type RedisHandle } from '../../src/main/engine/redis/embedded-redis';
import { WORKER_USER } from '../../src/main/engine/redis/redis-acl';
import { resolveRedisBinary } from '../../src/main/engine/redis/redis-binary';
import { REDIS_CONFIG_FILE } from '../../src/main/engine/redis/redis-config';
import { simulatedGpus } from '../../src/node/gpu/detect-gpus';
import { createGpuLeaser } from '../../src/node/gpu/gpu-lease';
import { WORKERS_KEY } from '../../src/node/heartbeat-key';
import { abortChannel, abortKey } from '../../src/node/job-abort';
import { CONTROL_CHANNEL } from '../../src/node/control-protocol';
import { FLOW_QUEUES_OPTIONS, QUEUE_PREFIX, workerOptionsFor } from '../../src/node/queues';
import { redisOptionsFromUrl, withoutInfo, type RedisConnectionOptions } from '../../src/node/redis-options';

const logger = pino({ level: 'silent' });
const binary = resolveRedisBinary({ resourcesDir: join(import.meta.dirname, '../../resources') });

let dataDir: string;
let handle: RedisHandle;
let app: Redis;
let worker: Redis;
/** Every command line of every process seen while the server started, by pid. */
const commandLines = new Map<string, Set<string>>();
const closers: Array<() => Promise<unknown> | void> = [];

function appConnection(): RedisConnectionOptions {
  return redisOptionsFromUrl(handle.url, handle.password);
}

/** How a remote worker connects: the `worker` user, no INFO. */
function workerConnection(): RedisConnectionOptions {
  return withoutInfo(redisOptionsFromUrl(`redis://${WORKER_USER}@127.0.0.1:${handle.port}`, handle.workerPassword));
}

/** Reads every process's argv until `until` settles (a password on one would show here). */
async function watchCommandLines(until: Promise<unknown>): Promise<void> {
  let done = false;
  void until.finally(() => (done = true)).catch(() => undefined);
  while (!done) {
    for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
      try {
        const line = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').replace(/\s+/g, ' ').trim();
        commandLines.set(pid, (commandLines.get(pid) ?? new Set()).add(line));
      } catch {
        // the process ended between listing and reading: nothing to see
      }
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function refused(command: Promise<unknown>): Promise<void> {
  await expect(command).rejects.toThrow(/NOPERM/);
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'semantik redis "acl" '));
  const starting = startEmbeddedRedis({ dataDir, maxMemoryBytes: 64 * 1024 * 1024, binary, logger });
  await watchCommandLines(starting);
  handle = await starting;
  app = new Redis(appConnection());
  worker = new Redis({ ...workerConnection(), maxRetriesPerRequest: 0 });
  worker.on('error', () => undefined); // each test awaits its commands
});

afterAll(async () => {
  for (const close of closers.reverse()) await close();
  app?.disconnect();
  worker?.disconnect();
  await handle?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('passwords never on a command line', () => {
  it('starts redis-server with its config file as the only argument', () => {
    // redis-server soon replaces its argv with a title (address and config file); before that,
    // argv is the config file alone.
    const configFile = join(dataDir, 'redis', REDIS_CONFIG_FILE);
    const seen = [...(commandLines.get(String(handle.pid)) ?? [])];
    expect(seen.length).toBeGreaterThan(0);
    for (const line of seen) {
      expect([`${binary.path} ${configFile}`, `${binary.path} 127.0.0.1:${handle.port} ${configFile}`]).toContain(line);
    }
    const now = readFileSync(`/proc/${handle.pid}/cmdline`, 'utf8');
    expect(now).not.toContain(handle.password);
    expect(now, 'the title names the data folder').toContain(configFile);
    for (const [pid, lines] of commandLines) {
      for (const line of lines) {
        expect(line, `process ${pid}`).not.toContain(handle.password);
        expect(line, `process ${pid}`).not.toContain(handle.workerPassword);
      }
    }
  });

  it('keeps both passwords in 0600 files, and the config file 0600 without them in clear', () => {
    const dir = join(dataDir, 'redis');
    for (const file of ['password', WORKER_PASSWORD_FILE, REDIS_CONFIG_FILE]) {
      expect(statSync(join(dir, file)).mode & 0o777, file).toBe(0o600);
    }
    expect(readFileSync(join(dir, WORKER_PASSWORD_FILE), 'utf8').trim()).toBe(handle.workerPassword);
    const config = readFileSync(join(dir, REDIS_CONFIG_FILE), 'utf8');
    expect(config).not.toContain(handle.password);
    expect(config).not.toContain(handle.workerPassword);
  });
});

describe('the worker user', () => {
  it('runs embed jobs that are children of ingest flows, as a remote worker does', async () => {
    const flows = new FlowProducer({ connection: appConnection(), prefix: QUEUE_PREFIX });
    closers.push(() => flows.close());
    const embed = new Worker(
      'embed',
      async (job: Job<{ texts: string[] }>) => {
        if (job.data.texts.includes('bad')) throw new UnrecoverableError('cannot embed this');
        await job.updateProgress(50);
        await job.log('embedding');
        return { count: job.data.texts.length };
      },
      { connection: workerConnection(), prefix: QUEUE_PREFIX, name: 'remote-1', concurrency: 2, ...workerOptionsFor('embed') },
    );
    closers.push(() => embed.close());
    const ingested = new Map<string, { values: Record<string, unknown>; failures: Record<string, string> }>();
    const ingest = new Worker(
      'ingest',
      async (job: Job) => {
        ingested.set(job.id!, { values: await job.getChildrenValues(), failures: await job.getIgnoredChildrenFailures() });
        return null;
      },
      { connection: appConnection(), prefix: QUEUE_PREFIX },
    );
    closers.push(() => ingest.close());
    const embedFailed: string[] = [];
    embed.on('failed', (job) => embedFailed.push(job?.id ?? ''));

    // As extract.ts adds them: an ingest parent `i-<uuid>` with embed children `e-<uuid>-<n>`;
    // the third flow's children are removed as soon as they finish (the other removal path); the
    // last is a model switch's re-embed flow, whose parent is `i-rm-<uuid>` (reembed-flows.ts).
    const add = (children: string[][], removeOnComplete?: boolean, parentPrefix = 'i-') => {
      const flowId = randomUUID();
      return flows.add(
        {
          name: 'ingest',
          queueName: 'ingest',
          data: { runId: 1 },
          opts: { jobId: `${parentPrefix}${flowId}`, attempts: 5 },
          children: children.map((texts, i) => ({
            name: 'embed',
            queueName: 'embed',
            data: { texts },
            opts: {
              jobId: `e-${flowId}-${i}`,
              ignoreDependencyOnFailure: true,
              attempts: 3,
              ...(removeOnComplete ? { removeOnComplete: true } : {}),
            },
          })),
        },
        { queuesOptions: FLOW_QUEUES_OPTIONS },
      );
    };
    const added = await Promise.all([
      add([['a', 'b'], ['c']]),
      add([['d'], ['bad']]),
      add([['e'], ['f', 'g']], true),
      add([['h'], ['i']], false, 'i-rm-'),
    ]);
    const parentIds = added.map((flow) => flow.job.id!);
    const deadline = Date.now() + 20_000;
    while (ingested.size < parentIds.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));

    const [first, second, third, reembed] = parentIds.map((id) => ingested.get(id));
    expect(Object.values(first?.values ?? {})).toEqual(expect.arrayContaining([{ count: 2 }, { count: 1 }]));
    expect(Object.values(second?.values ?? {})).toEqual([{ count: 1 }]);
    expect(Object.values(second?.failures ?? {})).toEqual(['cannot embed this']);
    expect(Object.values(third?.values ?? {})).toHaveLength(2);
    expect(Object.values(reembed?.values ?? {})).toHaveLength(2);
    expect(embedFailed).toHaveLength(1);
    // Not one command of the worker user was refused on the way.
    expect(await app.call('ACL', 'LOG')).toEqual([]);
  });

  it('holds and releases GPU leases, writes heartbeats, and hears embed aborts', async () => {
    const leaser = createGpuLeaser({ redis: worker, devices: simulatedGpus(1), pollMs: 20, logger });
    const lease = await leaser.acquire('remote-1:1:e-1', { waitMs: 1_000, maxHoldMs: 10_000 });
    expect(lease?.deviceId).toBe('sim:0');
    expect(await lease!.isValid()).toBe(true);
    await lease!.release();
    await leaser.close();

    await worker.hset(WORKERS_KEY, 'remote-1', '{}');
    await worker.hdel(WORKERS_KEY, 'remote-1');
    await app.set(abortKey('embed', 'e-1'), 'by request');
    expect(await worker.get(abortKey('embed', 'e-1'))).toBe('by request');
    const subscriber = worker.duplicate();
    closers.push(() => subscriber.disconnect());
    await subscriber.subscribe(abortChannel('embed'));
    expect(await app.call('ACL', 'LOG')).toEqual([]);
  });

  it('is refused admin and dangerous commands, key listing, and every other queue', async () => {
    await refused(worker.call('CONFIG', 'SET', 'bind', '0.0.0.0'));
    await refused(worker.call('CONFIG', 'GET', 'dir'));
    await refused(worker.flushall());
    await refused(worker.flushdb());
    await refused(worker.call('SHUTDOWN'));
    await refused(worker.call('INFO'));
    await refused(worker.keys('*'));
    await refused(worker.scan('0'));
    await refused(worker.randomkey());
    await refused(worker.call('ACL', 'SETUSER', WORKER_USER, '+@all'));
    await refused(worker.call('CLIENT', 'LIST'));
    await refused(worker.call('FUNCTION', 'FLUSH'));

    // An extract job, with a path in its data: unreadable, and no job can be added to its queue.
    const extract = new Queue('extract', { connection: appConnection(), prefix: QUEUE_PREFIX });
    closers.push(() => extract.close());
    const job = await extract.add('extract', { runId: 1, files: [{ docId: 1, path: '/home/someone/secret.txt' }] });
    const jobKey = `${QUEUE_PREFIX}:extract:${job.id}`;
    expect(await app.hget(jobKey, 'data')).toContain('secret.txt');
    await refused(worker.hgetall(jobKey));
    await refused(worker.hget(jobKey, 'data'));
    await refused(worker.lrange(`${QUEUE_PREFIX}:extract:wait`, 0, -1));
    await refused(worker.del(jobKey));
    const forged = new Queue('extract', { connection: workerConnection(), prefix: QUEUE_PREFIX });
    closers.push(() => forged.close());
    await refused(forged.add('extract', { runId: 1, files: [] }));
    for (const queue of ['scan', 'system']) {
      await refused(worker.get(`${QUEUE_PREFIX}:${queue}:id`));
      await refused(worker.lpush(`${QUEUE_PREFIX}:${queue}:wait`, '1'));
    }
    // Other keys of the app.
    await refused(worker.get(`${QUEUE_PREFIX}:gpu:devices`));
    await refused(worker.get(abortKey('extract', '1')));
    await refused(worker.set('anything', '1'));

    // Of the ingest queue, a job hash is readable (ids, no text) but not writable; nothing else.
    const parent = `${QUEUE_PREFIX}:ingest:i-${randomUUID()}`;
    await app.hset(parent, 'data', '{"runId":1}');
    expect(await worker.hget(parent, 'data')).toBe('{"runId":1}');
    await refused(worker.hset(parent, 'data', '{}'));
    await refused(worker.del(parent));
    await refused(worker.get(`${QUEUE_PREFIX}:ingest:id`));
    await refused(worker.hgetall(`${QUEUE_PREFIX}:ingest:other-job`));

    // Channels: the control channel and other queues' aborts, neither published nor heard.
    await refused(worker.publish(CONTROL_CHANNEL, '{}'));
    await refused(worker.publish(abortChannel('extract'), '{}'));
    const listener = worker.duplicate();
    listener.on('error', () => undefined);
    closers.push(() => listener.disconnect());
    await refused(listener.subscribe(CONTROL_CHANNEL));
  });

  it('cannot log in with the app password, nor the app with the worker password', async () => {
    // A failed AUTH leaves the connection's user as it was.
    await expect(worker.call('AUTH', WORKER_USER, handle.password)).rejects.toThrow(/WRONGPASS/);
    await expect(worker.call('AUTH', handle.workerPassword)).rejects.toThrow(/WRONGPASS/);
    await expect(app.call('AUTH', WORKER_USER, handle.password)).rejects.toThrow(/WRONGPASS/);
    const clients = String(await app.call('CLIENT', 'LIST'));
    expect(clients).toMatch(new RegExp(`user=${WORKER_USER}\\b`));
    expect(await app.call('ACL', 'WHOAMI')).toBe('default');
  });

  it('leaves the app its ways in Redis, but not out of it', async () => {
    expect(await app.call('CONFIG', 'GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
    await refused(app.call('CONFIG', 'SET', 'dir', '/tmp'));
    await refused(app.call('ACL', 'SETUSER', 'intruder', 'on', '>x', '+@all', '~*'));
    await refused(app.call('REPLICAOF', '127.0.0.1', '1'));
  });
});
