/**
 * The folder of the index's active model, for commands that search without an engine
 * (`semantik search` reads the store beside a running instance, or alone).
 */
import { join } from 'node:path';
import type { Store } from '../../../node/store/store';
import { defaultModelDir } from '../../../node/models/default-model-dir';
import { ModelCatalog } from './model-catalog';

/** The active model's folder, else SEMANTIK_MODEL_DIR, else the built-in model's. */
export async function activeModelDir(store: Store, dataDir: string, configuredDir: string | null): Promise<string> {
  const fallback = configuredDir ?? defaultModelDir();
  const active = store.modelSelection().get().active;
  if (active === null) return fallback;
  const catalog = new ModelCatalog({ builtInDir: defaultModelDir(), configuredDir, modelsDir: join(dataDir, 'models') });
  return (await catalog.find(active))?.spec.dir ?? fallback;
}
