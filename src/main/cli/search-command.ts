/**
 * `semantik search <query>`: the best chunks for a query. A running instance answers it over its
 * control channel (its query model is loaded: no second of loading one here); with none running,
 * or one that does not answer in time, the command searches the store itself (SQLite in WAL mode
 * reads beside a running instance).
 */
import { z } from 'zod';
import { searchFiltersSchema } from '../../shared/search-filters';
import { SEARCH_MODES, type SearchFilters } from '../../shared/search-query';
import { parseInput } from '../../shared/validate';
import type { SearchHit } from '../../shared/monitor-types';
import { loadJobKeys } from '../../node/jobs/job-keys';
import { seal, unseal } from '../../node/jobs/payload-seal';
import type { EngineConfig } from '../engine/config';
import { SemantikError } from '../../shared/errors';
import { cliConfig } from './cli-config';
import { connectToInstanceRedis } from './instance-redis';
import { controlCall, readControlKey } from './control-client';
import { printResult } from './output';
import type { SearchInput } from './search-local';

/** The command's options: the same filters as the search panel, and the ranking. */
export interface SearchCommandOptions extends SearchFilters {
  k: number;
  mode?: string;
  json?: boolean;
  dataDir?: string;
}

const optionsSchema = z.object({ mode: z.enum(SEARCH_MODES).default('hybrid'), filters: searchFiltersSchema });
/** How long a running instance has to answer before the command searches the store itself. */
const INSTANCE_SEARCH_TIMEOUT_MS = 5_000;

/** The running instance's answer, or null when none runs or it cannot answer (an older one, a stalled one). */
async function searchInInstance(config: EngineConfig, input: SearchInput): Promise<SearchHit[] | null> {
  const reached = connectToInstanceRedis(config);
  if (!reached) return null;
  try {
    const payloadKey = loadJobKeys(config.dataDir).payload;
    const value = await controlCall(
      reached.redis,
      readControlKey(config.dataDir),
      'search:query',
      seal(payloadKey, input),
      INSTANCE_SEARCH_TIMEOUT_MS,
    );
    if (typeof value !== 'string') throw new SemantikError('INTERNAL', 'the running instance answered the search unsealed');
    // Signed with this data folder's control key and sealed with its payload key: the instance's own answer.
    return unseal(payloadKey, value) as SearchHit[];
  } catch (error) {
    if (error instanceof SemantikError && (error.code === 'TIMEOUT' || error.code === 'UNAVAILABLE')) {
      if (process.env.SEMANTIK_CLI_TRACE === '1')
        process.stderr.write(`semantik: the running instance did not answer the search (${error.message}); searching the store here\n`);
      return null;
    }
    throw error;
  } finally {
    reached.redis.disconnect();
  }
}

/** Runs the command; returns the exit code. */
export async function searchCommand(query: string, options: SearchCommandOptions): Promise<number> {
  const { folder, type, path, after, before } = options;
  // Undefined keys would be kept by the strict schema's output: leave them out.
  const filters = Object.fromEntries(Object.entries({ folder, type, path, after, before }).filter(([, value]) => value !== undefined));
  const valid = parseInput(optionsSchema, { mode: options.mode, filters }, 'search options');
  const config = cliConfig(options.dataDir);
  const input: SearchInput = { query, k: options.k, ...valid };
  const fromInstance = await searchInInstance(config, input);
  if (fromInstance && process.env.SEMANTIK_CLI_TRACE === '1') process.stderr.write('semantik: answered by the running instance\n');
  // Loaded only when needed: the store, the search and the query model are most of the command's start-up.
  const hits = fromInstance ?? (await (await import('./search-local')).searchHere(config, input));
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
}

/** ` (p. 3)` or ` (lines 10–24)`: where in the file the chunk is. */
function place(hit: { page: number | null; lines: Array<number | null> | null }): string {
  if (hit.page !== null) return ` (p. ${hit.page})`;
  if (!hit.lines) return '';
  const [start, end] = hit.lines;
  return end !== null && end !== start ? ` (lines ${start}–${end})` : ` (line ${start})`;
}
