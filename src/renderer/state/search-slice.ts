/**
 * Search: the query, its results, and opening or revealing a result's file.
 */
import type { SearchHit } from '../../shared/monitor-types';
import { api, describeError } from './api-ref';
import { appActions } from './app-slice';
import { createSlice } from './create-slice';

/** Results asked for per query. */
export const SEARCH_RESULTS = 10;

interface SearchState {
  query: string;
  results: SearchHit[] | null;
  searching: boolean;
  error: string | null;
}

const slice = createSlice<SearchState>({ query: '', results: null, searching: false, error: null });
let generation = 0;

/** Reads the search state. */
export const useSearch = slice.use;

/** Search actions. */
export const searchActions = {
  async search(query: string): Promise<void> {
    const mine = ++generation;
    slice.set({ query, searching: true, error: null });
    try {
      const results = await api().invoke('search:query', { query, k: SEARCH_RESULTS });
      if (mine === generation) slice.set({ results, searching: false });
    } catch (error) {
      if (mine === generation) slice.set({ results: null, searching: false, error: describeError(error) });
    }
  },
  async open(path: string): Promise<void> {
    try {
      await api().invoke('files:open', { path });
    } catch (error) {
      appActions.reportError(`Opening ${path}`, error);
    }
  },
  async reveal(path: string): Promise<void> {
    try {
      await api().invoke('files:reveal', { path });
    } catch (error) {
      appActions.reportError(`Showing ${path} in its folder`, error);
    }
  },
};
