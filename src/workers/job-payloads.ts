/**
 * Sealed fields of job payloads, opened and checked: an embed job may come from anyone with the
 * Redis password, so its texts are validated like any input.
 */
import { UnrecoverableError } from 'bullmq';
import { z } from 'zod';
import type { EmbedJobData } from '../shared/jobs';
import { parseInput } from '../shared/validate';
import type { WorkerContext } from './worker-context';

const textsSchema = z.array(z.string()).min(1).max(4_096);

/** An embed job's chunk texts, opened with the payload key. */
export function embedTexts(ctx: WorkerContext, data: EmbedJobData): string[] {
  try {
    return parseInput(textsSchema, ctx.unseal(data.texts), 'embed job texts');
  } catch (error) {
    // The same key opens (or fails to open) the texts on every retry.
    throw new UnrecoverableError(error instanceof Error ? error.message : String(error));
  }
}
