/**
 * A local HTTP server in the Hugging Face hub's URL layout (`/<repo>/resolve/<revision>/<file>`),
 * for download tests: LFS files redirect to a "CDN" path with `X-Linked-Etag` (their SHA-256) and
 * `X-Linked-Size`, small files answer directly with their git blob SHA-1 as ETag, Range requests
 * get 206, and a download can be cut after some bytes (connection closed, or held open until
 * the client gives up).
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One file of a repository. */
export interface HubFile {
  body: Buffer;
  /** Served like an LFS file: a redirect to the CDN with X-Linked-Etag. */
  lfs?: boolean;
  /** An ETag to announce instead of the true checksum (a corrupt mirror). */
  etag?: string;
}

/** A request the server saw. */
export interface HubRequest {
  method: string;
  path: string;
  range: string | null;
}

/** A running fake hub: its URL, the requests it saw, and its controls. */
export interface FakeHub {
  url: string;
  requests: HubRequest[];
  /** The next GET of `file` in `repo` sends `afterBytes` bytes, then closes the connection or stalls. */
  cutNext(repo: string, file: string, afterBytes: number, mode: 'close' | 'stall'): void;
  close(): Promise<void>;
}

/** SHA-256 in hex. */
export function sha256(body: Buffer): string {
  return createHash('sha256').update(body).digest('hex');
}

function gitBlobSha1(body: Buffer): string {
  return createHash('sha1').update(`blob ${body.length}\0`).update(body).digest('hex');
}

/** Starts the server on 127.0.0.1 with `repos`: repo → file path → file. */
export async function startFakeHub(repos: Record<string, Record<string, HubFile>>): Promise<FakeHub> {
  const requests: HubRequest[] = [];
  const cuts = new Map<string, { afterBytes: number; mode: 'close' | 'stall' }>();
  const stalled = new Set<ServerResponse>();

  const sendBody = (req: IncomingMessage, res: ServerResponse, key: string, file: HubFile, headers: Record<string, string>): void => {
    const size = file.body.length;
    const match = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const start = match ? Number(match[1]) : 0;
    if (start > size || (match && start === size)) {
      res.writeHead(416, { 'content-range': `bytes */${size}` }).end();
      return;
    }
    const status = match ? 206 : 200;
    res.writeHead(status, {
      ...headers,
      'accept-ranges': 'bytes',
      'content-length': String(size - start),
      ...(match ? { 'content-range': `bytes ${start}-${size - 1}/${size}` } : {}),
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const cut = cuts.get(key);
    if (cut) {
      cuts.delete(key);
      res.write(file.body.subarray(start, start + cut.afterBytes));
      if (cut.mode === 'close') setTimeout(() => res.destroy(), 50);
      else stalled.add(res);
      return;
    }
    res.end(file.body.subarray(start));
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://hub');
    const path = decodeURIComponent(url.pathname);
    requests.push({ method: req.method ?? 'GET', path, range: req.headers.range ?? null });
    const cdn = /^\/cdn\/(.+?)\/-\/(.+)$/.exec(path);
    if (cdn) {
      const file = repos[cdn[1]!]?.[cdn[2]!];
      if (!file) return void res.writeHead(404).end();
      // A CDN's own ETag (an MD5 here): the checksum comes from the hub's redirect, not from it.
      return sendBody(req, res, `${cdn[1]}|${cdn[2]}`, file, { etag: `"${createHash('md5').update(file.body).digest('hex')}"` });
    }
    const hub = /^\/(.+?)\/resolve\/([^/]+)\/(.+)$/.exec(path);
    const repo = hub?.[1];
    const file = repo !== undefined ? repos[repo]?.[hub![3]!] : undefined;
    if (!hub || !file || hub[2] !== 'main') return void res.writeHead(404, { 'x-error-code': 'EntryNotFound' }).end();
    if (file.lfs) {
      const checksum = file.etag ?? sha256(file.body);
      res
        .writeHead(302, {
          location: `/cdn/${repo}/-/${hub[3]}`,
          etag: `"${checksum}"`,
          'x-linked-etag': `"${checksum}"`,
          'x-linked-size': String(file.body.length),
        })
        .end();
      return;
    }
    sendBody(req, res, `${repo}|${hub[3]}`, file, { etag: `"${file.etag ?? gitBlobSha1(file.body)}"` });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    cutNext(repo, file, afterBytes, mode) {
      cuts.set(`${repo}|${file}`, { afterBytes, mode });
    },
    async close() {
      for (const res of stalled) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
