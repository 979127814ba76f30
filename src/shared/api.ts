/**
 * The one API contract between the supervisor and every user interface.
 *
 * The preload implements it over Electron IPC, the web client over WebSocket; the renderer gets an
 * `Api` and cannot tell which. Every input is described by a zod schema here and parsed by the
 * supervisor before anything happens (see `parseInput`); outputs are typed by `ApiOutputs`.
 */
import { z } from 'zod';
import type {
  AppInfo,
  FolderInfo,
  GpuInfo,
  JobRow,
  MonitorSnapshot,
  QueueCounts,
  SearchHit,
  WorkerInfo,
  BrokerInfo,
} from './monitor-types';
import type { SerializedError } from './errors';

const none = z.object({}).strict();
/** An absolute path on the supervisor's machine; checked for existence by the supervisor. */
const pathSchema = z.string().trim().min(1, 'a path is required').max(4096);
const idSchema = z.number().int().positive();

export const MAX_WORKERS_LIMIT = 64;

/** Input schema of every call. Names are namespaced `domain:verb`. */
export const apiInputs = {
  'app:info': none,
  'monitor:snapshot': none,
  'index:addFolder': z.object({ path: pathSchema }).strict(),
  'index:removeFolder': z.object({ id: idSchema }).strict(),
  'index:reindex': z.object({ id: idSchema }).strict(),
  'jobs:list': z
    .object({
      state: z.enum(['all', 'waiting', 'active', 'completed', 'failed', 'delayed']).default('all'),
      limit: z.number().int().min(1).max(500).default(100),
      offset: z.number().int().min(0).default(0),
    })
    .strict(),
  'jobs:retry': z.object({ queue: z.string().min(1).max(64), id: z.string().min(1).max(256) }).strict(),
  'workers:list': none,
  'workers:scale': z.object({ count: z.number().int().min(0).max(MAX_WORKERS_LIMIT) }).strict(),
  'gpus:list': none,
  'queues:list': none,
  'queue:pause': none,
  'queue:resume': none,
  'broker:info': none,
  'search:query': z
    .object({ query: z.string().trim().min(1, 'a query is required').max(2000), k: z.number().int().min(1).max(100).default(10) })
    .strict(),
  'files:open': z.object({ path: pathSchema }).strict(),
  'files:reveal': z.object({ path: pathSchema }).strict(),
} as const satisfies Record<string, z.ZodType>;

export type ApiCall = keyof typeof apiInputs;
/** What a caller passes (defaults may be omitted). */
export type ApiInput<C extends ApiCall> = z.input<(typeof apiInputs)[C]>;
/** What the handler receives after validation (defaults filled in). */
export type ApiParsedInput<C extends ApiCall> = z.output<(typeof apiInputs)[C]>;

export interface JobsPage {
  total: number;
  jobs: JobRow[];
}

/** Output type of every call. */
export interface ApiOutputs {
  'app:info': AppInfo;
  'monitor:snapshot': MonitorSnapshot;
  'index:addFolder': FolderInfo;
  'index:removeFolder': { removed: boolean };
  'index:reindex': FolderInfo;
  'jobs:list': JobsPage;
  'jobs:retry': { retried: boolean };
  'workers:list': WorkerInfo[];
  'workers:scale': { target: number };
  'gpus:list': GpuInfo[];
  'queues:list': QueueCounts[];
  'queue:pause': { paused: boolean };
  'queue:resume': { paused: boolean };
  'broker:info': BrokerInfo | null;
  'search:query': SearchHit[];
  'files:open': { ok: boolean };
  'files:reveal': { ok: boolean };
}

/** Events pushed by the supervisor. `monitor:update` is coalesced to about ten a second. */
export interface ApiEvents {
  'monitor:update': MonitorSnapshot;
  'folder:finished': { folderId: number; path: string; indexed: number; failed: number };
}
export type ApiEvent = keyof ApiEvents;

/** Server-side handlers: one function per call, given validated input. */
export type ApiHandlers = {
  [C in ApiCall]: (input: ApiParsedInput<C>) => Promise<ApiOutputs[C]>;
};

/** The client side, implemented by the preload (IPC) and the web client (WebSocket). */
export interface Api {
  invoke<C extends ApiCall>(call: C, input: ApiInput<C>): Promise<ApiOutputs[C]>;
  on<E extends ApiEvent>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
}

/** The reply to one call as it travels over a wire (IPC or WebSocket). */
export type ApiReply<C extends ApiCall = ApiCall> = { ok: true; value: ApiOutputs[C] } | { ok: false; error: SerializedError };

/** Calls that change state; refused in the web monitor's read-only mode. */
export const WRITE_CALLS: ReadonlySet<ApiCall> = new Set<ApiCall>([
  'index:addFolder',
  'index:removeFolder',
  'index:reindex',
  'jobs:retry',
  'workers:scale',
  'queue:pause',
  'queue:resume',
  'files:open',
  'files:reveal',
]);

export function isApiCall(name: string): name is ApiCall {
  return Object.prototype.hasOwnProperty.call(apiInputs, name);
}
