/**
 * The search panel's filter controls as the API's structured filters (pure: unit-tested in Node).
 */
import type { SearchFilters, SearchMode } from '../../shared/search-query';

/** What the controls hold: text as typed, dates as `YYYY-MM-DD` (empty: no bound). */
export interface SearchForm {
  /** Extensions or kinds, separated by commas or spaces: `pdf, md`. */
  type: string;
  /** A path substring or glob. */
  path: string;
  after: string;
  before: string;
  mode: SearchMode;
}

/** Controls with nothing set. */
export const EMPTY_SEARCH_FORM: SearchForm = { type: '', path: '', after: '', before: '', mode: 'hybrid' };

/** The structured filters of the controls; undefined when none is set. */
export function formFilters(form: SearchForm): SearchFilters | undefined {
  const filters: SearchFilters = {};
  const types = form.type.split(/[\s,]+/u).filter((type) => type !== '');
  if (types.length > 0) filters.type = types;
  if (form.path.trim() !== '') filters.path = [form.path.trim()];
  if (form.after.trim() !== '') filters.after = form.after.trim();
  if (form.before.trim() !== '') filters.before = form.before.trim();
  return Object.keys(filters).length > 0 ? filters : undefined;
}
