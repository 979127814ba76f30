/**
 * Search with whichever model is active: a SearchService per model, replaced when a switch flips.
 *
 * Searches already running finish on the service they started with; that service is closed (its
 * model session freed) once the last of them is done.
 */
import type { FileSearchHit, SearchHit } from '../../../shared/monitor-types';
import type { Store } from '../../../node/store/store';
import { SearchService, type FileSearchOptions, type SearchOptions } from '../search-service';

interface Current {
  modelId: string;
  service: SearchService;
  running: number;
  retired: boolean;
}

/** The engine's search, always on the active model's vectors. */
export class ActiveSearch {
  private current: Current;

  constructor(
    private readonly store: Store,
    modelId: string,
    modelDir: string,
  ) {
    this.current = { modelId, service: new SearchService(store, modelDir), running: 0, retired: false };
  }

  /** The model whose vectors search ranks by. */
  get modelId(): string {
    return this.current.modelId;
  }

  /** See SearchService.search. */
  search(query: string, k: number, options: SearchOptions = {}): Promise<SearchHit[]> {
    return this.withService((service) => service.search(query, k, options));
  }

  /** See SearchService.searchFiles. */
  searchFiles(query: string, k: number, options: FileSearchOptions = {}): Promise<FileSearchHit[]> {
    return this.withService((service) => service.searchFiles(query, k, options));
  }

  /** Runs a search on the current service, which is closed after its last search once retired. */
  private async withService<R>(run: (service: SearchService) => Promise<R>): Promise<R> {
    const entry = this.current;
    entry.running += 1;
    try {
      return await run(entry.service);
    } finally {
      entry.running -= 1;
      if (entry.retired && entry.running === 0) await entry.service.close();
    }
  }

  /** Searches from now on embed queries with `modelId` and rank by its vectors. */
  async use(modelId: string, modelDir: string): Promise<void> {
    if (modelId === this.current.modelId) return;
    const old = this.current;
    this.current = { modelId, service: new SearchService(this.store, modelDir), running: 0, retired: false };
    old.retired = true;
    if (old.running === 0) await old.service.close();
  }

  async close(): Promise<void> {
    this.current.retired = true;
    await this.current.service.close();
  }
}
