import type { z } from 'zod';
import { SemantikError } from './errors';

/**
 * Parses untrusted input with a zod schema, throwing one error that lists every issue.
 *
 * Used at every trust boundary: IPC from the renderer, HTTP and WebSocket from the web monitor,
 * messages and job results from worker processes.
 */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
  throw new SemantikError('BAD_INPUT', `Invalid ${what}: ${issues}`);
}
