/** `semantik search` without a running instance: the store searched in this process, one entry per file. */
import { join } from 'node:path';
import type { FileSearchHit } from '../../shared/monitor-types';
import { openStore } from '../../node/store/open-store';
import type { EngineConfig } from '../engine/config';
import { activeModelDir } from '../engine/models/active-model-dir';
import { SearchService } from '../engine/search-service';
import type { ApiParsedInput } from '../../shared/api';

/** What a search asks for (validated): the query, how many files, the ranking, the filters and passages per file. */
export type SearchInput = ApiParsedInput<'search:files'>;

/** The files from the store, with the index's active model loaded in this process: what `search:files` answers. */
export async function searchHere(config: EngineConfig, input: SearchInput): Promise<FileSearchHit[]> {
  const store = openStore(join(config.dataDir, 'semantik.db'));
  // The index's active model: its vectors are the ones the query must be compared with.
  const search = new SearchService(store, await activeModelDir(store, config.dataDir, config.modelDir));
  try {
    return await search.searchFiles(input.query, input.k, { mode: input.mode, filters: input.filters, passages: input.passages });
  } finally {
    await search.close();
    store.close();
  }
}
