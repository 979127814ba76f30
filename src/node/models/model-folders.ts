/**
 * Model folders: every model in a models folder (one subfolder each), and finding a model's folder
 * by its id. Used by workers (an embed job names its model) and by the supervisor's models list.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { SemantikError } from '../../shared/errors';
import { loadModelSpec, type ModelSpec } from './model-spec';

/** A subfolder of the models folder: its spec, or why it is not a usable model. */
export type ModelFolder = { dir: string; spec: ModelSpec } | { dir: string; error: string };

/**
 * Reads each subfolder of `modelsDir` (none when it does not exist). Names starting with a dot are
 * skipped: downloads in progress live in `.downloads/` until they are complete.
 */
export async function listModelFolders(modelsDir: string): Promise<ModelFolder[]> {
  let names: string[];
  try {
    const entries = await readdir(modelsDir, { withFileTypes: true });
    names = entries.filter((entry) => entry.isDirectory() && !entry.name.startsWith('.')).map((entry) => entry.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new SemantikError('MODEL', `Cannot read the models folder ${modelsDir}`, { cause: error });
  }
  names.sort();
  return Promise.all(
    names.map(async (name): Promise<ModelFolder> => {
      const dir = join(modelsDir, name);
      try {
        return { dir, spec: await loadModelSpec(dir) };
      } catch (error) {
        return { dir, error: error instanceof Error ? error.message : String(error) };
      }
    }),
  );
}

/** Where to look for models: single folders first, then each subfolder of the models folder. */
export interface ModelPlaces {
  dirs: readonly string[];
  modelsDir?: string;
}

/** The spec of the model `modelId`, or null when no folder of `places` holds it. */
export async function findModel(modelId: string, places: ModelPlaces): Promise<ModelSpec | null> {
  for (const dir of places.dirs) {
    const spec = await loadModelSpec(dir).catch(() => null);
    if (spec?.id === modelId) return spec;
  }
  if (!places.modelsDir) return null;
  for (const folder of await listModelFolders(places.modelsDir)) {
    if ('spec' in folder && folder.spec.id === modelId) return folder.spec;
  }
  return null;
}
