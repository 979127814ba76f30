/**
 * One {@link Embedder} over several sessions of the same model, each in its own thread: a call's
 * texts are shared out among them and embedded at once. On the CPU this puts every core to work on
 * one embed job, tokenizing included, where a single session's intra-op threads split only the
 * model's operations (which, for a small model, are too small to gain from it).
 */
import type { EmbedCallOptions, Embedder } from './embedder';

/** Fewer texts than this per session are not worth a thread's round trip: fewer sessions take them. */
export const MIN_TEXTS_PER_SESSION = 8;

/**
 * Cuts `texts` into at most `parts` runs in order, each of about the same number of characters (a
 * text's length stands for its tokens, so each session gets about the same work); returns the
 * index where each run starts.
 */
export function splitPoints(texts: readonly string[], parts: number): number[] {
  const count = Math.max(1, Math.min(parts, Math.floor(texts.length / MIN_TEXTS_PER_SESSION)));
  const total = texts.reduce((sum, text) => sum + text.length + 1, 0);
  const starts = [0];
  let seen = 0;
  for (let i = 0; i < texts.length && starts.length < count; i++) {
    seen += (texts[i]?.length ?? 0) + 1;
    if (seen >= (total * starts.length) / count && i + 1 < texts.length) starts.push(i + 1);
  }
  return starts;
}

/** An embedder that shares each call among `sessions` (at least one; all of the same model and device). */
export function splitEmbedder(sessions: readonly Embedder[]): Embedder {
  const [first] = sessions;
  if (!first) throw new TypeError('splitEmbedder needs at least one session');
  if (sessions.length === 1) return first;
  const { dims } = first.info;
  return {
    info: first.info,
    device: first.device,
    ...(first.fallbackReason ? { fallbackReason: first.fallbackReason } : {}),
    async embed(texts: readonly string[], options?: EmbedCallOptions): Promise<Float32Array> {
      const starts = splitPoints(texts, sessions.length);
      if (starts.length === 1) return first.embed(texts, options);
      // The first part to fail stops the others before their next batch, and the call ends only
      // when every part has: a retry never queues behind the leftovers of this one.
      const stop = new AbortController();
      const signal = options?.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
      let failure: { error: unknown } | null = null;
      const parts = await Promise.allSettled(
        starts.map((start, part) =>
          sessions[part]!.embed(texts.slice(start, starts[part + 1] ?? texts.length), { ...options, signal }).catch((error: unknown) => {
            failure ??= { error };
            stop.abort(error);
            throw error;
          }),
        ),
      );
      if (failure) throw (failure as { error: unknown }).error;
      const out = new Float32Array(texts.length * dims);
      parts.forEach((part, index) => {
        if (part.status === 'fulfilled') out.set(part.value, starts[index]! * dims);
      });
      return out;
    },
    async dispose(): Promise<void> {
      const closed = await Promise.allSettled(sessions.map((session) => session.dispose()));
      const failed = closed.find((result) => result.status === 'rejected');
      if (failed) throw failed.reason;
    },
  };
}
