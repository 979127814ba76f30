import type { ReactElement } from 'react';
import type { FileSearchHit } from '../../shared/monitor-types';
import type { SearchMode } from '../../shared/search-query';
import { placeOf, samePassage } from '../state/search-results';
import { searchActions, useSearch } from '../state/search-slice';
import { SearchPassageItem } from './SearchPassageItem';
import { SearchRelevance } from './SearchRelevance';

/**
 * One file of the results: its path (activating it previews the best passage), relevance, the best
 * passage, and its other passages on demand. Open and reveal are offered only where they act on
 * the user's own machine (`canOpen`).
 */
export function SearchFileItem({
  hit,
  index,
  best,
  mode,
  canOpen,
}: {
  hit: FileSearchHit;
  index: number;
  best: number;
  mode: SearchMode;
  canOpen: boolean;
}): ReactElement {
  const expanded = useSearch((state) => state.expanded.has(hit.path));
  const selected = useSearch((state) => state.selected);
  const shown = expanded ? hit.passages : hit.passages.slice(0, 1);
  const more = hit.passages.length - 1;
  const first = hit.passages[0];
  return (
    <li className="result" data-testid="search-result" data-path={hit.path} data-passages={hit.passages.length}>
      <div className="row">
        <button
          type="button"
          className="link path grow"
          data-testid="search-file"
          title="Preview its best passage"
          onClick={() => searchActions.preview({ file: index, passage: 0 })}
        >
          {hit.path}
        </button>
        <SearchRelevance score={hit.score} best={best} mode={mode} />
      </div>
      {shown.map((passage, at) => (
        <SearchPassageItem
          key={passage.chunkIndex}
          passage={passage}
          passageKey={{ file: index, passage: at }}
          selected={samePassage(selected, { file: index, passage: at })}
        />
      ))}
      <div className="row small">
        {more > 0 ? (
          <button
            type="button"
            className="link"
            data-testid="search-more"
            aria-expanded={expanded}
            onClick={() => searchActions.toggleExpanded(hit.path)}
          >
            {expanded ? 'fewer passages' : `${more} more passage${more === 1 ? '' : 's'} in this file`}
          </button>
        ) : null}
        {canOpen && first !== undefined ? (
          <>
            <button
              type="button"
              className="link"
              data-testid="search-open"
              onClick={() => void searchActions.open(hit.path, placeOf(first))}
            >
              Open
            </button>
            <button type="button" className="link" data-testid="search-reveal" onClick={() => void searchActions.reveal(hit.path)}>
              Show in folder
            </button>
          </>
        ) : null}
      </div>
    </li>
  );
}
