import { getPriority } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultModelDir } from '../../src/node/models/default-model-dir';
import { createEmbedder, type Embedder } from '../../src/node/embedding/embedder';
import { createThreadedEmbedder } from '../../src/node/embedding/threaded-embedder';
import { bigTexts } from '../helpers/big-texts';
import { threadsBelowCaller } from '../helpers/thread-nice';

describe('the embedder in a worker thread', () => {
  let threaded: Embedder;
  let direct: Embedder;

  beforeAll(async () => {
    [threaded, direct] = await Promise.all([
      createThreadedEmbedder({ modelDir: defaultModelDir(), device: { kind: 'cpu' }, threads: 1 }),
      createEmbedder({ modelDir: defaultModelDir(), device: { kind: 'cpu' }, threads: 1 }),
    ]);
  }, 60_000);
  afterAll(async () => {
    await threaded?.dispose();
    await direct?.dispose();
  });

  it('gives the same vectors as the embedder in the calling thread', async () => {
    const texts = ['The cat sat on the mat', '', 'Quarterly revenue grew by four percent', ...bigTexts(5)];
    expect(threaded.info.dims).toBe(direct.info.dims);
    expect(await threaded.embed(texts)).toEqual(await direct.embed(texts));
  });

  it("keeps the caller's event loop free while the model runs (lease renewals, heartbeats)", async () => {
    let worstGap = 0;
    let last = Date.now();
    const ticker = setInterval(() => {
      const now = Date.now();
      worstGap = Math.max(worstGap, now - last);
      last = now;
    }, 5);
    const started = Date.now();
    await threaded.embed(bigTexts(1500, 1));
    const took = Date.now() - started;
    clearInterval(ticker);
    // The same work in this thread blocks it for the whole call (about a second or more).
    expect(took).toBeGreaterThan(300);
    expect(worstGap).toBeLessThan(Math.max(250, took / 3));
  });

  it('stops between batches when the signal fires, with the signal’s reason', async () => {
    // The whole call, measured here so that the comparison holds however loaded the machine is.
    let started = Date.now();
    await threaded.embed(bigTexts(1500, 2));
    const whole = Date.now() - started;
    const controller = new AbortController();
    const reason = new Error('lease lost');
    const call = threaded.embed(bigTexts(1500, 3), { signal: controller.signal });
    setTimeout(() => controller.abort(reason), Math.min(100, whole / 10));
    started = Date.now();
    await expect(call).rejects.toBe(reason);
    // Stopped after a batch or two, not at the end of the call.
    expect(Date.now() - started).toBeLessThan(whole / 2);
  });

  it('refuses to start a batch once the device is past its usable time (fencing)', async () => {
    await expect(threaded.embed(bigTexts(3), { usableUntil: () => Date.now() - 1 })).rejects.toMatchObject({
      code: 'GPU',
      message: expect.stringContaining('fencing'),
    });
    let until = Date.now() + 60_000;
    const call = threaded.embed(bigTexts(1500, 4), { usableUntil: () => until });
    setTimeout(() => (until = Date.now() - 1), 100);
    await expect(call).rejects.toMatchObject({ code: 'GPU' });
    // The thread is still usable afterwards.
    expect((await threaded.embed(['still here'])).length).toBe(threaded.info.dims);
  });

  it('refuses a call made while it closes, and the process goes on', async () => {
    const closing = await createThreadedEmbedder({ modelDir: defaultModelDir(), device: { kind: 'cpu' }, threads: 1 });
    const busy = closing.embed(bigTexts(200, 5));
    const closed = closing.dispose();
    await expect(closing.embed(['too late'])).rejects.toMatchObject({ code: 'MODEL', message: expect.stringContaining('closed') });
    // The call sent before the close still completes.
    expect(await busy).toHaveLength(200 * closing.info.dims);
    await closed;
  });

  it.runIf(process.platform === 'linux' && getPriority(0) < 10)(
    'embeds below normal priority when asked (indexing), the calling thread and a query embedder left at normal',
    async () => {
      const callerNice = getPriority(0);
      const before = threadsBelowCaller();
      const low = await createThreadedEmbedder({ modelDir: defaultModelDir(), device: { kind: 'cpu' }, threads: 2, lowPriority: true });
      try {
        // The thread and the intra-op thread its session started.
        const afterLow = threadsBelowCaller();
        expect(afterLow).toBeGreaterThanOrEqual(before + 2);
        expect(getPriority(0)).toBe(callerNice);
        const normal = await createThreadedEmbedder({ modelDir: defaultModelDir(), device: { kind: 'cpu' }, threads: 2 });
        try {
          expect(threadsBelowCaller()).toBe(afterLow);
        } finally {
          await normal.dispose();
        }
      } finally {
        await low.dispose();
      }
    },
  );
});
