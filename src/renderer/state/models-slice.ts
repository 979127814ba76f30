/**
 * Models: the list, the active model, a switch in progress and downloads (from `models:list` and
 * the pushed `models:changed`), the first-run recommendation, and the actions (download, switch).
 */
import type { ModelRecommendation, ModelsOverview } from '../../shared/models';
import { api, describeError } from './api-ref';
import { appActions } from './app-slice';
import { createSlice } from './create-slice';

interface ModelsState {
  overview: ModelsOverview | null;
  recommendation: ModelRecommendation | null;
  error: string | null;
  /** Model ids (or repositories) with a call in flight. */
  busy: string[];
}

const slice = createSlice<ModelsState>({ overview: null, recommendation: null, error: null, busy: [] });

/** Reads the models state. */
export const useModels = slice.use;

/** The share of a download done, 0..1, or null while its size is unknown. */
export function downloadFraction(done: number, total: number | null): number | null {
  return total === null || total === 0 ? null : Math.min(1, done / total);
}

/** Models actions; each reports its failure instead of throwing into React. */
export const modelActions = {
  /** Loads the list and the recommendation (the panel calls it once it shows). */
  async load(): Promise<void> {
    try {
      const [overview, recommendation] = await Promise.all([api().invoke('models:list', {}), api().invoke('models:recommendation', {})]);
      slice.set({ overview, recommendation, error: null });
    } catch (error) {
      slice.set({ error: `Loading models failed: ${describeError(error)}` });
    }
  },
  /** Takes a pushed overview; the offer follows it (a download done, a switch flipped). */
  apply(overview: ModelsOverview): void {
    const active = overview.models.find((model) => model.active);
    if (active) {
      const { id, name, dims, description } = active;
      appActions.setModel({ id, name, dims, description, builtIn: active.origin === 'built-in' });
    }
    slice.set((state) => {
      const offer = state.recommendation;
      if (offer === null) return { overview };
      const downloaded = overview.models.some((model) => model.id === offer.recommended.id);
      const usingBuiltIn = overview.models.find((model) => model.active)?.origin === 'built-in';
      return { overview, recommendation: { ...offer, downloaded, usingBuiltIn } };
    });
  },
  async download(repo: string, activate: boolean): Promise<void> {
    await withBusy(repo, `Downloading ${repo}`, () => api().invoke('models:download', { repo, activate }));
  },
  async cancel(id: string): Promise<void> {
    await withBusy(id, `Stopping the download of ${id}`, () => api().invoke('models:cancelDownload', { id }));
  },
  async activate(id: string): Promise<void> {
    await withBusy(id, `Switching to ${id}`, async () => slice.set({ overview: await api().invoke('models:activate', { id }) }));
  },
};

async function withBusy(key: string, what: string, run: () => Promise<unknown>): Promise<void> {
  slice.set((state) => ({ busy: [...state.busy, key] }));
  try {
    await run();
  } catch (error) {
    appActions.reportError(what, error);
  } finally {
    slice.set((state) => ({ busy: state.busy.filter((one) => one !== key) }));
  }
}
