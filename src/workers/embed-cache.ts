/**
 * Model sessions kept per device and model: a worker that keeps the same device reuses its session
 * instead of loading the model for every job. Each session runs in its own thread
 * (threaded-embedder.ts); on the CPU its intra-op threads depend on the model (cpuSessionThreads).
 *
 * An embed job names its model. The worker's own model (`modelDir`) is the usual one; during a
 * model switch (blue/green) jobs for the new model arrive too, and the model is then looked up in
 * the models folder and the other known folders (model-folders.ts). At most
 * MODELS_PER_DEVICE sessions stay on one device: the old and the new model of a switch.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { SemantikError } from '../shared/errors';
import { childLogger } from '../node/logger';
import type { DeviceRequest, Embedder } from '../node/embedding/embedder';
import { findModel, type ModelPlaces } from '../node/models/model-folders';
import { loadModelSpec } from '../node/models/model-spec';
import { createThreadedEmbedder } from '../node/embedding/threaded-embedder';

const log = childLogger('embed-cache');

/**
 * Model files from this size up compute enough per token (a transformer's layers: about two
 * operations per weight) that one session's intra-op threads keep every core busy. A smaller model
 * (a static embedding: a lookup and an average) spends its time tokenizing, on the session's own
 * thread; more intra-op threads would only spin beside the store's writes. Measured on two cores
 * with the store's writes: the built-in model (8 MB) embedded 6,700-7,300 texts/s with one session
 * of one thread, 6,000-6,400 with two such sessions sharing each call.
 */
export const LARGE_MODEL_BYTES = 32 * 1024 * 1024;

/** Intra-op threads of a CPU session: all of the worker's share of the cores for a large model, one for a small one. */
export function cpuSessionThreads(cpuThreads: number, modelBytes: number): number {
  return modelBytes >= LARGE_MODEL_BYTES ? Math.max(1, cpuThreads) : 1;
}

/** Bytes of a model's weights: its ONNX file and the external data files beside it. */
async function modelBytes(modelPath: string): Promise<number> {
  const dir = dirname(modelPath);
  const name = basename(modelPath);
  const beside = await readdir(dir).catch(() => [] as string[]);
  const files = [name, ...beside.filter((file) => file !== name && file.startsWith(name) && /_data$|\.data$/.test(file))];
  const sizes = await Promise.all(
    files.map((file) =>
      stat(join(dir, file)).then(
        (info) => info.size,
        () => 0,
      ),
    ),
  );
  return sizes.reduce((sum, size) => sum + size, 0);
}

/** Sessions kept on one device before the least recently used one is closed. */
export const MODELS_PER_DEVICE = 2;

interface Session {
  embedder: Promise<Embedder>;
  usedAt: number;
}

/** One embedder per (device key, model): `cpu`, `cuda:0`, `sim:1`. */
export class EmbedderCache {
  /** Device key → model id → session. */
  private readonly byDevice = new Map<string, Map<string, Session>>();
  private readonly dirs = new Map<string, string>();
  private ownId: Promise<string> | null = null;
  private loads = 0;
  private tick = 0;

  /**
   * @param cpuThreads this worker's share of the machine's cores for embedding on the CPU
   * (cpuSessionThreads). Sessions on a GPU, real or simulated, keep one thread.
   */
  constructor(
    private readonly modelDir: string,
    private readonly places: ModelPlaces = { dirs: [] },
    private readonly cpuThreads = 1,
  ) {}

  /** The id of this worker's own model (the one it was started with). */
  async modelId(): Promise<string> {
    this.ownId ??= loadModelSpec(this.modelDir).then((spec) => {
      this.dirs.set(spec.id, spec.dir);
      return spec.id;
    });
    try {
      return await this.ownId;
    } catch (error) {
      this.ownId = null;
      throw error;
    }
  }

  /** How many sessions this worker has loaded so far (a session kept between tasks is loaded once). */
  get loadCount(): number {
    return this.loads;
  }

  /** Device keys with a session (loaded or loading), e.g. to ask the leaser for the same device again. */
  devices(): string[] {
    return [...this.byDevice.keys()];
  }

  /**
   * The embedder of `modelId` (default: this worker's model) on a device. Simulated GPUs compute on
   * the CPU but keep their own session, so the lease and cache paths are the same as with real
   * devices. Throws MODEL when no known folder holds the model.
   */
  async get(deviceKey: string, modelId?: string): Promise<Embedder> {
    const id = modelId ?? (await this.modelId());
    let sessions = this.byDevice.get(deviceKey);
    if (!sessions) {
      sessions = new Map();
      this.byDevice.set(deviceKey, sessions);
    }
    const known = sessions.get(id);
    if (known) {
      known.usedAt = ++this.tick;
      return known.embedder;
    }
    const dir = await this.locate(id);
    await this.evictFor(deviceKey, sessions);
    const cuda = /^cuda:(\d+)$/.exec(deviceKey);
    const device = cuda ? { kind: 'cuda' as const, deviceId: Number(cuda[1]) } : { kind: 'cpu' as const };
    this.loads += 1;
    const embedder = this.open(dir, deviceKey, device).catch((cause: unknown) => {
      sessions.delete(id);
      throw new SemantikError('MODEL', `could not load the model from ${dir} for ${deviceKey}`, { cause });
    });
    sessions.set(id, { embedder, usedAt: ++this.tick });
    return embedder;
  }

  /**
   * A GPU session (one CPU thread feeds it), or a CPU session with the threads its model can use,
   * below normal priority. Simulated GPUs compute on the CPU too but stand for a GPU: normal priority.
   */
  private async open(dir: string, deviceKey: string, device: DeviceRequest): Promise<Embedder> {
    if (deviceKey !== 'cpu') return createThreadedEmbedder({ modelDir: dir, device, threads: 1 });
    const threads = cpuSessionThreads(this.cpuThreads, await modelBytes((await loadModelSpec(dir)).modelPath));
    // Indexing on the CPU yields the cores to the store's writes and the worker's event loop.
    return createThreadedEmbedder({ modelDir: dir, device, threads, lowPriority: true });
  }

  /**
   * The folder of a model, looked up once; throws MODEL when no known folder holds it (looked up
   * again next time: it may be downloading).
   */
  async locate(modelId: string): Promise<string> {
    if (modelId === (await this.modelId())) return this.modelDir;
    const cached = this.dirs.get(modelId);
    if (cached) return cached;
    const spec = await findModel(modelId, this.places);
    if (!spec)
      throw new SemantikError(
        'MODEL',
        `this worker has no model ${modelId} (looked in ${[...this.places.dirs, this.places.modelsDir ?? ''].filter(Boolean).join(', ')})`,
      );
    this.dirs.set(modelId, spec.dir);
    return spec.dir;
  }

  /** Closes the least recently used sessions of a device until one more fits. */
  private async evictFor(deviceKey: string, sessions: Map<string, Session>): Promise<void> {
    for (;;) {
      const oldest = [...sessions.entries()].sort((a, b) => a[1].usedAt - b[1].usedAt)[0];
      if (oldest === undefined || sessions.size < MODELS_PER_DEVICE) return;
      sessions.delete(oldest[0]);
      await dispose(oldest[1], `${oldest[0]} on ${deviceKey}`);
    }
  }

  /** Frees a device's sessions and their memory (SEMANTIK_GPU_RELEASE_AFTER_TASK, MODEL_MAX_MEMORY_GB). */
  async release(deviceKey: string): Promise<void> {
    const sessions = this.byDevice.get(deviceKey);
    this.byDevice.delete(deviceKey);
    if (!sessions) return;
    await Promise.all([...sessions.values()].map((session) => session.embedder.then((embedder) => embedder.dispose())));
  }

  /**
   * Drops the sessions of a device that failed (a thread died): the next task loads fresh ones.
   * Whatever still lives of them is closed in the background.
   */
  forget(deviceKey: string): void {
    const sessions = this.byDevice.get(deviceKey);
    this.byDevice.delete(deviceKey);
    for (const [modelId, session] of sessions ?? []) void dispose(session, `${modelId} on ${deviceKey}`);
  }

  async disposeAll(): Promise<void> {
    await Promise.all(
      [...this.byDevice.keys()].map((key) =>
        this.release(key).catch(() => {
          // A session that never loaded has nothing to free.
        }),
      ),
    );
  }
}

async function dispose(session: Session, what: string): Promise<void> {
  try {
    await (await session.embedder).dispose();
  } catch (error) {
    // A session that failed to load has nothing to free; the new model is loaded all the same.
    log.warn({ err: error, session: what }, 'closing a model session failed');
  }
}
