/**
 * `semantik search <query>`: the best chunks for a query, straight from the store (no engine
 * needed: SQLite in WAL mode reads beside a running instance).
 */
import { join } from 'node:path';
import { openStore } from '../../node/store/open-store';
import { defaultModelDir } from '../../workers/embed/default-model-dir';
import { SearchService } from '../engine/search-service';
import { cliConfig } from './connect';
import { printResult } from './output';

/** Runs the command; returns the exit code. */
export async function searchCommand(query: string, options: { k: number; json?: boolean; dataDir?: string }): Promise<number> {
  const config = cliConfig(options.dataDir);
  const store = openStore(join(config.dataDir, 'semantik.db'));
  const search = new SearchService(store, config.modelDir ?? defaultModelDir());
  try {
    const hits = await search.search(query, options.k);
    const results = hits.map((hit) => ({
      path: hit.path,
      score: Math.round(hit.score * 10_000) / 10_000,
      snippet: hit.snippet,
      lines: hit.lineStart !== null ? [hit.lineStart, hit.lineEnd] : null,
    }));
    printResult(Boolean(options.json), results, () =>
      results.length === 0
        ? 'no results (is anything indexed? try `semantik index <folder>`)'
        : results.map((hit, i) => `${i + 1}. ${hit.path}  (${hit.score.toFixed(3)})\n   ${hit.snippet.replace(/\s+/g, ' ')}`).join('\n'),
    );
    return 0;
  } finally {
    await search.close();
    store.close();
  }
}
