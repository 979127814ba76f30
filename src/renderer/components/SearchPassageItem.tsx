import { useEffect, useRef, type ReactElement } from 'react';
import type { SearchPassage } from '../../shared/monitor-types';
import { splitHighlights } from '../format';
import { placeText, type PassageKey } from '../state/search-results';
import { searchActions } from '../state/search-slice';
import { MarkedText } from './MarkedText';

/** One passage of a result: its snippet with the query's words marked, its place, and which ranking found it. */
export function SearchPassageItem({
  passage,
  passageKey,
  selected,
}: {
  passage: SearchPassage;
  passageKey: PassageKey;
  selected: boolean;
}): ReactElement {
  const ref = useRef<HTMLDivElement>(null);
  // The arrow keys move the selection; the results list scrolls to keep it in sight.
  useEffect(() => {
    if (selected) ref.current?.scrollIntoView({ block: 'nearest' });
  }, [selected]);
  // Which ranking found it: the words (keyword), the meaning (vector), or both.
  const found = [
    passage.ranks?.keyword != null ? `words #${passage.ranks.keyword}` : null,
    passage.ranks?.vector != null ? `meaning #${passage.ranks.vector}` : null,
  ].filter((part) => part !== null);
  return (
    <div
      ref={ref}
      className={selected ? 'passage passage-selected' : 'passage'}
      id={`passage-${passageKey.file}-${passageKey.passage}`}
      role="option"
      aria-selected={selected}
      data-testid="search-passage"
      data-selected={selected}
      onClick={() => searchActions.preview(passageKey)}
    >
      <p className="snippet" data-testid="search-snippet">
        <MarkedText parts={splitHighlights(passage.snippet, passage.highlights)} />
      </p>
      <div className="row small muted">
        <span data-testid="search-place">{placeText(passage)}</span>
        {found.length > 0 ? (
          <span data-testid="search-found" title="Rank in the keyword and in the meaning (vector) ranking">
            {found.join(' · ')}
          </span>
        ) : null}
      </div>
    </div>
  );
}
