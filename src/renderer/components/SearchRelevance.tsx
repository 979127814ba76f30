import type { ReactElement } from 'react';
import type { SearchMode } from '../../shared/search-query';
import { relevancePercent } from '../state/search-results';

/** What each mode's raw score is, for the tooltip. */
const RAW_SCORE: Record<SearchMode, string> = {
  hybrid: 'fused rank of the keyword and the meaning rankings (1 = first in both)',
  keyword: 'bm25 of the query words (higher is better, no upper bound)',
  vector: 'cosine similarity of meaning (1 = same direction)',
};

/** A result's relevance on one scale for every mode: a percentage of the search's best result, with a bar. */
export function SearchRelevance({ score, best, mode }: { score: number; best: number; mode: SearchMode }): ReactElement {
  const percent = relevancePercent(score, best);
  const title =
    `Relevance: ${percent}% of the best result of this search (which is 100%). ` +
    `Each search mode scores on its own scale, so results are compared with the top one. ` +
    `Raw score ${score.toFixed(3)}: ${RAW_SCORE[mode]}.`;
  return (
    <span className="relevance small muted" title={title} data-testid="search-score" data-relevance={percent} data-score={score}>
      <meter className="relevance-bar" min={0} max={100} value={percent} aria-label="relevance" />
      {percent}%
    </span>
  );
}
