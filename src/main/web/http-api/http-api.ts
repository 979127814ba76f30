/**
 * The web monitor's REST API (`/api/...`) and `/metrics`, behind the same Basic auth as the page.
 *
 * Every route runs one call of the API contract through `dispatchCall`, so input validation and the
 * read-only rule are the WebSocket's. Errors are JSON `{ error: { code, message } }` with the
 * status that fits the code. Writes from browsers must come from this monitor's own pages: a
 * request with a foreign `Origin` (or `Sec-Fetch-Site` other than same-origin) is refused, which
 * stops cross-site form posts riding on cached Basic credentials; curl sends neither header.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiHandlers, ApiReply } from '../../../shared/api';
import type { ErrorCode } from '../../../shared/errors';
import type { MetricFamily } from '../../../shared/series';
import { dispatchCall, type DispatchOptions } from '../dispatch';
import { checkOrigin } from '../origin';
import { SECURITY_HEADERS } from '../static-files';
import { prometheusText, PROMETHEUS_CONTENT_TYPE } from './prometheus-text';
import { matchRoute } from './routes';

/** The largest JSON body accepted (every call's input is far smaller). */
export const MAX_BODY_BYTES = 64 * 1024;

/** HTTP status of each error code. */
export const STATUS_OF: Readonly<Record<ErrorCode, number>> = {
  BAD_INPUT: 400,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNAVAILABLE: 503,
  REDIS: 503,
  TIMEOUT: 504,
  WORKER: 500,
  GPU: 500,
  MODEL: 500,
  STORE: 500,
  INTERNAL: 500,
};

export interface HttpApiOptions {
  handlers: ApiHandlers;
  readOnly: boolean;
  /** The folders browsers may add (SEMANTIK_WEB_ROOTS). */
  webRoots: readonly string[];
  /** The `host:port` names a browser may use for this monitor (null: any). */
  allowed(): Set<string> | null;
}

/** True for the paths this module serves. */
export function isApiPath(path: string): boolean {
  return path === '/metrics' || path === '/api' || path.startsWith('/api/');
}

/** Sends a JSON body with the monitor's security headers. */
export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

/** Sends `{ error: { code, message } }`. */
export function sendError(
  response: ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  sendJson(response, status, { error: { code, message } }, headers);
}

const dispatchOptions = (options: HttpApiOptions): DispatchOptions => ({
  mode: 'web',
  readOnly: options.readOnly,
  includeStack: false,
  webRoots: options.webRoots,
});

/** Serves one authenticated request to an API path. */
export async function handleHttpApi(request: IncomingMessage, response: ServerResponse, url: URL, options: HttpApiOptions): Promise<void> {
  const method = request.method ?? 'GET';
  if (url.pathname === '/metrics') {
    if (method !== 'GET' && method !== 'HEAD') return sendError(response, 405, 'METHOD_NOT_ALLOWED', 'GET only', { Allow: 'GET, HEAD' });
    const reply = await dispatchCall(options.handlers, 'metrics:get', {}, dispatchOptions(options));
    if (!reply.ok) return sendError(response, STATUS_OF[reply.error.code] ?? 500, reply.error.code, reply.error.message);
    const text = prometheusText(reply.value as MetricFamily[]);
    response.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': PROMETHEUS_CONTENT_TYPE, 'Cache-Control': 'no-store' });
    response.end(method === 'HEAD' ? undefined : text);
    return;
  }
  if (method !== 'GET' && method !== 'HEAD') {
    const refusal = crossSiteRefusal(request, options.allowed());
    if (refusal) return sendError(response, 403, 'FORBIDDEN', refusal);
  }
  const match = matchRoute(method, url.pathname);
  if ('status' in match) {
    if (match.status === 405) {
      return sendError(response, 405, 'METHOD_NOT_ALLOWED', `${method} is not allowed on ${url.pathname}`, {
        Allow: match.allow.join(', '),
      });
    }
    return sendError(response, 404, 'NOT_FOUND', `No API route ${url.pathname}`);
  }
  const body = method === 'POST' || method === 'PUT' ? await readJsonBody(request) : { value: {} };
  if ('error' in body) return sendError(response, body.status, 'BAD_INPUT', body.error);
  const input = match.route.input({ params: match.params, query: url.searchParams, body: body.value });
  const reply: ApiReply = await dispatchCall(options.handlers, match.route.call, input, dispatchOptions(options));
  if (!reply.ok) return sendError(response, STATUS_OF[reply.error.code] ?? 500, reply.error.code, reply.error.message);
  sendJson(response, 200, reply.value);
}

/** Why a state-changing request from a browser is refused, or null. */
function crossSiteRefusal(request: IncomingMessage, allowed: Set<string> | null): string | null {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return `cross-site request refused (Sec-Fetch-Site: ${site})`;
  if (request.headers.origin === undefined) return null;
  const problem = checkOrigin(request, allowed);
  return problem === null ? null : `cross-site request refused: ${problem}`;
}

async function readJsonBody(request: IncomingMessage): Promise<{ value: Record<string, unknown> } | { error: string; status: number }> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) return { error: `body larger than ${MAX_BODY_BYTES} bytes`, status: 413 };
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return { error: `body larger than ${MAX_BODY_BYTES} bytes`, status: 413 };
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return { value: {} };
  const type = request.headers['content-type'] ?? '';
  if (!type.toLowerCase().startsWith('application/json'))
    return { error: 'a body must be JSON (Content-Type: application/json)', status: 415 };
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      return { error: 'the body must be a JSON object', status: 400 };
    return { value: value as Record<string, unknown> };
  } catch {
    return { error: 'the body is not valid JSON', status: 400 };
  }
}
