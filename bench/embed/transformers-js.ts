/**
 * What people reach for in Node: @huggingface/transformers' feature-extraction pipeline over the
 * same model folder and texts (mean pooling and normalisation in JS, as its docs show for
 * sentence-transformers models), fed the same groups of texts the app's embed jobs hold.
 */
import { basename, dirname } from 'node:path';
import { env, pipeline } from '@huggingface/transformers';
import { CHUNKS_PER_EMBED_JOB } from '../../src/shared/jobs.js';

/** Texts per second through transformers.js, after a warm-up call. */
export async function runTransformersJs(modelDir: string, texts: readonly string[], device: string): Promise<number> {
  env.allowRemoteModels = false;
  env.localModelPath = dirname(modelDir);
  const extractor = await pipeline('feature-extraction', basename(modelDir), { dtype: 'fp32', device: device === 'cuda' ? 'cuda' : 'cpu' });
  try {
    await extractor(texts.slice(0, 16) as string[], { pooling: 'mean', normalize: true });
    const started = performance.now();
    for (let start = 0; start < texts.length; start += CHUNKS_PER_EMBED_JOB) {
      const out = await extractor(texts.slice(start, start + CHUNKS_PER_EMBED_JOB) as string[], { pooling: 'mean', normalize: true });
      out.dispose();
    }
    return texts.length / ((performance.now() - started) / 1000);
  } finally {
    await extractor.dispose();
  }
}
