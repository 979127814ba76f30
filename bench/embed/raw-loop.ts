/**
 * The reference the app's embedding is measured against: the best plain loop over the same texts,
 * with nothing around it. Per job-sized group of texts: tokenize, sort by length and cut into
 * token-budget batches (the same arithmetic as the app, planBatches), pad, `session.run`, copy the
 * vectors out. No threads, queues, messages or stores.
 */
import { readFile } from 'node:fs/promises';
import * as ort from 'onnxruntime-node';
import { Tokenizer as JsTokenizer } from '@huggingface/tokenizers';
import { Tokenizer as NativeTokenizer } from 'tokenizers';
import { planBatches } from '../../src/node/embedding/batching.js';
import { loadModelSpec } from '../../src/node/models/model-spec.js';

/** How the raw loop tokenizes: the pure-JS library or Hugging Face's Rust one (a batch at a time, in parallel). */
export type RawTokenizer = 'js' | 'native';

export interface RawLoopOptions {
  modelDir: string;
  texts: readonly string[];
  /** Texts per group (an embed job's worth). */
  groupSize: number;
  maxBatchTokens: number;
  /** onnxruntime intra-op threads. */
  threads: number;
  tokenizer: RawTokenizer;
  device: string;
}

export interface RawLoopResult {
  textsPerSecond: number;
  /** Share of the loop's time spent tokenizing. */
  tokenizeShare: number;
}

type Encode = (texts: string[]) => Promise<number[][]>;

async function encoderFor(
  kind: RawTokenizer,
  tokenizerPath: string,
  tokenizerConfig: Record<string, unknown>,
  maxTokens: number,
): Promise<Encode> {
  const cut = (ids: number[], suffix: number): number[] =>
    ids.length <= maxTokens ? ids : [...ids.slice(0, maxTokens - suffix), ...ids.slice(ids.length - suffix)];
  if (kind === 'native') {
    const tokenizer = NativeTokenizer.fromFile(tokenizerPath);
    tokenizer.disableTruncation();
    tokenizer.disablePadding();
    const suffix = (await tokenizer.encode('')).getIds().length > 0 ? 1 : 0;
    return async (texts) => (await tokenizer.encodeBatch(texts)).map((e) => cut(e.getIds(), suffix));
  }
  const tokenizer = new JsTokenizer(JSON.parse(await readFile(tokenizerPath, 'utf8')) as object, tokenizerConfig);
  const suffix = tokenizer.encode('').ids.length > 0 ? 1 : 0;
  return (texts) => Promise.resolve(texts.map((t) => cut(tokenizer.encode(t).ids, suffix)));
}

/** Runs the loop once to warm up, then once timed. */
export async function runRawLoop(options: RawLoopOptions): Promise<RawLoopResult> {
  const spec = await loadModelSpec(options.modelDir);
  const encode = await encoderFor(options.tokenizer, spec.tokenizerPath, spec.tokenizerConfig, spec.maxTokens);
  const session = await ort.InferenceSession.create(spec.modelPath, {
    graphOptimizationLevel: 'all',
    intraOpNumThreads: options.threads,
    interOpNumThreads: 1,
    executionProviders: options.device === 'cuda' ? [{ name: 'cuda', deviceId: 0 }, 'cpu'] : ['cpu'],
  });
  const outputName = session.outputNames.includes('sentence_embedding') ? 'sentence_embedding' : session.outputNames[0];
  const typeIds = session.inputNames.includes('token_type_ids');
  const padId = 0;
  let tokenizeMs = 0;
  const pass = async (texts: readonly string[]): Promise<void> => {
    for (let start = 0; start < texts.length; start += options.groupSize) {
      const t0 = performance.now();
      const ids = await encode(texts.slice(start, start + options.groupSize));
      tokenizeMs += performance.now() - t0;
      const batches = planBatches(
        ids.map((row) => row.length),
        { maxBatchTokens: options.maxBatchTokens, maxBatchSize: 256, sortByLength: true },
      );
      for (const batch of batches) {
        const rows = batch.indices.length;
        const seq = batch.seqLen;
        const inputIds = new BigInt64Array(rows * seq).fill(BigInt(padId));
        const mask = new BigInt64Array(rows * seq);
        batch.indices.forEach((index, r) => {
          const row = ids[index];
          for (let s = 0; s < row.length; s++) {
            inputIds[r * seq + s] = BigInt(row[s]);
            mask[r * seq + s] = 1n;
          }
        });
        const feeds: Record<string, ort.Tensor> = {
          input_ids: new ort.Tensor('int64', inputIds, [rows, seq]),
          attention_mask: new ort.Tensor('int64', mask, [rows, seq]),
        };
        if (typeIds) feeds.token_type_ids = new ort.Tensor('int64', new BigInt64Array(rows * seq), [rows, seq]);
        const out = await session.run(feeds, [outputName]);
        (out[outputName]?.data as Float32Array).slice();
      }
    }
  };
  try {
    await pass(options.texts.slice(0, options.groupSize));
    tokenizeMs = 0;
    const started = performance.now();
    await pass(options.texts);
    const ms = performance.now() - started;
    return { textsPerSecond: options.texts.length / (ms / 1000), tokenizeShare: tokenizeMs / ms };
  } finally {
    await session.release();
  }
}
