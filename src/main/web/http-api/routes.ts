/**
 * The REST routes of the web monitor's HTTP API: each maps a method and path to one call of the
 * API contract and builds its input from the path, the query string and the JSON body. The call's
 * zod schema then validates that input like any other client's.
 */
import type { ApiCall } from '../../../shared/api';
import { QUEUES } from '../../../shared/jobs';

/** What a route builds an input from. */
export interface RouteRequest {
  params: string[];
  query: URLSearchParams;
  body: Record<string, unknown>;
}

/** One route. Paths are matched whole; `([^/]+)` segments become `params` (URL-decoded). */
export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: RegExp;
  call: ApiCall;
  input(request: RouteRequest): unknown;
}

const SEGMENT = '([^/]+)';

function route(method: Route['method'], path: string, call: ApiCall, input: Route['input'] = () => ({})): Route {
  return { method, path: new RegExp(`^${path.replace(/:[a-z]+/g, SEGMENT)}$`), call, input };
}

/** A query parameter as a number when it looks like one (else as given, for zod to refuse). */
function numberParam(query: URLSearchParams, name: string): number | string | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  return /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
}

function defined(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
}

/** `queue:id`, or an id alone (the queue may also come as `?queue=`). */
export function taskRefInput(ref: string, query: URLSearchParams): { queue?: string; id: string } {
  const queue = query.get('queue');
  if (queue) return { queue, id: ref };
  const at = ref.indexOf(':');
  const prefix = at > 0 ? ref.slice(0, at) : '';
  if ((QUEUES as readonly string[]).includes(prefix)) return { queue: prefix, id: ref.slice(at + 1) };
  return { id: ref };
}

// The params are filled in by the matcher: one per SEGMENT in the path.
const ref = ({ params, query }: RouteRequest): { queue?: string; id: string } => taskRefInput(params[0]!, query);

/** Every route, most specific first. */
export const ROUTES: readonly Route[] = [
  route('GET', '/api/info', 'app:info'),
  route('GET', '/api/tasks', 'tasks:list', ({ query }) =>
    defined({
      q: query.get('q') ?? undefined,
      state: query.get('state')?.split(',').filter(Boolean),
      limit: numberParam(query, 'limit'),
      offset: numberParam(query, 'offset'),
      sort: query.get('sort') ?? undefined,
    }),
  ),
  route('POST', '/api/tasks/bulk', 'tasks:bulk', ({ body }) => body),
  route('GET', '/api/tasks/:ref', 'tasks:get', ref),
  route('POST', '/api/tasks/:ref/retry', 'tasks:retry', ref),
  route('POST', '/api/tasks/:ref/cancel', 'tasks:cancel', ref),
  route('POST', '/api/tasks/:ref/abort', 'tasks:abort', ref),
  route('POST', '/api/tasks/:ref/promote', 'tasks:promote', ref),
  route('POST', '/api/tasks/:ref/priority', 'tasks:priority', (request) => ({ ...ref(request), priority: request.body.priority })),
  route('GET', '/api/folders/:id/problems', 'index:problems', ({ params, query }) =>
    defined({ id: Number(params[0]), limit: numberParam(query, 'limit') }),
  ),
  route('GET', '/api/workers', 'workers:list'),
  route('POST', '/api/workers/scale', 'workers:scale', ({ body }) => body),
  route('POST', '/api/workers/:id/restart', 'workers:restart', ({ params }) => ({ id: params[0] })),
  route('POST', '/api/workers/:id/stop', 'workers:stop', ({ params }) => ({ id: params[0] })),
  route('GET', '/api/gpus', 'gpus:list'),
  route('GET', '/api/queues', 'queues:list'),
  route('POST', '/api/queues/:name/pause', 'queues:pause', ({ params }) => ({ name: params[0] })),
  route('POST', '/api/queues/:name/resume', 'queues:resume', ({ params }) => ({ name: params[0] })),
  route('GET', '/api/broker', 'broker:info'),
  route('GET', '/api/schedules', 'schedules:list'),
  route('POST', '/api/schedules', 'schedules:upsert', ({ body }) => body),
  route('PUT', '/api/schedules/:name', 'schedules:upsert', ({ params, body }) => ({ ...body, name: params[0] })),
  route('DELETE', '/api/schedules/:name', 'schedules:remove', ({ params }) => ({ name: params[0] })),
  route('POST', '/api/schedules/:name/run', 'schedules:run', ({ params }) => ({ name: params[0] })),
  route('GET', '/api/series', 'series:get'),
  route('GET', '/api/search', 'search:query', ({ query }) =>
    defined({ query: query.get('q') ?? '', k: numberParam(query, 'k'), mode: query.get('mode') ?? undefined }),
  ),
  route('GET', '/api/search/files', 'search:files', ({ query }) =>
    defined({
      query: query.get('q') ?? '',
      k: numberParam(query, 'k'),
      mode: query.get('mode') ?? undefined,
      passages: numberParam(query, 'passages'),
    }),
  ),
  route('GET', '/api/documents/preview', 'documents:preview', ({ query }) =>
    defined({ path: query.get('path') ?? '', line: numberParam(query, 'line'), page: numberParam(query, 'page') }),
  ),
];

/** The route for a request, or why there is none: 404 (no such path) or 405 (with the allowed methods). */
export function matchRoute(
  method: string,
  path: string,
): { route: Route; params: string[] } | { status: 404 } | { status: 405; allow: string[] } {
  const allow: string[] = [];
  for (const candidate of ROUTES) {
    const match = candidate.path.exec(path);
    if (!match) continue;
    if (candidate.method === method || (method === 'HEAD' && candidate.method === 'GET')) {
      let params: string[];
      try {
        params = match.slice(1).map((param) => decodeURIComponent(param));
      } catch {
        return { status: 404 };
      }
      return { route: candidate, params };
    }
    allow.push(candidate.method);
  }
  return allow.length > 0 ? { status: 405, allow: [...new Set(allow)] } : { status: 404 };
}
