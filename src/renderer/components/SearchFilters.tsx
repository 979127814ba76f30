import type { ReactElement } from 'react';
import { SEARCH_MODES, type SearchMode } from '../../shared/search-query';
import { searchActions, useSearch } from '../state/search-slice';

const MODE_LABELS: Record<SearchMode, string> = { hybrid: 'Words and meaning', keyword: 'Exact words', vector: 'Meaning only' };

/**
 * The filter controls under the query box: type, path, modified after/before, and the ranking.
 *
 * Text fields apply when the form is submitted (Enter); dates and the ranking search again at once.
 */
export function SearchFilters(): ReactElement {
  const form = useSearch((state) => state.form);
  return (
    <div className="row small search-filters" data-testid="search-filters">
      <label>
        Type{' '}
        <input
          type="text"
          size={8}
          placeholder="pdf, md"
          data-testid="search-filter-type"
          value={form.type}
          onChange={(event) => searchActions.setForm({ type: event.target.value })}
        />
      </label>
      <label className="grow">
        Path{' '}
        <input
          type="text"
          placeholder="reports/ or *.md"
          data-testid="search-filter-path"
          value={form.path}
          onChange={(event) => searchActions.setForm({ path: event.target.value })}
        />
      </label>
      <label>
        Modified after{' '}
        <input
          type="date"
          data-testid="search-filter-after"
          value={form.after}
          onChange={(event) => searchActions.setForm({ after: event.target.value }, true)}
        />
      </label>
      <label>
        before{' '}
        <input
          type="date"
          data-testid="search-filter-before"
          value={form.before}
          onChange={(event) => searchActions.setForm({ before: event.target.value }, true)}
        />
      </label>
      <select
        aria-label="Ranking"
        data-testid="search-mode"
        value={form.mode}
        onChange={(event) => {
          const mode = SEARCH_MODES.find((one) => one === event.target.value);
          if (mode) searchActions.setForm({ mode }, true);
        }}
      >
        {SEARCH_MODES.map((mode) => (
          <option key={mode} value={mode}>
            {MODE_LABELS[mode]}
          </option>
        ))}
      </select>
    </div>
  );
}
