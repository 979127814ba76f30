/**
 * The engine's models: which one is active (recorded in the store), the models list, downloads,
 * blue/green switches and the first-run recommendation, composed for the API handlers.
 */
import type { QueueSet } from '../queue-set';
import { mkdirSync } from 'node:fs';
import type { ModelInfo } from '../../../shared/monitor-types';
import {
  RECOMMENDED_MODEL,
  type DownloadInfo,
  type ModelEntry,
  type ModelRecommendation,
  type ModelsOverview,
} from '../../../shared/models';
import { childLogger } from '../../../node/logger';
import type { RedisConnectionOptions } from '../../../node/redis-options';
import type { Store } from '../../../node/store/store';
import type { ModelPlaces } from '../../../node/models/model-folders';
import { loadModelSpec, type ModelSpec } from '../../../node/models/model-spec';
import { ActiveSearch } from './active-search';
import { DownloadManager, type DownloadRequest } from './download-manager';
import { HubProbe } from './hub-probe';
import { ModelCatalog, type CatalogModel } from './model-catalog';
import { ModelSwitcher } from './model-switcher';

const log = childLogger('models');
/** `models:changed` is pushed at most this often. */
const PUSH_MS = 250;

/** The engine parts and settings the models service works with. */
export interface ModelsServiceOptions {
  store: Store;
  /** `<dataDir>/models`. */
  modelsDir: string;
  builtInDir: string;
  /** SEMANTIK_MODEL_DIR, or null. */
  configuredDir: string | null;
  /** SEMANTIK_HF_ENDPOINT. */
  endpoint: string;
  queues: QueueSet;
  connection: RedisConnectionOptions;
  /** Pushes the overview (the `models:changed` event). */
  emit(overview: ModelsOverview): void;
}

function toInfo(model: CatalogModel): ModelInfo {
  const { id, name, dims, description } = model.spec;
  return { id, name, dims, description, builtIn: model.origin === 'built-in' };
}

/** Models for one engine. Create with `ModelsService.open`. */
export class ModelsService {
  readonly search: ActiveSearch;
  private readonly switcher: ModelSwitcher;
  private readonly downloads: DownloadManager;
  private readonly probe: HubProbe;
  private pushTimer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  private constructor(
    private readonly options: ModelsServiceOptions,
    readonly catalog: ModelCatalog,
    private active: CatalogModel,
  ) {
    this.search = new ActiveSearch(options.store, active.spec.id, active.spec.dir);
    this.switcher = new ModelSwitcher({
      store: options.store,
      catalog,
      embedQueue: options.queues.get('embed'),
      ingestQueue: options.queues.get('ingest'),
      connection: options.connection,
      keys: options.queues.keys,
      search: this.search,
      onChange: () => this.changed(),
    });
    this.downloads = new DownloadManager({
      modelsDir: options.modelsDir,
      endpoint: options.endpoint,
      onChange: () => this.changed(),
      onComplete: async (info) => {
        if (info.activate) await this.activate(info.id);
      },
    });
    this.probe = new HubProbe(options.endpoint, RECOMMENDED_MODEL.repo);
  }

  /**
   * Reads the models and settles the active one: the one the store records if its folder is still
   * there, else SEMANTIK_MODEL_DIR or the built-in model. A SEMANTIK_MODEL_DIR that differs from
   * the active model starts a switch to it (settings from the environment win).
   */
  static async open(options: ModelsServiceOptions): Promise<ModelsService> {
    mkdirSync(options.modelsDir, { recursive: true });
    const catalog = new ModelCatalog({
      builtInDir: options.builtInDir,
      configuredDir: options.configuredDir,
      modelsDir: options.modelsDir,
    });
    const fallback: ModelSpec = await loadModelSpec(options.configuredDir ?? options.builtInDir);
    const selection = options.store.modelSelection();
    const recorded = selection.get().active;
    let active = recorded === null ? null : await catalog.find(recorded);
    if (!active) {
      if (recorded !== null) log.warn({ model: recorded, now: fallback.id }, 'the active model folder is gone; using the default model');
      selection.setActive(fallback.id);
      // loadModelSpec succeeded above, so the catalog lists it.
      active = (await catalog.find(fallback.id))!;
    }
    const service = new ModelsService(options, catalog, active);
    if (options.configuredDir && fallback.id !== active.spec.id && selection.get().pending !== fallback.id) {
      await service.activate(fallback.id);
    }
    return service;
  }

  /** The active model as the header shows it. */
  activeModel(): ModelInfo {
    return toInfo(this.active);
  }

  /** The active model's folder (workers start with it). */
  activeDir(): string {
    return this.active.spec.dir;
  }

  /** Where workers look up a model an embed job names. */
  places(): ModelPlaces {
    return this.catalog.places();
  }

  /** Starts the switch and coverage timer. */
  start(): void {
    this.switcher.start();
  }

  /** Everything the models panel shows. */
  async overview(): Promise<ModelsOverview> {
    const { models, problems } = await this.catalog.list();
    const row = this.options.store.modelSelection().get();
    const entries: ModelEntry[] = models.map((model) => ({
      id: model.spec.id,
      name: model.spec.name,
      dims: model.spec.dims,
      sizeBytes: model.sizeBytes,
      format: model.spec.format,
      origin: model.origin,
      active: model.spec.id === row.active,
      pending: model.spec.id === row.pending,
      description: model.spec.description,
      dir: model.spec.dir,
    }));
    return {
      models: entries,
      problems,
      active: row.active ?? this.active.spec.id,
      switch: this.switcher.info(),
      downloads: this.downloads.list(),
      modelsDir: this.options.modelsDir,
    };
  }

  /** Switches to a model (see ModelSwitcher.activate). */
  async activate(modelId: string): Promise<void> {
    await this.switcher.activate(modelId);
    await this.refreshActive();
  }

  /** Starts a download (or returns the one running for the same folder). */
  download(request: DownloadRequest): DownloadInfo {
    return this.downloads.start(request);
  }

  /** Waits for a download to end. */
  whenDownloaded(id: string): Promise<DownloadInfo> {
    return this.downloads.whenDone(id);
  }

  /** Every download since the engine started. */
  downloadList(): DownloadInfo[] {
    return this.downloads.list();
  }

  /** Stops a download; it resumes when asked again. */
  cancelDownload(id: string): DownloadInfo {
    return this.downloads.cancel(id);
  }

  /** Whether the hub answers and what to download; what the built-in model means offline. */
  async recommendation(): Promise<ModelRecommendation> {
    const [hub, { models }] = await Promise.all([this.probe.check(), this.catalog.list()]);
    const builtIn = models.find((model) => model.origin === 'built-in');
    return {
      hubReachable: hub.reachable,
      endpoint: this.options.endpoint,
      reason: hub.reason,
      recommended: { ...RECOMMENDED_MODEL },
      downloaded: models.some((model) => model.spec.id === RECOMMENDED_MODEL.id),
      usingBuiltIn: this.active.origin === 'built-in',
      builtInNote: builtIn?.spec.description ?? '',
    };
  }

  async stop(): Promise<void> {
    this.closed = true;
    if (this.pushTimer) clearTimeout(this.pushTimer);
    await this.downloads.close();
    await this.switcher.stop();
    await this.search.close();
  }

  /** Follows the store's active model (a switch flips it). */
  private async refreshActive(): Promise<void> {
    const activeId = this.switcher.activeId();
    if (activeId !== this.active.spec.id) this.active = (await this.catalog.find(activeId)) ?? this.active;
  }

  /** Refreshes the active model and pushes the overview, coalesced. */
  private changed(): void {
    if (this.closed || this.pushTimer) return;
    this.pushTimer = setTimeout(() => {
      this.pushTimer = null;
      void this.push();
    }, PUSH_MS);
  }

  private async push(): Promise<void> {
    try {
      await this.refreshActive();
      const overview = await this.overview();
      if (!this.closed) this.options.emit(overview);
    } catch (error) {
      log.warn({ err: error }, 'cannot build the models overview');
    }
  }
}
