/** The embedder used by worker processes: texts in, L2-normalised float32 vectors out, in input order. */
import * as ort from 'onnxruntime-node';
import { SemantikError } from '../../shared/errors.js';
import { planBatches, type BatchLimits } from './batching.js';
import { loadModelSpec, type ModelSpec } from '../models/model-spec.js';
import { openSession, type DeviceRequest } from './onnx-session.js';
import { l2NormalizeRows, poolTokens } from './pooling.js';
import { createTextTokenizer } from './text-tokenizer.js';

export type { DeviceRequest };

/** What `createEmbedder` needs. */
export interface EmbedderOptions {
  modelDir: string;
  device: DeviceRequest;
  /** Padded tokens per `session.run`. @defaultValue 8192 */
  maxBatchTokens?: number;
  /** Texts per `session.run`. @defaultValue 256 */
  maxBatchSize?: number;
  /** Sort texts by token length before batching; false only for benchmarks. @defaultValue true */
  sortByLength?: boolean;
  /** onnxruntime intra-op threads. @defaultValue onnxruntime's choice (all cores) */
  threads?: number;
  /**
   * Run below normal priority where a thread has its own (thread-priority.ts): bulk indexing on the
   * CPU, not a search's query, which a person waits for. @defaultValue false
   */
  lowPriority?: boolean;
}

/** Per-call controls, checked before every `session.run` (a run itself cannot be interrupted). */
export interface EmbedCallOptions {
  /** Stops the call between batches; it rejects with the signal's reason. */
  signal?: AbortSignal;
  /**
   * Local time (ms) until which the device may be used (a GPU lease's last confirmed renewal plus
   * its TTL); past it the call stops with a GPU error instead of running another batch.
   */
  usableUntil?: () => number;
}

/** Throws when a call must not run another batch: aborted, or its device no longer ours. */
export function checkBeforeBatch(options: EmbedCallOptions | undefined, batch: number): void {
  options?.signal?.throwIfAborted();
  const until = options?.usableUntil?.() ?? Infinity;
  if (Date.now() > until) {
    throw new SemantikError('GPU', `stopped before batch ${batch + 1}: the device lease was not confirmed in time (fencing)`);
  }
}

/** A loaded model ready to embed texts. */
export interface Embedder {
  info: ModelSpec;
  /** `cuda:N` or `cpu`, as actually used. */
  device: string;
  /** Why a CUDA request runs on the CPU, when it does. */
  fallbackReason?: string;
  /** Row-major [texts.length × info.dims] vectors of unit length (zero for a text with no known token). */
  embed(texts: readonly string[], options?: EmbedCallOptions): Promise<Float32Array>;
  dispose(): Promise<void>;
}

const PREFERRED_OUTPUTS = ['sentence_embedding', 'sentence_embeddings', 'last_hidden_state', 'token_embeddings'];

/** Loads the model in `modelDir` onto the requested device (CPU when CUDA cannot be had). */
export async function createEmbedder(options: EmbedderOptions): Promise<Embedder> {
  const info = await loadModelSpec(options.modelDir);
  const tokenizer = await createTextTokenizer(info);
  const opened = await openSession(info.modelPath, options.device, options.threads);
  const { session } = opened;
  const outputName = PREFERRED_OUTPUTS.find((n) => session.outputNames.includes(n)) ?? session.outputNames[0];
  if (!outputName) {
    await session.release();
    throw new SemantikError('MODEL', `${info.modelPath} has no outputs`);
  }
  const wantsTypeIds = session.inputNames.includes('token_type_ids');
  const limits: BatchLimits = {
    maxBatchTokens: options.maxBatchTokens ?? 8192,
    maxBatchSize: options.maxBatchSize ?? 256,
    sortByLength: options.sortByLength ?? true,
  };
  const dims = info.dims;

  async function runBatch(ids: number[][], seqLen: number): Promise<Float32Array> {
    const rows = ids.length;
    const inputIds = new BigInt64Array(rows * seqLen).fill(BigInt(tokenizer.padId));
    const mask = new BigInt64Array(rows * seqLen);
    ids.forEach((row, r) => {
      for (let s = 0; s < row.length; s++) {
        inputIds[r * seqLen + s] = BigInt(row[s]);
        mask[r * seqLen + s] = 1n;
      }
    });
    const shape = [rows, seqLen];
    const feeds: Record<string, ort.Tensor> = {
      input_ids: new ort.Tensor('int64', inputIds, shape),
      attention_mask: new ort.Tensor('int64', mask, shape),
    };
    if (wantsTypeIds) feeds.token_type_ids = new ort.Tensor('int64', new BigInt64Array(rows * seqLen), shape);
    const result = await session.run(feeds, [outputName]);
    const out = result[outputName];
    if (!out || out.type !== 'float32') throw new SemantikError('MODEL', `Output ${outputName} is not float32`);
    const data = out.data as Float32Array;
    const last = out.dims[out.dims.length - 1];
    if (last !== dims) throw new SemantikError('MODEL', `Model gives ${last}-dimension vectors, expected ${dims}`);
    let pooled: Float32Array;
    if (out.dims.length === 2) pooled = data;
    else if (out.dims.length === 3) pooled = poolTokens(data, mask, rows, seqLen, dims, info.pooling === 'cls' ? 'cls' : 'mean');
    else throw new SemantikError('MODEL', `Output ${outputName} has shape [${out.dims.join(', ')}]`);
    // Normalised here even when the graph already did it: it is cheap, and it makes every model's
    // output unit length whatever its export did.
    l2NormalizeRows(pooled, rows, dims);
    return pooled;
  }

  return {
    info,
    device: opened.device,
    ...(opened.fallbackReason ? { fallbackReason: opened.fallbackReason } : {}),
    async embed(texts, options) {
      const encoded = texts.map((t, i) => {
        // Tokenising thousands of texts takes a while too: stop there as well when asked.
        if (i % 256 === 255) checkBeforeBatch(options, 0);
        return tokenizer.encode(t);
      });
      const out = new Float32Array(texts.length * dims);
      for (const [index, batch] of planBatches(
        encoded.map((e) => e.length),
        limits,
      ).entries()) {
        checkBeforeBatch(options, index);
        const vectors = await runBatch(
          batch.indices.map((i) => encoded[i]),
          batch.seqLen,
        );
        batch.indices.forEach((textIndex, row) => out.set(vectors.subarray(row * dims, (row + 1) * dims), textIndex * dims));
      }
      return out;
    },
    async dispose() {
      await session.release();
    },
  };
}
