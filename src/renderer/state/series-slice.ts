/**
 * The live series (`series:get`: throughput, failure rate, GPU and broker measures over the last
 * minutes), polled once a second while a view that charts them is on screen, and not otherwise.
 */
import type { SeriesSnapshot } from '../../shared/series';
import { api, describeError } from './api-ref';
import { createSlice } from './create-slice';

/** How often the series are fetched while shown (the supervisor samples once a second). */
export const SERIES_POLL_MS = 1_000;

interface SeriesState {
  series: SeriesSnapshot | null;
  error: string | null;
}

const slice = createSlice<SeriesState>({ series: null, error: null });
let watchers = 0;
let timer: ReturnType<typeof setTimeout> | null = null;

/** Reads the series. */
export const useSeries = slice.use;

async function poll(): Promise<void> {
  timer = null;
  try {
    const series = await api().invoke('series:get', {});
    slice.set({ series, error: null });
  } catch (error) {
    slice.set({ error: `Loading the charts' data failed: ${describeError(error)}` });
  }
  if (watchers > 0 && timer === null) timer = setTimeout(() => void poll(), SERIES_POLL_MS);
}

/** Series actions. */
export const seriesActions = {
  /** Starts polling for one more view; the returned function stops it (a React effect's cleanup). */
  watch(): () => void {
    watchers += 1;
    if (watchers === 1 && timer === null) void poll();
    return () => {
      watchers -= 1;
      if (watchers === 0 && timer !== null) {
        clearTimeout(timer);
        timer = null;
      }
    };
  },
};
