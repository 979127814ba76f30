/**
 * Serves the built renderer from one folder: no directory traversal, no symlink escape, and
 * security headers on every response.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, posix, sep } from 'node:path';
import { CSP_HEADER } from './csp';

/** Headers sent with every response of the monitor, whatever its status. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CSP_HEADER,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Maps a URL path to a file inside `root`, or null when it would leave it or names no file.
 *
 * Decoding happens once, before normalising, so `%2e%2e/` cannot slip past the check; a symlink
 * inside `root` that points outside it is refused as well.
 */
export async function resolveStaticFile(root: string, urlPath: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const normalised = posix.normalize(`/${decoded}`);
  if (normalised.split('/').includes('..')) return null;
  const relative = normalised === '/' ? 'index.html' : normalised.slice(1);
  try {
    const realRoot = await realpath(root);
    const real = await realpath(join(realRoot, relative));
    if (!real.startsWith(realRoot + sep)) return null;
    return (await stat(real)).isFile() ? real : null;
  } catch {
    return null;
  }
}

/** Sends a file from the static folder, or 404. */
export async function serveStatic(root: string, urlPath: string, response: ServerResponse, headOnly: boolean): Promise<void> {
  const file = await resolveStaticFile(root, urlPath);
  if (file === null) {
    sendText(response, 404, 'Not found');
    return;
  }
  const body = await readFile(file);
  response.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': String(body.length),
    // Behind auth: keep shared caches out; the browser revalidates, which is cheap on loopback.
    'Cache-Control': 'private, no-cache',
  });
  response.end(headOnly ? undefined : body);
}

/** Sends a short plain-text response with the security headers. */
export function sendText(response: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  response.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
    ...extra,
  });
  response.end(text);
}
