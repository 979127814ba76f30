/**
 * Messages between the extract processor and its extraction threads.
 */
import { z } from 'zod';
import type { ChunkOptions } from './chunk-text';
import type { DocumentResult } from './extract-document';

/** Main → thread: one file to read. */
export interface ThreadRequest {
  id: number;
  path: string;
  bytes: Uint8Array;
  chunkOptions: ChunkOptions;
}

/** Main → thread, once at start (`workerData`): the limits of the archives it opens. */
export const threadDataSchema = z.object({
  archiveLimits: z.object({
    maxTotalBytes: z.number().int().min(1),
    maxRatio: z.number().min(1),
    ratioFloorBytes: z.number().int().min(0),
    maxEntries: z.number().int().min(1),
  }),
});
export type ThreadData = z.infer<typeof threadDataSchema>;

/**
 * Thread → main: the parser starts (its code is loaded); the thread's memory in use (heap and
 * native, in bytes), several times a second while it reads; then what became of the file.
 */
export type ThreadResponse =
  { id: number; parsing: true } | { id: number; memory: number } | { id: number; result: DocumentResult; memory: number };

const chunkSchema = z.object({
  text: z.string(),
  lineStart: z.number().int().nullable(),
  lineEnd: z.number().int().nullable(),
  heading: z.string().nullable(),
  page: z.number().int().nullable(),
});

/** Checked on receipt: a thread runs third-party parsers on untrusted files. */
export const threadResponseSchema = z.union([
  z.object({ id: z.number().int(), parsing: z.literal(true) }),
  z.object({
    id: z.number().int(),
    memory: z.number().min(0),
    result: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('chunks'), format: z.string(), chunks: z.array(chunkSchema) }),
      z.object({ kind: z.literal('unsupported'), reason: z.string() }),
      z.object({ kind: z.literal('failed'), reason: z.string() }),
    ]),
  }),
  z.object({ id: z.number().int(), memory: z.number().min(0) }),
]);
