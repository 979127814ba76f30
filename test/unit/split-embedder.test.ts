import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultModelDir } from '../../src/node/models/default-model-dir';
import { createThreadedEmbedder } from '../../src/node/embedding/threaded-embedder';
import type { Embedder } from '../../src/node/embedding/embedder';
import { MIN_TEXTS_PER_SESSION, splitEmbedder, splitPoints } from '../../src/node/embedding/split-embedder';
import { cpuSessionPlan, EmbedderCache, LARGE_MODEL_BYTES, MAX_CPU_SESSIONS } from '../../src/workers/embed-cache';
import { loadModelSpec } from '../../src/node/models/model-spec';

const WORDS = 'report system data value market team project quarter budget process service customer product policy'.split(' ');
const texts = Array.from({ length: 40 }, (_, i) =>
  Array.from({ length: 3 + ((i * 37) % 120) }, (_, w) => WORDS[(i + w) % WORDS.length]).join(' '),
);

describe('sharing a call among sessions', () => {
  it('cuts the texts in order into runs of about the same length, never runs too short to be worth a thread', () => {
    expect(splitPoints(texts, 1)).toEqual([0]);
    const starts = splitPoints(texts, 2);
    expect(starts).toHaveLength(2);
    const length = (from: number, to: number): number => texts.slice(from, to).reduce((n, t) => n + t.length, 0);
    const [a, b] = [length(0, starts[1]), length(starts[1]!, texts.length)];
    expect(Math.abs(a - b) / (a + b)).toBeLessThan(0.1);
    expect(splitPoints(texts.slice(0, MIN_TEXTS_PER_SESSION * 2 - 1), 4)).toHaveLength(1);
    expect(splitPoints(texts.slice(0, MIN_TEXTS_PER_SESSION * 2), 4)).toHaveLength(2);
    expect(splitPoints([], 4)).toEqual([0]);
  });

  it('gives a large model one session with every thread, a small one a session per thread up to the cap', () => {
    expect(cpuSessionPlan(2, LARGE_MODEL_BYTES)).toEqual({ sessions: 1, threadsEach: 2 });
    expect(cpuSessionPlan(2, 9_000_000)).toEqual({ sessions: 2, threadsEach: 1 });
    // A small model's operations gain nothing from intra-op threads: beyond the cap, cores stay free.
    expect(cpuSessionPlan(16, 9_000_000)).toEqual({ sessions: MAX_CPU_SESSIONS, threadsEach: 1 });
    expect(cpuSessionPlan(1, 9_000_000)).toEqual({ sessions: 1, threadsEach: 1 });
  });

  describe('on the built-in model', () => {
    let one: Embedder;
    let three: Embedder;
    beforeAll(async () => {
      const open = (): Promise<Embedder> => createThreadedEmbedder({ modelDir: defaultModelDir(), device: { kind: 'cpu' }, threads: 1 });
      one = await open();
      three = splitEmbedder(await Promise.all([open(), open(), open()]));
    }, 60_000);
    afterAll(async () => {
      await one?.dispose();
      await three?.dispose();
    });

    it('returns the vectors of one session, in input order', async () => {
      expect(splitPoints(texts, 3)).toHaveLength(3);
      const [split, whole] = await Promise.all([three.embed(texts), one.embed(texts)]);
      expect(split).toHaveLength(texts.length * one.info.dims);
      // Equal but for the last bits: texts batched with other neighbours are summed in another order.
      expect(Math.max(...split.map((value, i) => Math.abs(value - whole[i]!)))).toBeLessThan(1e-6);
      // Too few texts to share: one session embeds them, exactly as alone.
      expect(await three.embed(texts.slice(0, 2))).toEqual(await one.embed(texts.slice(0, 2)));
    });

    it('stops every part when the call is aborted while they run', async () => {
      const many = Array.from({ length: 3000 }, (_, i) => `${texts[i % texts.length]} ${i}`);
      const controller = new AbortController();
      const call = three.embed(many, { signal: controller.signal });
      setTimeout(() => controller.abort(new Error('handed back')), 5);
      await expect(call).rejects.toThrow('handed back');
      // The sessions are free again at once: no part goes on with the aborted call's texts.
      expect(await three.embed(texts.slice(0, 2))).toEqual(await one.embed(texts.slice(0, 2)));
    });
  });

  it("stops the other parts when one fails, and ends only once they have, with the first part's error", async () => {
    const info = await loadModelSpec(defaultModelDir());
    const events: string[] = [];
    const failing: Embedder = {
      info,
      device: 'cpu',
      embed: () => new Promise((_, reject) => setTimeout(() => reject(new Error('thread died')), 10)),
      dispose: () => Promise.resolve(),
    };
    // A part that runs batch after batch until its signal fires, as the embedding thread does.
    const running: Embedder = {
      info,
      device: 'cpu',
      embed: (_texts, options) =>
        new Promise((_, reject) => {
          const timer = setInterval(() => {
            if (!options?.signal?.aborted) return;
            clearInterval(timer);
            setTimeout(() => {
              events.push('other part stopped');
              reject(options.signal!.reason as Error);
            }, 20);
          }, 2);
        }),
      dispose: () => Promise.resolve(),
    };
    await expect(
      splitEmbedder([failing, running, running])
        .embed(texts)
        .finally(() => events.push('call ended')),
    ).rejects.toThrow('thread died');
    expect(events).toEqual(['other part stopped', 'other part stopped', 'call ended']);
  });

  it("closes the rest of a device's sessions when it forgets them after a failure", async () => {
    const cache = new EmbedderCache(defaultModelDir(), { dirs: [] }, 2);
    const embedder = await cache.get('cpu');
    expect(await embedder.embed(texts)).toHaveLength(texts.length * embedder.info.dims);
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
    // The next call loads fresh sessions.
    const fresh = await cache.get('cpu');
    expect(fresh).not.toBe(embedder);
    expect(await fresh.embed(texts.slice(0, 1))).toHaveLength(fresh.info.dims);
    await cache.disposeAll();
  });
});
