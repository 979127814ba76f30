/**
 * One file from a hub over HTTP, streamed to disk: metadata by HEAD, the body into a `.part` file
 * that a later attempt resumes with a Range request, and the checksum of the finished file.
 *
 * Everything is streamed (fetch's body through a write stream), so a download of hundreds of
 * megabytes never blocks the supervisor's event loop or holds the file in memory.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { SemantikError } from '../../../shared/errors';
import { checksumFromEtag, parseContentRange, type Checksum } from './hub-files';

/** Redirects followed per request (the hub sends LFS files to its CDN: one hop). */
const MAX_REDIRECTS = 5;

/** An HTTP failure; `retry` says whether another attempt may succeed. */
export class DownloadError extends SemantikError {
  constructor(
    message: string,
    readonly retry: boolean,
    options?: { cause?: unknown },
  ) {
    super('UNAVAILABLE', message, options);
  }
}

interface Followed {
  response: Response;
  /** Headers of the first response: the hub puts X-Linked-Etag and X-Linked-Size on its redirect. */
  first: Headers;
}

/** fetch, following redirects by hand so that the first response's headers are kept. */
async function fetchFollowing(url: string, init: RequestInit): Promise<Followed> {
  let current = url;
  let first: Headers | null = null;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    let response: Response;
    try {
      response = await fetch(current, { ...init, redirect: 'manual' });
    } catch (cause) {
      if (init.signal?.aborted) throw cause;
      const reason = cause instanceof Error && cause.cause instanceof Error ? cause.cause.message : String(cause);
      throw new DownloadError(`cannot reach ${new URL(current).host}: ${reason}`, true, { cause });
    }
    first ??= response.headers;
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      current = new URL(location, current).href;
      continue;
    }
    return { response, first };
  }
  throw new DownloadError(`too many redirects from ${url}`, false);
}

/** What a HEAD request says of a file; `exists` false on 404. */
export interface FileMetadata {
  exists: boolean;
  size: number | null;
  checksum: Checksum | null;
}

/** Asks the hub for a file's size and checksum without downloading it. */
export async function probeFile(url: string, signal: AbortSignal): Promise<FileMetadata> {
  const { response, first } = await fetchFollowing(url, { method: 'HEAD', signal });
  if (response.status === 404) return { exists: false, size: null, checksum: null };
  if (!response.ok) throw new DownloadError(`${url}: HTTP ${response.status}`, response.status >= 500 || response.status === 429);
  const size = Number(first.get('x-linked-size') ?? response.headers.get('content-length') ?? Number.NaN);
  return {
    exists: true,
    size: Number.isSafeInteger(size) && size >= 0 ? size : null,
    checksum: checksumFromEtag(first.get('x-linked-etag') ?? first.get('etag')),
  };
}

async function sizeOf(path: string): Promise<number> {
  return (await stat(path).catch(() => null))?.size ?? 0;
}

/** Options of downloadToPart. */
export interface PartDownload {
  signal: AbortSignal;
  /** The size from the HEAD request, when known: a complete `.part` is not fetched again. */
  expectedSize: number | null;
  /** Called with the bytes now in the `.part` file, as they arrive (at most a few times a second). */
  onBytes(bytes: number): void;
}

/**
 * Fetches `url` into `partPath`, continuing from the bytes already there (Range); resolves with
 * how many bytes were already there. Throws DownloadError (`retry` says whether another attempt,
 * which resumes, may help).
 */
export async function downloadToPart(url: string, partPath: string, options: PartDownload): Promise<{ resumedFrom: number }> {
  await mkdir(dirname(partPath), { recursive: true });
  let have = await sizeOf(partPath);
  const { expectedSize } = options;
  if (expectedSize !== null && have > expectedSize) {
    await rm(partPath, { force: true });
    have = 0;
  }
  if (expectedSize !== null && have === expectedSize) return { resumedFrom: have };
  const headers: Record<string, string> = have > 0 ? { Range: `bytes=${have}-` } : {};
  const { response } = await fetchFollowing(url, { headers, signal: options.signal });
  if (response.status === 416 && have > 0) {
    // The part is not a prefix the server knows (the file changed upstream): start over.
    await response.body?.cancel();
    await rm(partPath, { force: true });
    throw new DownloadError(`${url}: the partial download does not match the file any more; starting over`, true);
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new DownloadError(
      `${url}: HTTP ${response.status}`,
      response.status >= 500 || response.status === 429 || response.status === 408,
    );
  }
  let append = false;
  if (response.status === 206) {
    const range = parseContentRange(response.headers.get('content-range'));
    if (!range || range.start !== have) {
      await response.body.cancel();
      await rm(partPath, { force: true });
      throw new DownloadError(`${url}: the server answered another range than asked; starting over`, true);
    }
    append = true;
  }
  const resumedFrom = append ? have : 0;
  let bytes = resumedFrom;
  let reportedAt = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      const now = Date.now();
      if (now - reportedAt > 200) {
        reportedAt = now;
        options.onBytes(bytes);
      }
      done(null, chunk);
    },
  });
  try {
    const body = Readable.fromWeb(response.body as unknown as WebReadableStream<Uint8Array>);
    await pipeline(body, counter, createWriteStream(partPath, { flags: append ? 'a' : 'w' }), { signal: options.signal });
  } catch (cause) {
    if (options.signal.aborted) throw cause;
    throw new DownloadError(`${url}: the connection broke after ${bytes} bytes (${(cause as Error).message})`, true, { cause });
  } finally {
    options.onBytes(await sizeOf(partPath));
  }
  const size = await sizeOf(partPath);
  if (expectedSize !== null && size !== expectedSize) {
    throw new DownloadError(`${url}: got ${size} of ${expectedSize} bytes`, true);
  }
  return { resumedFrom };
}

/** The checksum of a file as the hub states it: SHA-256 of the content, or git's blob SHA-1. */
export async function fileChecksum(path: string, kind: Checksum['kind']): Promise<string> {
  const hash = createHash(kind === 'sha256' ? 'sha256' : 'sha1');
  if (kind === 'git-sha1') hash.update(`blob ${await sizeOf(path)}\0`);
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
