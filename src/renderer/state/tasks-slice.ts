/**
 * The tasks view: the query (controls, search box, state tab, sort), the columns shown, and the
 * pages of `tasks:list` fetched for the rows on screen only, so a million recorded jobs cost what
 * one screen costs. The counts per state come with every page, under the same filter.
 */
import type { TaskSortField, TaskRow, TaskState } from '../../shared/tasks';
import { api, describeError } from './api-ref';
import { createSlice } from './create-slice';
import { DEFAULT_COLUMNS, normalizeColumns, type TaskColumn } from './task-columns';
import { EMPTY_TASK_FORM, formQuery, queryProblems, tabStates, visibleCounts, type StateTab, type TaskForm } from './task-form';

const COLUMNS_KEY = 'semantik.tasks.columns';

/** The columns saved in the browser, or the defaults. */
function loadColumns(): TaskColumn[] {
  try {
    const raw = window.localStorage.getItem(COLUMNS_KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : null;
    if (Array.isArray(parsed) && parsed.every((item) => typeof item === 'string')) return normalizeColumns(parsed);
  } catch {
    // Storage unavailable (a locked-down browser) or garbled: the defaults will do.
  }
  return [...DEFAULT_COLUMNS];
}

/** Saves the choice; a browser that refuses storage keeps it for this page only. */
function saveColumns(columns: readonly TaskColumn[]): void {
  try {
    window.localStorage.setItem(COLUMNS_KEY, JSON.stringify(columns));
  } catch {
    // Storage refused (private mode, quota): the choice lives in the slice until the page closes.
  }
}

/** Rows per `tasks:list` call (the contract allows up to 500). */
export const TASKS_PAGE_SIZE = 100;
/** Shortest interval between two refreshes of the rows in view. */
export const TASKS_REFRESH_MS = 1_000;

/** A sort: a field, descending with a leading `-`. */
export type TaskSort = TaskSortField | `-${TaskSortField}`;

interface TasksState {
  form: TaskForm;
  tab: StateTab;
  sort: TaskSort;
  columns: TaskColumn[];
  /** The `q` of the rows shown (the form as applied). */
  q: string;
  /** Bumped when the query changes; a reply for an older one is dropped. */
  generation: number;
  /** The generation whose first page is in. */
  loadedGeneration: number;
  total: number;
  counts: Record<TaskState, number> | null;
  pages: Record<number, TaskRow[]>;
  tookMs: number | null;
  error: string | null;
  /** Problems of the search box's query, found before sending it. */
  queryError: string | null;
}

const slice = createSlice<TasksState>({
  form: EMPTY_TASK_FORM,
  tab: 'all',
  sort: '-addedAt',
  columns: loadColumns(),
  q: '',
  generation: 0,
  loadedGeneration: -1,
  total: 0,
  counts: null,
  pages: {},
  tookMs: null,
  error: null,
  queryError: null,
});
let visible: [number, number] = [0, 0];
/** Whether the table is on screen: refreshes are skipped while another view shows. */
let mounted = false;
const inFlight = new Set<string>();
let lastRefresh = 0;
let refreshTimer: ReturnType<typeof setTimeout> | null = null;
let typingTimer: ReturnType<typeof setTimeout> | null = null;

/** Reads the tasks view's state. */
export const useTasks = slice.use;

/** The row at an index, if its page is loaded. */
export function taskAt(pages: Record<number, TaskRow[]>, index: number): TaskRow | undefined {
  return pages[Math.floor(index / TASKS_PAGE_SIZE)]?.[index % TASKS_PAGE_SIZE];
}

/** The counts per state of the current query, as the tabs show them (see visibleCounts). */
export function useStateCounts(): Record<TaskState, number> | null {
  const counts = slice.use((state) => state.counts);
  const q = slice.use((state) => state.q);
  return visibleCounts(counts, q);
}

/** The `q` and `state` the view lists now (bulk actions apply to the same selection). */
export function currentSelection(): { q: string; state: TaskState[] | undefined } {
  const { q, tab } = slice.get();
  return { q, state: tabStates(tab) };
}

/** Tasks view actions. */
export const taskActions = {
  /** The table appeared: load the first page of the current query. */
  attach(): void {
    mounted = true;
    reload();
  },
  detach(): void {
    mounted = false;
  },
  /** Changes filter controls and applies them, at once or once typing pauses for `delayMs`. */
  setControls(change: Partial<Omit<TaskForm, 'query'>>, delayMs = 0): void {
    slice.set((state) => ({ form: { ...state.form, ...change } }));
    if (typingTimer !== null) clearTimeout(typingTimer);
    typingTimer = null;
    if (delayMs === 0) reload();
    else
      typingTimer = setTimeout(() => {
        typingTimer = null;
        reload();
      }, delayMs);
  },
  /** Applies the search box's text; refused with the reason when it does not parse. */
  search(query: string): void {
    const problems = queryProblems(query);
    if (problems.length > 0) {
      slice.set({ queryError: problems.join('; ') });
      return;
    }
    slice.set((state) => ({ form: { ...state.form, query }, queryError: null }));
    reload();
  },
  /** Lists the jobs a query selects from a fresh form (the workers view's "tasks of w2"). */
  showQuery(query: string): void {
    slice.set({ form: { ...EMPTY_TASK_FORM, query }, tab: 'all', queryError: null });
    if (mounted) reload();
  },
  /** Clears every filter and the search. */
  clear(): void {
    slice.set({ form: EMPTY_TASK_FORM, tab: 'all', queryError: null });
    reload();
  },
  setTab(tab: StateTab): void {
    slice.set({ tab });
    reload();
  },
  /** Sorts by a column's field; the same field again flips the direction. */
  sortBy(field: TaskSortField): void {
    const current = slice.get().sort;
    const sort: TaskSort = current === `-${field}` ? field : `-${field}`;
    slice.set({ sort });
    reload();
  },
  /** Shows or hides a column; the choice is kept in the browser. */
  toggleColumn(column: TaskColumn): void {
    const current = slice.get().columns;
    const columns = normalizeColumns(current.includes(column) ? current.filter((one) => one !== column) : [...current, column]);
    saveColumns(columns);
    slice.set({ columns });
  },
  /** Called by the virtual list with the rows on screen; loads the pages they fall in. */
  showRange(start: number, end: number): void {
    visible = [start, end];
    for (const page of pagesOf(start, end)) if (slice.get().pages[page] === undefined) void fetchPage(page, false);
  },
  /** Refreshes the rows in view (throttled); called on each monitor update and after actions. */
  refresh(): void {
    if (!mounted || refreshTimer !== null) return;
    // A slow query (a huge history, a broad text search) is refreshed less often.
    const interval = Math.max(TASKS_REFRESH_MS, 3 * (slice.get().tookMs ?? 0));
    const wait = Math.max(0, lastRefresh + interval - Date.now());
    refreshTimer = setTimeout(() => {
      refreshTimer = null;
      lastRefresh = Date.now();
      for (const page of pagesOf(visible[0], visible[1])) void fetchPage(page, true);
    }, wait);
  },
};

/** Starts over with the current form, tab and sort: new generation, first page. */
function reload(): void {
  slice.set((state) => ({ q: formQuery(state.form), generation: state.generation + 1, pages: {}, error: null }));
  visible = [0, 0];
  void fetchPage(0, true);
}

function pagesOf(start: number, end: number): number[] {
  const pages: number[] = [];
  for (let page = Math.floor(start / TASKS_PAGE_SIZE); page <= Math.floor(Math.max(start, end) / TASKS_PAGE_SIZE); page++) pages.push(page);
  return pages;
}

async function fetchPage(page: number, force: boolean): Promise<void> {
  const { q, tab, sort, generation, pages } = slice.get();
  const key = `${generation}:${page}`;
  if (inFlight.has(key) || (!force && pages[page] !== undefined)) return;
  inFlight.add(key);
  try {
    const state = tabStates(tab);
    const result = await api().invoke('tasks:list', {
      q,
      ...(state ? { state } : {}),
      limit: TASKS_PAGE_SIZE,
      offset: page * TASKS_PAGE_SIZE,
      sort,
    });
    // A reply for a query the person has since changed is dropped.
    if (slice.get().generation !== generation) return;
    slice.set((current) => ({
      total: result.total,
      counts: result.counts,
      pages: { ...current.pages, [page]: result.tasks },
      tookMs: result.tookMs,
      loadedGeneration: generation,
      error: null,
    }));
  } catch (error) {
    if (slice.get().generation === generation)
      slice.set({ error: `Loading tasks failed: ${describeError(error)}`, loadedGeneration: generation });
  } finally {
    inFlight.delete(key);
  }
}
