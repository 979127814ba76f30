/**
 * The tasks view's filter controls and search box as one `tasks:list` query (pure: unit-tested in
 * Node). The controls write the same query language a person types, so what the box accepts and
 * what the controls do cannot drift apart.
 */
import { formatTaskQuery, parseTaskQuery, type TaskFilter } from '../../shared/task-query';
import { ACTION_STATES, TASK_STATES, type BulkAction, type TaskState } from '../../shared/tasks';

/** Time-range presets: an age the query language understands, or a custom range. */
export const TIME_RANGES = ['', '15m', '1h', '24h', '7d', 'custom'] as const;
export type TimeRange = (typeof TIME_RANGES)[number];

/** What the controls hold; empty strings filter nothing. */
export interface TaskForm {
  /** The search box as last submitted: query language plus free text. */
  query: string;
  /** Job name (type): `extract`, `embed`, ... */
  name: string;
  queue: string;
  /** A folder: its jobs and those of its subfolders. */
  folder: string;
  worker: string;
  /** A device or its prefix: `cpu`, `sim`, `cuda:0`. */
  device: string;
  range: TimeRange;
  /** With `range: 'custom'`: `YYYY-MM-DDTHH:MM` (local time), as a datetime-local input gives it. */
  after: string;
  before: string;
}

/** Controls with nothing set. */
export const EMPTY_TASK_FORM: TaskForm = {
  query: '',
  name: '',
  queue: '',
  folder: '',
  worker: '',
  device: '',
  range: '',
  after: '',
  before: '',
};

/** The state tab: one state, or every state. */
export type StateTab = TaskState | 'all';

/** The query the controls describe (without the search box). */
export function controlsFilter(form: TaskForm): TaskFilter {
  const filter: TaskFilter = {};
  const one = (value: string): string[] | undefined => (value.trim() === '' ? undefined : [value.trim()]);
  const names = one(form.name);
  const queues = one(form.queue);
  const folders = one(form.folder);
  const workers = one(form.worker);
  const devices = one(form.device);
  if (names) filter.names = names;
  if (queues) filter.queues = queues;
  if (folders) filter.folders = folders;
  if (workers) filter.workers = workers;
  if (devices) filter.devices = devices;
  return filter;
}

/** The time range as query terms (ages and local times, which the server reads in its time zone). */
function rangeTerms(form: TaskForm): string[] {
  if (form.range === '') return [];
  if (form.range !== 'custom') return [`after:${form.range}`];
  const terms: string[] = [];
  if (form.after.trim() !== '') terms.push(`after:${form.after.trim()}`);
  if (form.before.trim() !== '') terms.push(`before:${form.before.trim()}`);
  return terms;
}

/** The `q` of `tasks:list`: the controls' terms, the time range, then the search box as typed. */
export function formQuery(form: TaskForm): string {
  return [formatTaskQuery(controlsFilter(form)), ...rangeTerms(form), form.query.trim()].filter((part) => part !== '').join(' ');
}

/** What is wrong with a query as typed (empty when the server will accept it). */
export function queryProblems(query: string): string[] {
  return parseTaskQuery(query).errors;
}

/** The `state` input of `tasks:list` for a tab. */
export function tabStates(tab: StateTab): TaskState[] | undefined {
  return tab === 'all' ? undefined : [tab];
}

/**
 * The count of each state as the tabs show it: the server counts every state under the query's
 * other filters; a `state:` term in the query leaves the other states with nothing to list, so
 * they count 0, and every tab's count is the number of rows it lists.
 */
export function visibleCounts(counts: Record<TaskState, number> | null, q: string): Record<TaskState, number> | null {
  if (counts === null) return null;
  const states = parseTaskQuery(q).filter.states;
  if (states === undefined) return counts;
  const out = { ...counts };
  for (const state of TASK_STATES) if (!states.includes(state)) out[state] = 0;
  return out;
}

/**
 * How many listed jobs an action would touch: the counts of the states it applies to, within the
 * state tab's states.
 */
export function bulkTargets(
  action: BulkAction,
  counts: Record<TaskState, number> | null,
  tabStates: readonly TaskState[] | undefined,
): number {
  if (counts === null) return 0;
  const states = tabStates ?? TASK_STATES;
  return ACTION_STATES[action].filter((state) => states.includes(state)).reduce((sum, state) => sum + counts[state], 0);
}
