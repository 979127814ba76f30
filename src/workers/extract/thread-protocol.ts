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

/** Thread → main: the parser starts (its code is loaded), then what became of the file. */
export type ThreadResponse = { id: number; parsing: true } | { id: number; result: DocumentResult };

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
    result: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('chunks'), format: z.string(), chunks: z.array(chunkSchema) }),
      z.object({ kind: z.literal('unsupported'), reason: z.string() }),
      z.object({ kind: z.literal('failed'), reason: z.string() }),
    ]),
  }),
]);
