/**
 * Model sessions kept per device: a worker that keeps the same device reuses its session instead
 * of loading the model for every job. Each session runs in its own thread (threaded-embedder.ts).
 */
import { SemantikError } from '../shared/errors';
import type { Embedder } from './embed/embedder';
import { loadModelSpec } from './embed/model-spec';
import { createThreadedEmbedder } from './embed/threaded-embedder';

/** One embedder per device key (`cpu`, `cuda:0`, `sim:1`), all for the worker's model. */
export class EmbedderCache {
  private readonly byDevice = new Map<string, Promise<Embedder>>();
  private loads = 0;

  constructor(private readonly modelDir: string) {}

  /** The model id this worker embeds with; a job for another model is refused, not mixed. */
  async modelId(): Promise<string> {
    return (await loadModelSpec(this.modelDir)).id;
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
   * The embedder for a device. Simulated GPUs compute on the CPU but keep their own session, so
   * the lease and cache paths are the same as with real devices.
   */
  get(deviceKey: string): Promise<Embedder> {
    let embedder = this.byDevice.get(deviceKey);
    if (!embedder) {
      const cuda = /^cuda:(\d+)$/.exec(deviceKey);
      const device = cuda ? { kind: 'cuda' as const, deviceId: Number(cuda[1]) } : { kind: 'cpu' as const };
      this.loads += 1;
      // One intra-op thread per session: several worker processes share the cores.
      embedder = createThreadedEmbedder({ modelDir: this.modelDir, device, threads: 1 }).catch((cause: unknown) => {
        this.byDevice.delete(deviceKey);
        throw new SemantikError('MODEL', `could not load the model from ${this.modelDir} for ${deviceKey}`, { cause });
      });
      this.byDevice.set(deviceKey, embedder);
    }
    return embedder;
  }

  /** Frees a device's session and its memory (SEMANTIK_GPU_RELEASE_AFTER_TASK, MODEL_MAX_MEMORY_GB). */
  async release(deviceKey: string): Promise<void> {
    const embedder = this.byDevice.get(deviceKey);
    this.byDevice.delete(deviceKey);
    if (embedder) await (await embedder).dispose();
  }

  /** Drops a session that failed (its thread died): the next task loads a fresh one. */
  forget(deviceKey: string): void {
    this.byDevice.delete(deviceKey);
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
