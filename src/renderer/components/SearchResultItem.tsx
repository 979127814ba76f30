import type { ReactElement } from 'react';
import type { SearchHit } from '../../shared/monitor-types';
import { splitHighlights } from '../format';
import { useApp, useCanWrite } from '../state/app-slice';
import { searchActions } from '../state/search-slice';

/** Where to open a hit: its PDF page, else its first line (null values are left out). */
function placeOf(hit: SearchHit): { line?: number; page?: number } {
  if (hit.page !== null) return { page: hit.page };
  return hit.lineStart !== null ? { line: hit.lineStart } : {};
}

/** One hit: the path (activating it opens the file), score, and the snippet with matches marked. */
export function SearchResultItem({ hit }: { hit: SearchHit }): ReactElement {
  const web = useApp((state) => state.info?.mode === 'web');
  // Opening files is a write call: a read-only monitor shows paths without the actions.
  const canOpen = useCanWrite();
  const where = web ? " on the server's machine" : '';
  const lines =
    hit.lineStart === null
      ? ''
      : hit.lineEnd !== null && hit.lineEnd !== hit.lineStart
        ? `lines ${hit.lineStart}–${hit.lineEnd}`
        : `line ${hit.lineStart}`;
  // A PDF hit names its page; other formats their lines (a chunk has one or the other).
  const place = hit.page !== null ? `page ${hit.page}` : lines;
  // Which ranking found it: the words (keyword), the meaning (vector), or both.
  const found = [
    hit.ranks?.keyword != null ? `words #${hit.ranks.keyword}` : null,
    hit.ranks?.vector != null ? `meaning #${hit.ranks.vector}` : null,
  ].filter((part) => part !== null);
  return (
    <li className="result" data-testid="search-result" data-path={hit.path}>
      <div className="row">
        {canOpen ? (
          <button
            type="button"
            className="link path grow"
            data-testid="search-open"
            title={`Open${where}`}
            onClick={() => void searchActions.open(hit.path, placeOf(hit))}
          >
            {hit.path}
          </button>
        ) : (
          <span className="path grow">{hit.path}</span>
        )}
        <span className="muted small" data-testid="search-score">
          {hit.score.toFixed(3)}
        </span>
      </div>
      <p className="snippet" data-testid="search-snippet">
        {splitHighlights(hit.snippet, hit.highlights).map((part, index) =>
          part.match ? <mark key={index}>{part.text}</mark> : <span key={index}>{part.text}</span>,
        )}
      </p>
      <div className="row small muted">
        <span data-testid="search-place">{place}</span>
        {found.length > 0 ? (
          <span data-testid="search-found" title="Rank in the keyword and in the meaning (vector) ranking">
            {found.join(' · ')}
          </span>
        ) : null}
        {canOpen ? (
          <button type="button" className="link" data-testid="search-reveal" onClick={() => void searchActions.reveal(hit.path)}>
            Show in folder{where}
          </button>
        ) : null}
      </div>
    </li>
  );
}
