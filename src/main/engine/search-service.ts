/**
 * Search: parses the query's syntax, embeds its words with the active model, ranks chunks by
 * keyword and by vector with the filters applied, fuses the rankings and cuts snippets.
 *
 * The query is embedded on the CPU in a worker thread of this process (the model loads there once),
 * so the supervisor's event loop — the Electron main process in the desktop app — never runs it.
 */
import { SemantikError } from '../../shared/errors';
import type { FileSearchHit, SearchHit, SearchPassage } from '../../shared/monitor-types';
import { groupByFile } from '../../shared/search-grouping';
import { hasFilters, resolveSearchFilters } from '../../shared/search-filters';
import { parseSearchQuery, type SearchFilters, type SearchMode } from '../../shared/search-query';
import { withoutStopWords } from '../../shared/stop-words';
import type { Store } from '../../node/store/store';
import type { ChunkHit } from '../../node/store/store-types';
import { toSearchHit } from '../../node/store/snippet';
import type { Embedder } from '../../node/embedding/embedder';
import { createThreadedEmbedder } from '../../node/embedding/threaded-embedder';
import { candidateDepth, rankChunks, type RankedChunk, type RankRequest } from './search-ranking';

/** Chunks ranked per file asked for in a search by file, at least FILE_SEARCH_MIN_CHUNKS, at most MAX_FILE_SEARCH_CHUNKS. */
const FILE_SEARCH_CHUNKS_PER_FILE = 5;
const FILE_SEARCH_MIN_CHUNKS = 50;
const MAX_FILE_SEARCH_CHUNKS = 500;

/** How to search, beyond the query and k: the ranking and structured filters. */
export interface SearchOptions {
  /** @defaultValue 'hybrid' */
  mode?: SearchMode;
  /** Added to the query's own filters (lists add up, times keep the stricter bound). */
  filters?: SearchFilters;
  /** Fusion tuning, for the recall bench. */
  tuning?: Pick<RankRequest, 'weights' | 'candidates' | 'rrfK' | 'keywordMatch'>;
}

/** Chunks ranked for a search of k files: enough for several passages per file and k distinct files. */
export function fileSearchDepth(k: number): number {
  return Math.min(MAX_FILE_SEARCH_CHUNKS, Math.max(FILE_SEARCH_MIN_CHUNKS, k * FILE_SEARCH_CHUNKS_PER_FILE));
}

function withoutPath({ path: _path, ...passage }: SearchHit): SearchPassage {
  return passage;
}

/** A search by file's options: a search's, and the passages per file. */
export interface FileSearchOptions extends SearchOptions {
  /** @defaultValue PASSAGES_PER_FILE */
  passages?: number;
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
    const { ranked, marked } = await this.rank(query, k, k, options);
    return ranked.map((one) => this.toHit(one.hit, marked, one));
  }

  /**
   * The top `k` files for `query`, each with its best passages (see search-grouping.ts: one entry
   * per file, near-identical passages collapsed, the vector mode's relevance floor).
   *
   * The rankings are those of `search` with the same k (the same candidates per ranking), only
   * longer: more chunks, so that a file can show several and k distinct files remain.
   */
  async searchFiles(query: string, k: number, options: FileSearchOptions = {}): Promise<FileSearchHit[]> {
    const { ranked, marked } = await this.rank(query, k, fileSearchDepth(k), options);
    const groups = groupByFile(
      ranked.map((one) => ({ ...one, path: one.hit.path, score: one.hit.score, text: one.hit.text })),
      { files: k, mode: options.mode ?? 'hybrid', ...(options.passages !== undefined ? { passages: options.passages } : {}) },
    );
    return groups.map((group) => ({
      path: group.path,
      score: group.score,
      passages: group.passages.map((one) => withoutPath(this.toHit(one.hit, marked, one))),
    }));
  }

  /** The ranked chunks (`depth` of them) for a search of `k` results, and the words to mark. */
  private async rank(
    query: string,
    k: number,
    depth: number,
    options: SearchOptions,
  ): Promise<{ ranked: Array<RankedChunk | { hit: ChunkHit; keywordRank?: undefined }>; marked: string }> {
    const parsed = parseSearchQuery(query);
    const resolved = resolveSearchFilters([parsed.filters, options.filters ?? {}], parsed.phrases, Date.now());
    const problems = [...parsed.errors, ...resolved.errors];
    if (problems.length > 0) throw new SemantikError('BAD_INPUT', `Cannot search: ${problems.join('; ')}`);
    const { filters } = resolved;
    const mode = options.mode ?? 'hybrid';
    const text = parsed.text;
    if (!/[\p{L}\p{N}]/u.test(text)) {
      return { ranked: hasFilters(filters) ? this.store.browseChunks(filters, depth).map((hit) => ({ hit })) : [], marked: text };
    }
    const vector = mode === 'keyword' ? null : await this.embedQuery(text);
    // The candidates of a k-result search, so that a longer list starts with the same chunks.
    const tuning = { candidates: candidateDepth(k), ...options.tuning };
    const ranked = rankChunks(this.store, { text, mode, k: depth, filters, vector, ...tuning });
    // Marking every "the" and "is" would hide the words that matter.
    return { ranked, marked: withoutStopWords(text.split(/\s+/u)).join(' ') };
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

  private toHit(hit: ChunkHit, marked: string, ranked: Partial<RankedChunk>): SearchHit {
    // Highlights come from the query's words, whichever ranking found the chunk; a browse has no ranks.
    return {
      ...toSearchHit(hit, marked),
      ...(ranked.keywordRank !== undefined ? { ranks: { keyword: ranked.keywordRank, vector: ranked.vectorRank ?? null } } : {}),
    };
  }

  /** Releases the model; a later search loads it again. */
  async close(): Promise<void> {
    if (this.embedder) await (await this.embedder).dispose();
    this.embedder = null;
  }
}
