/**
 * Search: the query, the filter controls, the results, and opening or revealing a result's file.
 */
import type { SearchHit } from '../../shared/monitor-types';
import { api, describeError } from './api-ref';
import { appActions } from './app-slice';
import { createSlice } from './create-slice';
import { EMPTY_SEARCH_FORM, formFilters, type SearchForm } from './search-form';

/** Results asked for per query. */
export const SEARCH_RESULTS = 10;

interface SearchState {
  /** The last query searched ('' before the first). */
  query: string;
  form: SearchForm;
  results: SearchHit[] | null;
  searching: boolean;
  error: string | null;
}

const slice = createSlice<SearchState>({ query: '', form: EMPTY_SEARCH_FORM, results: null, searching: false, error: null });
let generation = 0;

/** Reads the search state. */
export const useSearch = slice.use;

/** Search actions. */
export const searchActions = {
  async search(query: string): Promise<void> {
    const mine = ++generation;
    const { form } = slice.get();
    slice.set({ query, searching: true, error: null });
    try {
      const results = await api().invoke('search:query', { query, k: SEARCH_RESULTS, mode: form.mode, filters: formFilters(form) });
      if (mine === generation) slice.set({ results, searching: false });
    } catch (error) {
      if (mine === generation) slice.set({ results: null, searching: false, error: describeError(error) });
    }
  },
  /** Changes a filter control; `rerun` searches the last query again with it (dates, mode). */
  setForm(change: Partial<SearchForm>, rerun = false): void {
    slice.set((state) => ({ form: { ...state.form, ...change } }));
    const { query } = slice.get();
    if (rerun && query.trim() !== '') void searchActions.search(query);
  },
  /** Opens a file, at a hit's page or first line where an open command can be told (SEMANTIK_OPEN_COMMAND). */
  async open(path: string, place: { line?: number; page?: number } = {}): Promise<void> {
    try {
      const result = await api().invoke('files:open', { path, ...place });
      // Shown in its folder instead (opening it could have run it): say so.
      if (result.message !== undefined) appActions.notify('info', result.message);
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
