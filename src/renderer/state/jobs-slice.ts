/**
 * The jobs panel's data: pages of `jobs:list` fetched for the rows in view only, so tens of
 * thousands of jobs cost what one screen costs. Visible pages are refreshed when monitor updates
 * arrive, at most once a second, rather than polled row by row.
 */
import type { JobRow } from '../../shared/monitor-types';
import type { ApiInput } from '../../shared/api';
import { api, describeError } from './api-ref';
import { createSlice } from './create-slice';

/** Rows per `jobs:list` call (the contract allows up to 500). */
export const JOBS_PAGE_SIZE = 100;
/** Shortest interval between two refreshes of the visible pages. */
export const JOBS_REFRESH_MS = 1_000;

/** The filter of the jobs panel. */
export type JobFilter = NonNullable<ApiInput<'jobs:list'>['state']>;

interface JobsState {
  filter: JobFilter;
  total: number;
  pages: Record<number, JobRow[]>;
  error: string | null;
  loaded: boolean;
}

const slice = createSlice<JobsState>({ filter: 'all', total: 0, pages: {}, error: null, loaded: false });
let visible: [number, number] = [0, 0];
const inFlight = new Set<number>();
let lastRefresh = 0;
let refreshTimer: ReturnType<typeof setTimeout> | null = null;

/** Reads the jobs panel's state. */
export const useJobs = slice.use;

/** The row at an index, if its page is loaded. */
export function jobAt(pages: Record<number, JobRow[]>, index: number): JobRow | undefined {
  return pages[Math.floor(index / JOBS_PAGE_SIZE)]?.[index % JOBS_PAGE_SIZE];
}

/** Jobs actions. */
export const jobActions = {
  setFilter(filter: JobFilter): void {
    slice.set({ filter, pages: {}, total: 0, loaded: false });
    void fetchPage(0, true);
  },
  /** Called by the virtual list with the rows on screen; loads the pages they fall in. */
  showRange(start: number, end: number): void {
    visible = [start, end];
    for (const page of pagesOf(start, end)) if (slice.get().pages[page] === undefined) void fetchPage(page, false);
  },
  /** Refreshes the rows in view (throttled); called on each monitor update. */
  refresh(): void {
    if (refreshTimer !== null) return;
    const wait = Math.max(0, lastRefresh + JOBS_REFRESH_MS - Date.now());
    refreshTimer = setTimeout(() => {
      refreshTimer = null;
      lastRefresh = Date.now();
      for (const page of pagesOf(visible[0], visible[1])) void fetchPage(page, true);
    }, wait);
  },
};

function pagesOf(start: number, end: number): number[] {
  const pages: number[] = [];
  for (let page = Math.floor(start / JOBS_PAGE_SIZE); page <= Math.floor(Math.max(start, end) / JOBS_PAGE_SIZE); page++) pages.push(page);
  return pages;
}

async function fetchPage(page: number, force: boolean): Promise<void> {
  if (inFlight.has(page) || (!force && slice.get().pages[page] !== undefined)) return;
  inFlight.add(page);
  const filter = slice.get().filter;
  try {
    const result = await api().invoke('jobs:list', { state: filter, limit: JOBS_PAGE_SIZE, offset: page * JOBS_PAGE_SIZE });
    // A reply for a filter the user has since left is dropped.
    if (slice.get().filter !== filter) return;
    slice.set((state) => ({ total: result.total, pages: { ...state.pages, [page]: result.jobs }, error: null, loaded: true }));
  } catch (error) {
    slice.set({ error: `Loading jobs failed: ${describeError(error)}`, loaded: true });
  } finally {
    inFlight.delete(page);
  }
}
