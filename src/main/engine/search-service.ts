/**
 * Search: embeds the query with the active model and asks the store for the nearest chunks.
 *
 * The query is embedded in this process on the CPU: one short text, a few milliseconds with the
 * built-in model. (In the Electron shell this runs on the main process; moving it to a worker job
 * is the plan if a large model makes it noticeable — see the README's known limits.)
 */
import type { SearchHit } from '../../shared/monitor-types';
import type { Store } from '../../node/store/store';
import { createEmbedder, type Embedder } from '../../workers/embed/embedder';

/** Embeds queries and searches the store, loading the model on first use. */
export class SearchService {
  private embedder: Promise<Embedder> | null = null;

  constructor(
    private readonly store: Store,
    private readonly modelDir: string,
  ) {}

  /** Top `k` chunks for `query`, best first, with snippets and highlight ranges. */
  async search(query: string, k: number): Promise<SearchHit[]> {
    this.embedder ??= createEmbedder({ modelDir: this.modelDir, device: { kind: 'cpu' }, threads: 1 });
    const embedder = await this.embedder;
    const vector = await embedder.embed([query]);
    const hits = this.store.searchVectors(embedder.info.id, vector, k);
    return hits.map((hit) => {
      const { snippet, highlights } = this.store.makeSnippet(hit.text, query);
      return { path: hit.path, score: hit.score, snippet, highlights, chunkIndex: hit.idx, lineStart: hit.lineStart, lineEnd: hit.lineEnd };
    });
  }

  async close(): Promise<void> {
    if (this.embedder) await (await this.embedder).dispose();
    this.embedder = null;
  }
}
