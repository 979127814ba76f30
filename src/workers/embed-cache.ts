/**
 * Model sessions kept per device: a worker that keeps the same device reuses its session instead
 * of loading the model for every job.
 */
import { SemantikError } from '../shared/errors';
import { createEmbedder, type Embedder } from './embed/embedder';
import { loadModelSpec } from './embed/model-spec';

/** One embedder per device key (`cpu`, `cuda:0`, `sim:1`), all for the worker's model. */
export class EmbedderCache {
  private readonly byDevice = new Map<string, Promise<Embedder>>();

  constructor(private readonly modelDir: string) {}

  /** The model id this worker embeds with; a job for another model is refused, not mixed. */
  async modelId(): Promise<string> {
    return (await loadModelSpec(this.modelDir)).id;
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
      // One intra-op thread per session: several worker processes share the cores.
      embedder = createEmbedder({ modelDir: this.modelDir, device, threads: 1 }).catch((cause: unknown) => {
        this.byDevice.delete(deviceKey);
        throw new SemantikError('MODEL', `could not load the model from ${this.modelDir} for ${deviceKey}`, { cause });
      });
      this.byDevice.set(deviceKey, embedder);
    }
    return embedder;
  }

  /** Frees a device's session (SEMANTIK_GPU_RELEASE_AFTER_TASK). */
  async release(deviceKey: string): Promise<void> {
    const embedder = this.byDevice.get(deviceKey);
    this.byDevice.delete(deviceKey);
    if (embedder) await (await embedder).dispose();
  }

  async disposeAll(): Promise<void> {
    await Promise.all([...this.byDevice.keys()].map((key) => this.release(key)));
  }
}
