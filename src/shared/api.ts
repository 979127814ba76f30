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
  DocumentPreview,
  FileProblem,
  FileSearchHit,
  FolderInfo,
  GpuInfo,
  JobRow,
  MonitorSnapshot,
  QueueCounts,
  SearchHit,
  WorkerInfo,
  BrokerInfo,
  AutoscaleInfo,
} from './monitor-types';
import type { SerializedError } from './errors';
import { QUEUES, SYSTEM_JOBS } from './jobs';
import { cronProblem } from './schedules';
import { searchFiltersSchema } from './search-filters';
import { SEARCH_MODES } from './search-query';
import { PASSAGES_PER_FILE } from './search-grouping';
import type { ScheduleInfo } from './schedules';
import type { MetricFamily, SeriesSnapshot } from './series';
import { settingSetInput, type SettingInfo } from './settings';
import { modelDownloadInput, modelIdSchema, type DownloadInfo, type ModelRecommendation, type ModelsOverview } from './models';
import {
  BULK_ACTIONS,
  TASK_SORT_FIELDS,
  TASK_STATES,
  type BulkResult,
  type TaskActionResult,
  type TaskDetail,
  type TasksPage,
} from './tasks';

const none = z.object({}).strict();
/** An absolute path on the supervisor's machine; checked for existence by the supervisor. */
const pathSchema = z.string().trim().min(1, 'a path is required').max(4096);
const idSchema = z.number().int().positive();

export const MAX_WORKERS_LIMIT = 64;

const queueSchema = z.enum(QUEUES);
/** A job: its id, and its queue when known (ids can repeat across queues; alone, history resolves it). */
const taskRefSchema = z.object({ queue: queueSchema.optional(), id: z.string().min(1).max(256) }).strict();
/** BullMQ's priorities: 0 (none) or 1 (highest) to 2^21. */
const prioritySchema = z
  .number()
  .int()
  .min(0)
  .max(2 ** 21);
const taskSortSchema = z.enum([...TASK_SORT_FIELDS, ...TASK_SORT_FIELDS.map((field) => `-${field}` as const)]);
const taskQuerySchema = z.string().max(2000).default('');
const scheduleNameSchema = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'a schedule name is 1 to 64 letters, digits, "_", "." or "-"');
const workerIdSchema = z.string().min(1).max(64);
const lineSchema = z.number().int().min(1).max(100_000_000);
const pageSchema = z.number().int().min(1).max(1_000_000);
/** Passages a search by file may ask for per file. */
export const MAX_PASSAGES_PER_FILE = 10;

const searchQuerySchema = z
  .object({
    /** Words, `"phrases"` and filter syntax (`type:pdf path:reports/ after:2025-01-01`): see search-query.ts. */
    query: z.string().trim().min(1, 'a query is required').max(2000),
    k: z.number().int().min(1).max(100).default(10),
    mode: z.enum(SEARCH_MODES).default('hybrid'),
    filters: searchFiltersSchema.optional(),
  })
  .strict();

/** Input schema of every call. Names are namespaced `domain:verb`. */
export const apiInputs = {
  'app:info': none,
  'monitor:snapshot': none,
  'index:addFolder': z.object({ path: pathSchema }).strict(),
  'index:removeFolder': z.object({ id: idSchema }).strict(),
  'index:reindex': z.object({ id: idSchema }).strict(),
  /** A folder's failed and unsupported files with reasons; `index:reindex` retries the failed ones. */
  'index:problems': z.object({ id: idSchema, limit: z.number().int().min(1).max(5000).default(500) }).strict(),
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
  /** Autoscale on (`min`..`max` workers, idle ones stopped after `idleSeconds`) or off. Manual scaling turns it off. */
  'workers:autoscale': z
    .object({
      enabled: z.boolean(),
      min: z.number().int().min(0).max(MAX_WORKERS_LIMIT).optional(),
      max: z.number().int().min(1).max(MAX_WORKERS_LIMIT).optional(),
      idleSeconds: z.number().int().min(1).max(86_400).optional(),
    })
    .strict()
    .refine((input) => !input.enabled || (input.min !== undefined && input.max !== undefined && input.min <= input.max), {
      message: 'autoscale needs min and max, with min <= max',
      path: ['max'],
    }),
  'gpus:list': none,
  'queues:list': none,
  'queue:pause': none,
  'queue:resume': none,
  'broker:info': none,
  'search:query': searchQuerySchema,
  /** The same search, one entry per file (`k` files) with its best passages: see search-grouping.ts. */
  'search:files': searchQuerySchema
    .extend({ passages: z.number().int().min(1).max(MAX_PASSAGES_PER_FILE).default(PASSAGES_PER_FILE) })
    .strict(),
  /** The stored text around a line or PDF page of an indexed document (its chunk and the neighbours). */
  'documents:preview': z
    .object({
      path: pathSchema,
      line: lineSchema.optional(),
      page: pageSchema.optional(),
    })
    .strict(),
  'files:open': z
    .object({
      path: pathSchema,
      /** Where to open it (a search hit's first line or its PDF page), when an open command is set. */
      line: lineSchema.optional(),
      page: pageSchema.optional(),
    })
    .strict(),
  'files:reveal': z.object({ path: pathSchema }).strict(),
  'tasks:list': z
    .object({
      q: taskQuerySchema,
      state: z.array(z.enum(TASK_STATES)).max(TASK_STATES.length).optional(),
      limit: z.number().int().min(1).max(500).default(50),
      offset: z.number().int().min(0).max(10_000_000).default(0),
      sort: taskSortSchema.default('-addedAt'),
    })
    .strict(),
  'tasks:get': taskRefSchema,
  'tasks:retry': taskRefSchema,
  'tasks:cancel': taskRefSchema,
  'tasks:abort': taskRefSchema,
  'tasks:promote': taskRefSchema,
  'tasks:priority': taskRefSchema.extend({ priority: prioritySchema }).strict(),
  'tasks:bulk': z
    .object({
      action: z.enum(BULK_ACTIONS),
      q: taskQuerySchema,
      state: z.array(z.enum(TASK_STATES)).max(TASK_STATES.length).optional(),
      priority: prioritySchema.optional(),
      limit: z.number().int().min(1).max(10_000).default(1_000),
    })
    .strict()
    .refine((input) => input.action !== 'priority' || input.priority !== undefined, {
      message: 'the priority action needs a priority',
      path: ['priority'],
    }),
  'queues:pause': z.object({ name: queueSchema }).strict(),
  'queues:resume': z.object({ name: queueSchema }).strict(),
  'workers:restart': z.object({ id: workerIdSchema }).strict(),
  'workers:stop': z.object({ id: workerIdSchema }).strict(),
  'schedules:list': none,
  'schedules:upsert': z
    .object({
      name: scheduleNameSchema,
      pattern: z
        .string()
        .max(120)
        .refine((pattern) => cronProblem(pattern) === null, { error: (issue) => cronProblem(String(issue.input)) ?? 'bad pattern' }),
      tz: z.string().min(1).max(64).optional(),
      task: z.enum([SYSTEM_JOBS.cleanup, SYSTEM_JOBS.ping]).default(SYSTEM_JOBS.cleanup),
      /** The cleanup's retention in days. */
      retentionDays: z.number().int().min(1).max(3650).optional(),
    })
    .strict(),
  'schedules:remove': z.object({ name: scheduleNameSchema }).strict(),
  'schedules:run': z.object({ name: scheduleNameSchema }).strict(),
  'series:get': none,
  'metrics:get': none,
  /** The models list: built-in, SEMANTIK_MODEL_DIR, the models folder; the active one, a switch in progress, downloads. */
  'models:list': none,
  /** Downloads a sentence-transformers ONNX model from the hub (SEMANTIK_HF_ENDPOINT) into the models folder. */
  'models:download': modelDownloadInput,
  'models:downloads': none,
  'models:cancelDownload': z.object({ id: modelIdSchema }).strict(),
  /** Switches to a model: re-embeds in the background, search stays on the active model until done. */
  'models:activate': z.object({ id: modelIdSchema }).strict(),
  /** Whether the hub is reachable and which real model to download (first run). */
  'models:recommendation': none,
  /** Every user-editable setting: effective value, where it comes from, what settings.json holds. */
  'settings:list': none,
  /** Writes one setting to settings.json (null removes it) after the start-up parsers accept it. */
  'settings:set': settingSetInput,
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
  'index:problems': FileProblem[];
  'jobs:list': JobsPage;
  'jobs:retry': { retried: boolean };
  'workers:list': WorkerInfo[];
  'workers:scale': { target: number };
  'workers:autoscale': AutoscaleInfo;
  'gpus:list': GpuInfo[];
  'queues:list': QueueCounts[];
  'queue:pause': { paused: boolean };
  'queue:resume': { paused: boolean };
  'broker:info': BrokerInfo | null;
  'search:query': SearchHit[];
  'search:files': FileSearchHit[];
  'documents:preview': DocumentPreview;
  /** `message` when the file was shown in its folder instead (opening it could have run it). */
  'files:open': { ok: boolean; message?: string };
  'files:reveal': { ok: boolean };
  'tasks:list': TasksPage;
  'tasks:get': TaskDetail;
  'tasks:retry': TaskActionResult;
  'tasks:cancel': TaskActionResult;
  'tasks:abort': TaskActionResult;
  'tasks:promote': TaskActionResult;
  'tasks:priority': TaskActionResult;
  'tasks:bulk': BulkResult;
  'queues:pause': { name: string; paused: boolean };
  'queues:resume': { name: string; paused: boolean };
  'workers:restart': { workerId: string; state: string };
  'workers:stop': { workerId: string; state: string };
  'schedules:list': ScheduleInfo[];
  'schedules:upsert': ScheduleInfo;
  'schedules:remove': { removed: boolean };
  'schedules:run': { ref: string };
  'series:get': SeriesSnapshot;
  'metrics:get': MetricFamily[];
  'models:list': ModelsOverview;
  'models:download': DownloadInfo;
  'models:downloads': DownloadInfo[];
  'models:cancelDownload': DownloadInfo;
  'models:activate': ModelsOverview;
  'models:recommendation': ModelRecommendation;
  'settings:list': SettingInfo[];
  'settings:set': SettingInfo;
}

/** Events pushed by the supervisor. `monitor:update` is coalesced to about ten a second. */
export interface ApiEvents {
  'monitor:update': MonitorSnapshot;
  'folder:finished': { folderId: number; path: string; indexed: number; failed: number };
  /** Models, the switch in progress and download progress changed (at most four a second). */
  'models:changed': ModelsOverview;
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
  'workers:autoscale',
  'queue:pause',
  'queue:resume',
  'files:open',
  'files:reveal',
  'tasks:retry',
  'tasks:cancel',
  'tasks:abort',
  'tasks:promote',
  'tasks:priority',
  'tasks:bulk',
  'queues:pause',
  'queues:resume',
  'workers:restart',
  'workers:stop',
  'schedules:upsert',
  'schedules:remove',
  'schedules:run',
  'models:download',
  'models:cancelDownload',
  'models:activate',
  'settings:set',
]);

export function isApiCall(name: string): name is ApiCall {
  return Object.prototype.hasOwnProperty.call(apiInputs, name);
}
