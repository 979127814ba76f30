/**
 * Search: the query, the filter controls, the results one per file, which passage is selected and
 * its preview, and opening or revealing a result's file.
 */
import type { DocumentPreview, FileSearchHit } from '../../shared/monitor-types';
import type { SearchMode } from '../../shared/search-query';
import { api, describeError } from './api-ref';
import { appActions } from './app-slice';
import { createSlice } from './create-slice';
import { EMPTY_SEARCH_FORM, formFilters, type SearchForm } from './search-form';
import { placeOf, stepPassage, visiblePassages, type PassageKey } from './search-results';

/** Files asked for per query. */
export const SEARCH_RESULTS = 10;
/** Passages asked for per file: the best one is shown, the others when the file is expanded. */
export const SEARCH_PASSAGES = 5;

/** The preview pane: nothing chosen yet, the text being fetched, the text, or why there is none. */
export type PreviewState =
  | { status: 'none' }
  | { status: 'loading'; key: PassageKey }
  | { status: 'ready'; key: PassageKey; preview: DocumentPreview }
  | { status: 'error'; key: PassageKey; message: string };

interface SearchState {
  /** The last query searched ('' before the first). */
  query: string;
  form: SearchForm;
  results: FileSearchHit[] | null;
  /** The mode the results were ranked in: their scores' scale (the control may have changed since). */
  resultsMode: SearchMode;
  searching: boolean;
  error: string | null;
  /** How many searches have been answered (results or error): a page or test sees a new answer arrive. */
  answered: number;
  /** Files whose other passages are shown. */
  expanded: ReadonlySet<string>;
  /** The passage the keyboard is on (and the preview shows, once asked). */
  selected: PassageKey | null;
  preview: PreviewState;
  /** Counts requests to focus the query box (the `/` key): the box focuses itself when it changes. */
  focusRequests: number;
}

const NOTHING: ReadonlySet<string> = new Set();
const slice = createSlice<SearchState>({
  query: '',
  form: EMPTY_SEARCH_FORM,
  results: null,
  resultsMode: EMPTY_SEARCH_FORM.mode,
  searching: false,
  error: null,
  answered: 0,
  expanded: NOTHING,
  selected: null,
  preview: { status: 'none' },
  focusRequests: 0,
});
let generation = 0;
let previewGeneration = 0;

/** Reads the search state. */
export const useSearch = slice.use;

async function loadPreview(key: PassageKey): Promise<void> {
  const hit = slice.get().results?.[key.file];
  const passage = hit?.passages[key.passage];
  if (hit === undefined || passage === undefined) return;
  const mine = ++previewGeneration;
  slice.set({ selected: key, preview: { status: 'loading', key } });
  try {
    const preview = await api().invoke('documents:preview', { path: hit.path, ...placeOf(passage) });
    if (mine === previewGeneration) slice.set({ preview: { status: 'ready', key, preview } });
  } catch (error) {
    if (mine === previewGeneration) slice.set({ preview: { status: 'error', key, message: describeError(error) } });
  }
}

/** Search actions. */
export const searchActions = {
  async search(query: string): Promise<void> {
    const mine = ++generation;
    previewGeneration += 1;
    const { form } = slice.get();
    slice.set({ query, searching: true, error: null });
    try {
      const results = await api().invoke('search:files', {
        query,
        k: SEARCH_RESULTS,
        passages: SEARCH_PASSAGES,
        mode: form.mode,
        filters: formFilters(form),
      });
      if (mine !== generation) return;
      const selected = results.length > 0 ? { file: 0, passage: 0 } : null;
      // A preview asked for while the search ran belongs to the old results.
      previewGeneration += 1;
      slice.set({
        results,
        resultsMode: form.mode,
        searching: false,
        answered: slice.get().answered + 1,
        expanded: NOTHING,
        selected,
        preview: { status: 'none' },
      });
      // The best hit is read at once, as a person would click it first.
      if (selected !== null) void loadPreview(selected);
    } catch (error) {
      if (mine === generation) {
        previewGeneration += 1;
        slice.set({
          results: null,
          searching: false,
          answered: slice.get().answered + 1,
          error: describeError(error),
          selected: null,
          preview: { status: 'none' },
        });
      }
    }
  },
  /** Changes a filter control; `rerun` searches the last query again with it (dates, mode). */
  setForm(change: Partial<SearchForm>, rerun = false): void {
    slice.set((state) => ({ form: { ...state.form, ...change } }));
    const { query } = slice.get();
    if (rerun && query.trim() !== '') void searchActions.search(query);
  },
  /** Asks the query box to take the focus. */
  focusInput(): void {
    slice.set((state) => ({ focusRequests: state.focusRequests + 1 }));
  },
  /** Shows or hides a file's other passages. */
  toggleExpanded(path: string): void {
    slice.set((state) => {
      const expanded = new Set(state.expanded);
      if (!expanded.delete(path)) expanded.add(path);
      // A hidden passage cannot stay selected: the selection goes back to the file's best one.
      const selected = state.selected;
      const hidden = selected !== null && state.results?.[selected.file]?.path === path && !expanded.has(path);
      return { expanded, selected: hidden && selected !== null ? { file: selected.file, passage: 0 } : selected };
    });
  },
  /** Selects a passage and shows it in the preview. */
  preview(key: PassageKey): void {
    void loadPreview(key);
  },
  /** Moves the selection by `step` visible passages (the arrow keys), without fetching a preview. */
  move(step: number): void {
    const { results, expanded, selected } = slice.get();
    const next = stepPassage(visiblePassages(results ?? [], expanded), selected, step);
    if (next !== null) slice.set({ selected: next });
  },
  /** Previews the selected passage (Enter). */
  previewSelected(): void {
    const { selected } = slice.get();
    if (selected !== null) void loadPreview(selected);
  },
  /** Opens a file, at a passage's page or first line where an open command can be told (SEMANTIK_OPEN_COMMAND). */
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
