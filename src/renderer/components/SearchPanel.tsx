import { useState, type FormEvent, type ReactElement } from 'react';
import { searchActions, useSearch } from '../state/search-slice';
import { Panel } from './Panel';
import { SearchFilters } from './SearchFilters';
import { SearchResultItem } from './SearchResultItem';

/** What the query box understands besides words; shown under it. */
const SYNTAX_HELP =
  'Filters in the query: type:pdf,md  path:reports/  folder:/home/me/notes  after:2025-01-01  before:2026-01-01  "exact phrase"';

/** The query box, its filters and its results. */
export function SearchPanel(): ReactElement {
  const [query, setQuery] = useState('');
  const results = useSearch((state) => state.results);
  const searching = useSearch((state) => state.searching);
  const error = useSearch((state) => state.error);
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void searchActions.search(query);
  };
  return (
    <Panel title="Search" testId="panel-search">
      <form className="row" onSubmit={submit} role="search">
        <input
          type="search"
          className="grow"
          placeholder='Ask in your own words… (type:pdf after:2025-01-01 "exact phrase")'
          title={SYNTAX_HELP}
          aria-label="Search query"
          data-testid="search-input"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
        />
        <button type="submit" data-testid="search-submit" disabled={searching || query.trim() === ''}>
          {searching ? 'Searching…' : 'Search'}
        </button>
        <SearchFilters />
        <p className="muted small search-help" data-testid="search-help">
          {SYNTAX_HELP}
        </p>
      </form>
      {error !== null ? (
        <p className="error" role="alert" data-testid="search-error">
          {error}
        </p>
      ) : null}
      {results !== null && results.length === 0 ? (
        <p className="empty" data-testid="search-empty">
          No matches.
        </p>
      ) : null}
      {results !== null && results.length > 0 ? (
        <ol className="results" data-testid="search-results">
          {results.map((hit) => (
            <SearchResultItem key={`${hit.path}#${hit.chunkIndex}`} hit={hit} />
          ))}
        </ol>
      ) : null}
    </Panel>
  );
}
