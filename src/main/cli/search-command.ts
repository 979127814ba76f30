/**
 * `semantik search <query>`: the best chunks for a query, straight from the store (no engine
 * needed: SQLite in WAL mode reads beside a running instance).
 */
import { join } from 'node:path';
import { z } from 'zod';
import { searchFiltersSchema } from '../../shared/search-filters';
import { SEARCH_MODES, type SearchFilters } from '../../shared/search-query';
import { parseInput } from '../../shared/validate';
import { openStore } from '../../node/store/open-store';
import { activeModelDir } from '../engine/models/active-model-dir';
import { SearchService } from '../engine/search-service';
import { cliConfig } from './connect';
import { printResult } from './output';

/** The command's options: the same filters as the search panel, and the ranking. */
export interface SearchCommandOptions extends SearchFilters {
  k: number;
  mode?: string;
  json?: boolean;
  dataDir?: string;
}

const optionsSchema = z.object({ mode: z.enum(SEARCH_MODES).default('hybrid'), filters: searchFiltersSchema });

/** Runs the command; returns the exit code. */
export async function searchCommand(query: string, options: SearchCommandOptions): Promise<number> {
  const { folder, type, path, after, before } = options;
  // Undefined keys would be kept by the strict schema's output: leave them out.
  const filters = Object.fromEntries(Object.entries({ folder, type, path, after, before }).filter(([, value]) => value !== undefined));
  const valid = parseInput(optionsSchema, { mode: options.mode, filters }, 'search options');
  const config = cliConfig(options.dataDir);
  const store = openStore(join(config.dataDir, 'semantik.db'));
  // The index's active model: its vectors are the ones the query must be compared with.
  const search = new SearchService(store, await activeModelDir(store, config.dataDir, config.modelDir));
  try {
    const hits = await search.search(query, options.k, valid);
    const results = hits.map((hit) => ({
      path: hit.path,
      score: Math.round(hit.score * 10_000) / 10_000,
      snippet: hit.snippet,
      lines: hit.lineStart !== null ? [hit.lineStart, hit.lineEnd] : null,
      page: hit.page,
      ranks: hit.ranks ?? null,
    }));
    printResult(Boolean(options.json), results, () =>
      results.length === 0
        ? 'no results (is anything indexed? try `semantik index <folder>`)'
        : results
            .map((hit, i) => `${i + 1}. ${hit.path}${place(hit)}  (${hit.score.toFixed(3)})\n   ${hit.snippet.replace(/\s+/g, ' ')}`)
            .join('\n'),
    );
    return 0;
  } finally {
    await search.close();
    store.close();
  }
}

/** ` (p. 3)` or ` (lines 10–24)`: where in the file the chunk is. */
function place(hit: { page: number | null; lines: Array<number | null> | null }): string {
  if (hit.page !== null) return ` (p. ${hit.page})`;
  if (!hit.lines) return '';
  const [start, end] = hit.lines;
  return end !== null && end !== start ? ` (lines ${start}–${end})` : ` (line ${start})`;
}
