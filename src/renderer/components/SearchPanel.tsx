import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent, type ReactElement, type RefObject } from 'react';
import { onServerMachine } from '../state/search-results';
import { useApp, useCanWrite, useConnected } from '../state/app-slice';
import { searchActions, useSearch } from '../state/search-slice';
import { SearchFileItem } from './SearchFileItem';
import { SearchFilters } from './SearchFilters';

/** What the query box understands besides words; shown under it. */
const SYNTAX_HELP =
  'Filters in the query: type:pdf,md  path:reports/  folder:/home/me/notes  after:2025-01-01  before:2026-01-01  "exact phrase"';

/** The arrow keys and Enter over the results: move through the passages, preview the one chosen. */
function onResultsKey(event: KeyboardEvent): void {
  if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
    event.preventDefault();
    searchActions.move(event.key === 'ArrowDown' ? 1 : -1);
  } else if (event.key === 'Enter' && event.target === event.currentTarget) {
    event.preventDefault();
    searchActions.previewSelected();
  }
}

/** The results, one per file, as a list the keyboard moves through. */
function SearchResultList({ listRef }: { listRef: RefObject<HTMLOListElement | null> }): ReactElement | null {
  const results = useSearch((state) => state.results);
  const mode = useSearch((state) => state.resultsMode);
  const selected = useSearch((state) => state.selected);
  const local = useApp((state) => onServerMachine(state.info?.mode ?? 'web', window.location.hostname));
  // Opening files is a write call: a read-only monitor shows paths without the actions.
  const canOpen = useCanWrite() && local;
  if (results === null) return null;
  if (results.length === 0) {
    return (
      <p className="empty" data-testid="search-empty">
        No matches.
      </p>
    );
  }
  const best = results[0]?.score ?? 0;
  return (
    <>
      {local ? null : (
        <p className="muted small" data-testid="search-remote-note">
          Open and Show in folder act on the machine that indexed the files, so they are offered only in the desktop app or in a browser on
          that machine; read a result here in the preview.
        </p>
      )}
      <ol
        ref={listRef}
        className="results"
        role="listbox"
        tabIndex={0}
        aria-label="Results, one per file"
        aria-activedescendant={selected === null ? undefined : `passage-${selected.file}-${selected.passage}`}
        data-testid="search-results"
        onKeyDown={onResultsKey}
      >
        {results.map((hit, index) => (
          <SearchFileItem key={hit.path} hit={hit} index={index} best={best} mode={mode} canOpen={canOpen} />
        ))}
      </ol>
    </>
  );
}

/** The query box, its filters and the results; `/` focuses the box, ↓ goes on to the results. */
export function SearchPanel(): ReactElement {
  // Coming back to the view shows the last query with its results.
  const lastQuery = useSearch((state) => state.query);
  const [query, setQuery] = useState(lastQuery);
  const searching = useSearch((state) => state.searching);
  const error = useSearch((state) => state.error);
  const answered = useSearch((state) => state.answered);
  const focusRequests = useSearch((state) => state.focusRequests);
  const connected = useConnected();
  const inputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLOListElement>(null);
  useEffect(() => inputRef.current?.focus(), [focusRequests]);
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void searchActions.search(query);
  };
  const onInputKey = (event: KeyboardEvent): void => {
    if (event.key !== 'ArrowDown' || listRef.current === null) return;
    event.preventDefault();
    listRef.current.focus();
  };
  return (
    <section className="panel search-panel" data-testid="panel-search" aria-label="Search" aria-busy={searching} data-answered={answered}>
      <form className="row" onSubmit={submit} role="search">
        <input
          ref={inputRef}
          type="search"
          className="grow"
          placeholder='Ask in your own words… (type:pdf after:2025-01-01 "exact phrase")   press / to come back here'
          title={SYNTAX_HELP}
          aria-label="Search query"
          aria-keyshortcuts="/"
          data-testid="search-input"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={onInputKey}
        />
        <button type="submit" data-testid="search-submit" disabled={searching || query.trim() === '' || !connected}>
          {searching ? 'Searching…' : 'Search'}
        </button>
        <SearchFilters />
        <p className="muted small search-help" data-testid="search-help">
          {SYNTAX_HELP}. Keys: / search, ↑ ↓ move through the results, Enter previews.
        </p>
      </form>
      {error !== null ? (
        <p className="error" role="alert" data-testid="search-error">
          {error}
        </p>
      ) : null}
      <SearchResultList listRef={listRef} />
    </section>
  );
}
