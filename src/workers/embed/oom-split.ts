/**
 * GPU out-of-memory handling: a batch that does not fit is split in halves and each half retried,
 * down to single texts, so an OOM costs time, never the worker or the job.
 */
import { SemantikError } from '../../shared/errors';

/**
 * Messages onnxruntime and CUDA use for an allocation that failed: the CUDA EP's
 * `CUDA failure 2: out of memory`, cuBLAS/cuDNN's alloc failures, the BFC arena's "Failed to
 * allocate memory", and std::bad_alloc from the CPU provider.
 */
const OOM_PATTERN =
  /out of memory|CUDA_ERROR_OUT_OF_MEMORY|cudaErrorMemoryAllocation|CUBLAS_STATUS_ALLOC_FAILED|CUDNN_STATUS_ALLOC_FAILED|Failed to allocate memory|bad_alloc/i;

/** True for an error that says the device (or host) ran out of memory. */
export function isOutOfMemory(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return OOM_PATTERN.test(error.message) || (error.cause instanceof Error && OOM_PATTERN.test(error.cause.message));
}

/** What {@link embedSplittingOnOom} reports, for the job's log and result. */
export interface SplitReport {
  /** Out-of-memory errors met (each one split a batch). */
  ooms: number;
  /** Embed calls made, including the failed ones. */
  calls: number;
}

/**
 * Embeds `texts` with `embed`; on an out-of-memory error the texts are halved and each half
 * embedded the same way. Any other error, and an OOM on a single text, is thrown as is (a single
 * text that does not fit cannot be helped by splitting).
 *
 * Vectors come back in input order, `dims` floats per text.
 */
export async function embedSplittingOnOom(
  texts: readonly string[],
  dims: number,
  embed: (part: readonly string[]) => Promise<Float32Array>,
  report: SplitReport = { ooms: 0, calls: 0 },
): Promise<Float32Array> {
  report.calls += 1;
  try {
    return await embed(texts);
  } catch (error) {
    if (!isOutOfMemory(error)) throw error;
    report.ooms += 1;
    if (texts.length <= 1) {
      throw new SemantikError('GPU', 'out of memory on a single text: it cannot be split further', { cause: error });
    }
    const middle = Math.ceil(texts.length / 2);
    // One half after the other: running both at once would need the memory that just ran out.
    const first = await embedSplittingOnOom(texts.slice(0, middle), dims, embed, report);
    const second = await embedSplittingOnOom(texts.slice(middle), dims, embed, report);
    const out = new Float32Array(texts.length * dims);
    out.set(first, 0);
    out.set(second, middle * dims);
    return out;
  }
}
