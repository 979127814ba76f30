import { getPriority } from 'node:os';
import { describe, expect, it } from 'vitest';
import { defaultModelDir } from '../../src/node/models/default-model-dir';
import { cpuSessionThreads, EmbedderCache, LARGE_MODEL_BYTES } from '../../src/workers/embed-cache';
import { threadsBelowCaller } from '../helpers/thread-nice';

const texts = Array.from({ length: 12 }, (_, i) => `report ${i} on the quarterly budget of the river project`);

describe("a worker's model sessions", () => {
  it('gives a large model every thread of its share of the cores on the CPU, a small one a single thread', () => {
    expect(cpuSessionThreads(2, LARGE_MODEL_BYTES)).toBe(2);
    expect(cpuSessionThreads(16, 90_000_000)).toBe(16);
    expect(cpuSessionThreads(0, 90_000_000)).toBe(1);
    expect(cpuSessionThreads(16, 9_000_000)).toBe(1);
  });

  it("closes a device's sessions when it forgets them after a failure, and loads fresh ones next time", async () => {
    const cache = new EmbedderCache(defaultModelDir(), { dirs: [] }, 2);
    try {
      const embedder = await cache.get('cpu');
      expect(await embedder.embed(texts)).toHaveLength(texts.length * embedder.info.dims);
      expect(await cache.get('cpu')).toBe(embedder);
      cache.forget('cpu');
      await expect
        .poll(
          () =>
            embedder.embed(texts).then(
              () => 'embeds',
              () => 'closed',
            ),
          { timeout: 10_000 },
        )
        .toBe('closed');
      const fresh = await cache.get('cpu');
      expect(fresh).not.toBe(embedder);
      expect(await fresh.embed(texts.slice(0, 1))).toHaveLength(fresh.info.dims);
      expect(cache.loadCount).toBe(2);
    } finally {
      await cache.disposeAll();
    }
  });

  it.runIf(process.platform === 'linux' && getPriority(0) < 10)(
    'embeds on the CPU below normal priority, on a simulated GPU at normal',
    async () => {
      const cache = new EmbedderCache(defaultModelDir(), { dirs: [] }, 1);
      try {
        const before = threadsBelowCaller();
        await (await cache.get('sim:0')).embed(texts);
        expect(threadsBelowCaller()).toBe(before);
        await (await cache.get('cpu')).embed(texts);
        expect(threadsBelowCaller()).toBeGreaterThan(before);
      } finally {
        await cache.disposeAll();
      }
    },
  );
});
