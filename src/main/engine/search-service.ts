/**
 * Search: parses the query's syntax, embeds its words with the active model, ranks chunks by
 * keyword and by vector with the filters applied, fuses the rankings and cuts snippets.
 *
 * The query is embedded on the CPU in a worker thread of this process (the model loads there once),
 * so the supervisor's event loop — the Electron main process in the desktop app — never runs it.
 */
import { SemantikError } from '../../shared/errors';
import type { SearchHit } from '../../shared/monitor-types';
import { hasFilters, resolveSearchFilters } from '../../shared/search-filters';
import { parseSearchQuery, type SearchFilters, type SearchMode } from '../../shared/search-query';
import { withoutStopWords } from '../../shared/stop-words';
import type { Store } from '../../node/store/store';
import type { ChunkHit } from '../../node/store/store-types';
import { toSearchHit } from '../../node/store/snippet';
import type { Embedder } from '../../node/embedding/embedder';
import { createThreadedEmbedder } from '../../node/embedding/threaded-embedder';
import { rankChunks, type RankedChunk, type RankRequest } from './search-ranking';

/** How to search, beyond the query and k: the ranking and structured filters. */
export interface SearchOptions {
  /** @defaultValue 'hybrid' */
  mode?: SearchMode;
  /** Added to the query's own filters (lists add up, times keep the stricter bound). */
  filters?: SearchFilters;
  /** Fusion tuning, for the recall bench. */
  tuning?: Pick<RankRequest, 'weights' | 'candidates' | 'rrfK' | 'keywordMatch'>;
}

/** Embeds queries and searches the store, loading the model on first use. */
export class SearchService {
  private embedder: Promise<Embedder> | null = null;

  constructor(
    private readonly store: Store,
    private readonly modelDir: string,
  ) {}

  /**
   * The top `k` chunks for `query` (words, phrases and filter syntax), best first, with snippets
   * and highlight ranges.
   *
   * Throws BAD_INPUT when a filter cannot be read. A query of filters only lists the chunks they
   * select, newest file first (score 0).
   */
  async search(query: string, k: number, options: SearchOptions = {}): Promise<SearchHit[]> {
    const parsed = parseSearchQuery(query);
    const resolved = resolveSearchFilters([parsed.filters, options.filters ?? {}], parsed.phrases, Date.now());
    const problems = [...parsed.errors, ...resolved.errors];
    if (problems.length > 0) throw new SemantikError('BAD_INPUT', `Cannot search: ${problems.join('; ')}`);
    const { filters } = resolved;
    const mode = options.mode ?? 'hybrid';
    const text = parsed.text;
    if (!/[\p{L}\p{N}]/u.test(text)) {
      return hasFilters(filters) ? this.store.browseChunks(filters, k).map((hit) => this.toHit(hit, text, null)) : [];
    }
    const vector = mode === 'keyword' ? null : await this.embedQuery(text);
    const ranked = rankChunks(this.store, { text, mode, k, filters, vector, ...options.tuning });
    // Marking every "the" and "is" would hide the words that matter.
    const marked = withoutStopWords(text.split(/\s+/u)).join(' ');
    return ranked.map((one) => this.toHit(one.hit, marked, one));
  }

  /** The query's vector, or null when it is all zeros (no word the model knows: nothing to rank by). */
  private async embedQuery(text: string): Promise<RankRequest['vector']> {
    // In a worker thread: the supervisor is the Electron main process in the desktop app, where no
    // model may run (DESIGN.md), and its event loop serves the UI and the monitor meanwhile.
    this.embedder ??= createThreadedEmbedder({ modelDir: this.modelDir, device: { kind: 'cpu' }, threads: 1 });
    const embedder = await this.embedder;
    const query = await embedder.embed([text]);
    return query.some((value) => value !== 0) ? { modelId: embedder.info.id, query } : null;
  }

  private toHit(hit: ChunkHit, marked: string, ranked: RankedChunk | null): SearchHit {
    // Highlights come from the query's words, whichever ranking found the chunk.
    return {
      ...toSearchHit(hit, marked),
      ...(ranked ? { ranks: { keyword: ranked.keywordRank, vector: ranked.vectorRank } } : {}),
    };
  }

  /** Releases the model; a later search loads it again. */
  async close(): Promise<void> {
    if (this.embedder) await (await this.embedder).dispose();
    this.embedder = null;
  }
}
