/**
 * `semantik search <query>`: the best files for a query, each with its best passages. A running
 * instance answers it over its control channel (its query model is loaded: no second of loading one
 * here); with none running, or one that does not answer in time, the command searches the store
 * itself (SQLite in WAL mode reads beside a running instance).
 */
import { apiInputs } from '../../shared/api';
import type { SearchFilters } from '../../shared/search-query';
import { parseInput } from '../../shared/validate';
import type { FileSearchHit } from '../../shared/monitor-types';
import type { EngineConfig } from '../engine/config';
import { SemantikError } from '../../shared/errors';
import { cliConfig } from './cli-config';
import { callInstance } from './instance-call';
import { printResult, trace } from './output';
import { fileResult, humanFile } from './search-output';
import type { SearchInput } from './search-local';

/** The command's options: the same filters as the search panel, the ranking and passages per file. */
export interface SearchCommandOptions extends SearchFilters {
  k: number;
  mode?: string;
  passages?: number;
  json?: boolean;
  dataDir?: string;
}

/** How long a running instance has to answer before the command searches the store itself. */
const INSTANCE_SEARCH_TIMEOUT_MS = 5_000;

/** The running instance's answer, or null when none runs or it cannot answer (a stalled one). */
async function searchInInstance(config: EngineConfig, input: SearchInput): Promise<FileSearchHit[] | null> {
  try {
    const answer = await callInstance(config.dataDir, 'search:files', input, INSTANCE_SEARCH_TIMEOUT_MS);
    return answer.running ? (answer.value as FileSearchHit[]) : null;
  } catch (error) {
    if (error instanceof SemantikError && (error.code === 'TIMEOUT' || error.code === 'UNAVAILABLE')) {
      trace(`semantik: the running instance did not answer the search (${error.message}); searching the store here`);
      return null;
    }
    throw error;
  }
}

/** Runs the command; returns the exit code. */
export async function searchCommand(query: string, options: SearchCommandOptions): Promise<number> {
  const { folder, type, path, after, before } = options;
  // Undefined keys would be kept by the strict schema's output: leave them out.
  const filters = Object.fromEntries(Object.entries({ folder, type, path, after, before }).filter(([, value]) => value !== undefined));
  // The instance validates with the same schema: both paths search with the same input.
  const input: SearchInput = parseInput(
    apiInputs['search:files'],
    { query, k: options.k, mode: options.mode, filters, passages: options.passages },
    'search options',
  );
  const config = cliConfig(options.dataDir);
  const fromInstance = await searchInInstance(config, input);
  if (fromInstance) trace('semantik: answered by the running instance');
  // Loaded only when needed: the store, the search and the query model are most of the command's start-up.
  const files = fromInstance ?? (await (await import('./search-local')).searchHere(config, input));
  const results = files.map(fileResult);
  printResult(Boolean(options.json), results, () =>
    results.length === 0 ? 'no results (is anything indexed? try `semantik index <folder>`)' : results.map(humanFile).join('\n'),
  );
  return 0;
}
