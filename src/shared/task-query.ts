/**
 * The tasks view's query language, parsed by a pure function shared by the supervisor, the web
 * monitor's HTTP API and the renderer:
 *
 *   state:failed worker:w2 name:embed folder:/data device:cpu after:2025-01-01 before:2h timeout
 *
 * `key:value` terms filter (a comma list means any of them; repeating a key narrows); `"quoted
 * values"` may hold spaces; every other word is free text searched in the job's name, data,
 * result and error. Times: `YYYY-MM-DD[THH:MM[:SS]]` (local time unless it names a zone), an epoch
 * in milliseconds, `today`, `yesterday`, or an age like `30m`, `2h`, `7d` (that long ago).
 */
import { TASK_STATES, type TaskState } from './tasks';

/** A parsed filter; absent fields do not filter. Lists mean "any of". */
export interface TaskFilter {
  states?: TaskState[];
  names?: string[];
  queues?: string[];
  workers?: string[];
  /** Prefix match: `cpu`, `cuda:0`, `sim`. */
  devices?: string[];
  /** Prefix match on the job's folder: a folder matches its subfolders' jobs. */
  folders?: string[];
  ids?: string[];
  /** Added at or after (epoch ms). */
  after?: number;
  /** Added before (epoch ms). */
  before?: number;
  /** Free-text terms (each a word or a quoted phrase), all of which must match. */
  text?: string[];
}

/** The result of parsing: the filter and what could not be understood. */
export interface ParsedTaskQuery {
  filter: TaskFilter;
  errors: string[];
}

type ListKey = 'states' | 'names' | 'queues' | 'workers' | 'devices' | 'folders' | 'ids';

const LIST_KEYS: Record<string, ListKey> = {
  state: 'states',
  status: 'states',
  name: 'names',
  type: 'names',
  task: 'names',
  queue: 'queues',
  worker: 'workers',
  device: 'devices',
  folder: 'folders',
  id: 'ids',
};

const STATE_ALIASES: Record<string, TaskState> = {
  prioritised: 'prioritized',
  canceled: 'cancelled',
  running: 'active',
  queued: 'waiting',
  children: 'waiting-children',
  succeeded: 'completed',
  done: 'completed',
  error: 'failed',
};

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `key:value`, `key:"quoted value"`, `"a phrase"`, or a bare word. */
const TOKEN = /([A-Za-z]+):(?:"([^"]*)"|(\S*))|"([^"]*)"|(\S+)/g;

/** Parses a query; never throws (problems are listed in `errors`). `now` makes it pure. */
export function parseTaskQuery(query: string, now: number = Date.now()): ParsedTaskQuery {
  const filter: TaskFilter = {};
  const errors: string[] = [];
  for (const match of query.matchAll(TOKEN)) {
    const [, rawKey, quotedValue, plainValue, phrase, word] = match;
    if (phrase !== undefined) {
      if (phrase.trim()) (filter.text ??= []).push(phrase.trim());
      continue;
    }
    if (word !== undefined) {
      (filter.text ??= []).push(word);
      continue;
    }
    const key = (rawKey ?? '').toLowerCase();
    const value = quotedValue ?? plainValue ?? '';
    if (key === 'after' || key === 'before' || key === 'since' || key === 'until') {
      const at = parseTime(value, now);
      if (at === null) errors.push(`${key}: "${value}" is not a time (examples: 2025-01-31, 2025-01-31T08:00, 2h, 7d, today)`);
      else if (key === 'after' || key === 'since') filter.after = Math.max(filter.after ?? -Infinity, at);
      else filter.before = Math.min(filter.before ?? Infinity, at);
      continue;
    }
    const listKey = LIST_KEYS[key];
    if (!listKey) {
      // Not a filter key (e.g. `ENOENT:` in an error message): search for it as text.
      (filter.text ??= []).push(match[0]);
      continue;
    }
    // A quoted value is one value, commas and all (a folder may have a comma in its name).
    const values = (quotedValue !== undefined ? [value] : value.split(',')).map((one) => one.trim()).filter(Boolean);
    if (values.length === 0) {
      errors.push(`${key}: needs a value`);
      continue;
    }
    if (listKey === 'states') {
      const states: TaskState[] = [];
      for (const one of values) {
        const state = toState(one);
        if (state) states.push(state);
        else errors.push(`state: "${one}" is not one of ${TASK_STATES.join(', ')}`);
      }
      if (states.length > 0) filter.states = intersect(filter.states, states);
      continue;
    }
    filter[listKey] = intersect(filter[listKey], values);
  }
  return { filter, errors };
}

/** Both filters at once (used to narrow a query by the view's state tabs or URL parameters). */
export function mergeTaskFilters(a: TaskFilter, b: TaskFilter): TaskFilter {
  const out: TaskFilter = { ...a };
  for (const key of ['states', 'names', 'queues', 'workers', 'devices', 'folders', 'ids'] as const) {
    const other = b[key];
    if (other) (out as Record<ListKey, string[] | undefined>)[key] = intersect(out[key] as string[] | undefined, other);
  }
  if (b.after !== undefined) out.after = Math.max(out.after ?? -Infinity, b.after);
  if (b.before !== undefined) out.before = Math.min(out.before ?? Infinity, b.before);
  if (b.text) out.text = [...(out.text ?? []), ...b.text];
  return out;
}

/** The query text of a filter (times as epoch ms): round-trips through parseTaskQuery. */
export function formatTaskQuery(filter: TaskFilter): string {
  const parts: string[] = [];
  const quote = (value: string): string => (/[\s",]/.test(value) ? `"${value.replace(/"/g, '')}"` : value);
  const keys: Array<[string, string[] | undefined]> = [
    ['state', filter.states],
    ['name', filter.names],
    ['queue', filter.queues],
    ['worker', filter.workers],
    ['device', filter.devices],
    ['folder', filter.folders],
    ['id', filter.ids],
  ];
  for (const [key, values] of keys) {
    if (values && values.length > 0) parts.push(`${key}:${values.map(quote).join(',')}`);
  }
  if (filter.after !== undefined) parts.push(`after:${filter.after}`);
  if (filter.before !== undefined) parts.push(`before:${filter.before}`);
  for (const term of filter.text ?? []) parts.push(/\s/.test(term) ? `"${term.replace(/"/g, '')}"` : term);
  return parts.join(' ');
}

function toState(value: string): TaskState | null {
  const lower = value.toLowerCase();
  if ((TASK_STATES as readonly string[]).includes(lower)) return lower as TaskState;
  return STATE_ALIASES[lower] ?? null;
}

/** Values in both lists (the first list absent means "anything"); order of `next` is kept. */
function intersect<T extends string>(current: T[] | undefined, next: T[]): T[] {
  const unique = [...new Set(next)];
  if (current === undefined) return unique;
  return unique.filter((value) => current.includes(value));
}

/** Epoch ms of a time term, or null. */
export function parseTime(value: string, now: number): number | null {
  const text = value.trim().toLowerCase();
  if (text === 'now') return now;
  if (text === 'today' || text === 'yesterday') {
    const day = new Date(now);
    day.setHours(0, 0, 0, 0);
    if (text === 'yesterday') day.setDate(day.getDate() - 1);
    return day.getTime();
  }
  const age = /^(\d+(?:\.\d+)?)(s|m|h|d|w)$/.exec(text);
  // The unit is one of UNIT_MS's keys: the pattern admits no other.
  if (age) return now - Math.round(Number(age[1]) * UNIT_MS[age[2]!]!);
  if (/^\d{10,}$/.test(text)) return Number(text);
  const local = /^(\d{4})-(\d{2})-(\d{2})(?:[t ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  if (local) {
    const [, y, mo, d, h, mi, s] = local;
    const date = new Date(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0));
    return Number.isNaN(date.getTime()) || date.getMonth() !== Number(mo) - 1 ? null : date.getTime();
  }
  // With an explicit zone (Z or ±hh:mm), Date.parse is exact.
  if (/^\d{4}-\d{2}-\d{2}t[\d:.]+(z|[+-]\d{2}:?\d{2})$/.test(text)) {
    const at = Date.parse(value.trim());
    return Number.isNaN(at) ? null : at;
  }
  return null;
}
