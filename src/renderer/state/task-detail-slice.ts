/**
 * The task detail drawer: the job shown, its `tasks:get` detail (refreshed while it is open), and
 * the actions on it (retry, cancel, abort, promote, priority).
 */
import { QUEUES, type QueueName } from '../../shared/jobs';
import { assertNever } from '../../shared/errors';
import { splitTaskRef, type BulkAction, type TaskActionResult, type TaskDetail } from '../../shared/tasks';
import { api, describeError } from './api-ref';
import { appActions } from './app-slice';
import { createSlice } from './create-slice';
import { navActions } from './nav-slice';
import { taskActions } from './tasks-slice';

/** Shortest interval between two refreshes of the open detail. */
const DETAIL_REFRESH_MS = 1_000;

interface DetailState {
  /** The job shown (`queue:id`), or null when the drawer is closed. */
  ref: string | null;
  detail: TaskDetail | null;
  error: string | null;
  /** The action in flight. */
  busy: BulkAction | null;
  /** What the last action did (the server's message). */
  message: string | null;
}

const slice = createSlice<DetailState>({ ref: null, detail: null, error: null, busy: null, message: null });
let lastRefresh = 0;
let refreshTimer: ReturnType<typeof setTimeout> | null = null;

/** Reads the detail drawer's state. */
export const useTaskDetail = slice.use;

function keyOf(ref: string): { queue: QueueName; id: string } | null {
  const parts = splitTaskRef(ref);
  const queue = QUEUES.find((name) => name === parts?.queue);
  return parts && queue ? { queue, id: parts.id } : null;
}

/** Detail drawer actions. */
export const taskDetailActions = {
  /** Opens a job's detail (a row, a parent or child link). */
  async open(ref: string): Promise<void> {
    slice.set({ ref, detail: slice.get().ref === ref ? slice.get().detail : null, error: null, message: null });
    navActions.showTask(ref);
    await load(ref);
  },
  close(): void {
    slice.set({ ref: null, detail: null, error: null, message: null });
    navActions.showTask(null);
  },
  /** The job whose detail is open, or null. */
  current(): string | null {
    return slice.get().ref;
  },
  /** Reloads the open detail (throttled); called on each monitor update. */
  refresh(): void {
    if (slice.get().ref === null || refreshTimer !== null) return;
    const wait = Math.max(0, lastRefresh + DETAIL_REFRESH_MS - Date.now());
    refreshTimer = setTimeout(() => {
      refreshTimer = null;
      lastRefresh = Date.now();
      const ref = slice.get().ref;
      if (ref !== null) void load(ref);
    }, wait);
  },
  /** Runs an action on the open job, then reloads it and the list. */
  async act(action: BulkAction, priority?: number): Promise<void> {
    const ref = slice.get().ref;
    const key = ref === null ? null : keyOf(ref);
    if (ref === null || key === null) return;
    slice.set({ busy: action, message: null });
    try {
      const result = await runAction(action, key, priority ?? 0);
      slice.set({ message: result.message });
    } catch (error) {
      appActions.reportError(`${action} ${ref}`, error);
    } finally {
      slice.set({ busy: null });
    }
    await load(ref);
    taskActions.refresh();
  },
};

function runAction(action: BulkAction, key: { queue: QueueName; id: string }, priority: number): Promise<TaskActionResult> {
  switch (action) {
    case 'retry':
      return api().invoke('tasks:retry', key);
    case 'cancel':
      return api().invoke('tasks:cancel', key);
    case 'abort':
      return api().invoke('tasks:abort', key);
    case 'promote':
      return api().invoke('tasks:promote', key);
    case 'priority':
      return api().invoke('tasks:priority', { ...key, priority });
    default:
      return assertNever(action, 'task action');
  }
}

async function load(ref: string): Promise<void> {
  const key = keyOf(ref);
  if (key === null) {
    slice.set({ error: `Not a job reference: ${ref}` });
    return;
  }
  try {
    const detail = await api().invoke('tasks:get', key);
    // The drawer may have moved to another job meanwhile.
    if (slice.get().ref === ref) slice.set({ detail, error: null });
  } catch (error) {
    if (slice.get().ref === ref) slice.set({ error: describeError(error) });
  }
}
