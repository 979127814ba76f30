/** `semantik search` without a running instance: the store searched in this process. */
import { join } from 'node:path';
import type { SearchHit } from '../../shared/monitor-types';
import { openStore } from '../../node/store/open-store';
import type { EngineConfig } from '../engine/config';
import { activeModelDir } from '../engine/models/active-model-dir';
import { SearchService } from '../engine/search-service';
import type { SearchFilters, SearchMode } from '../../shared/search-query';

/** What a search asks for: the query, how many hits, the ranking and the filters. */
export interface SearchInput {
  query: string;
  k: number;
  mode: SearchMode;
  filters: SearchFilters;
}

/** The hits from the store, with the index's active model loaded in this process. */
export async function searchHere(config: EngineConfig, input: SearchInput): Promise<SearchHit[]> {
  const store = openStore(join(config.dataDir, 'semantik.db'));
  // The index's active model: its vectors are the ones the query must be compared with.
  const search = new SearchService(store, await activeModelDir(store, config.dataDir, config.modelDir));
  try {
    return await search.search(input.query, input.k, { mode: input.mode, filters: input.filters });
  } finally {
    await search.close();
    store.close();
  }
}
