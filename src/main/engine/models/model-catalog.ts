/**
 * The models the engine knows: the built-in one, SEMANTIK_MODEL_DIR when set, and every
 * sentence-transformers ONNX folder (or app-format folder) in `<dataDir>/models`.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModelEntry, ModelProblem } from '../../../shared/models';
import { listModelFolders, type ModelPlaces } from '../../../node/models/model-folders';
import { loadModelSpec, type ModelSpec } from '../../../node/models/model-spec';

/** A usable model with where it comes from and its size on disk. */
export interface CatalogModel {
  spec: ModelSpec;
  origin: ModelEntry['origin'];
  sizeBytes: number;
}

/** Where models are. */
export interface CatalogOptions {
  builtInDir: string;
  /** SEMANTIK_MODEL_DIR, or null. */
  configuredDir: string | null;
  modelsDir: string;
}

/** Bytes of every file below `dir` (links not followed). */
export async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += await folderBytes(path);
    else if (entry.isFile()) total += (await stat(path).catch(() => null))?.size ?? 0;
  }
  return total;
}

/** Reads the model folders on each call (they are few; a download or a copy adds one at any time). */
export class ModelCatalog {
  constructor(readonly options: CatalogOptions) {}

  /** Where workers look up a model an embed job names. */
  places(): ModelPlaces {
    const { builtInDir, configuredDir, modelsDir } = this.options;
    return { dirs: configuredDir ? [configuredDir, builtInDir] : [builtInDir], modelsDir };
  }

  /** Every usable model (ids unique, first place wins) and every folder that is not one, with why. */
  async list(): Promise<{ models: CatalogModel[]; problems: ModelProblem[] }> {
    const { builtInDir, configuredDir, modelsDir } = this.options;
    const models: CatalogModel[] = [];
    const problems: ModelProblem[] = [];
    const add = async (spec: ModelSpec, origin: CatalogModel['origin']): Promise<void> => {
      const clash = models.find((model) => model.spec.id === spec.id);
      if (clash) {
        problems.push({ dir: spec.dir, reason: `same model id (${spec.id}) as ${clash.spec.dir}: rename the folder` });
        return;
      }
      models.push({ spec, origin, sizeBytes: await folderBytes(spec.dir) });
    };
    await add(await loadModelSpec(builtInDir), 'built-in');
    if (configuredDir) {
      try {
        await add(await loadModelSpec(configuredDir), 'configured');
      } catch (error) {
        problems.push({ dir: configuredDir, reason: `SEMANTIK_MODEL_DIR: ${(error as Error).message}` });
      }
    }
    for (const folder of await listModelFolders(modelsDir)) {
      if ('spec' in folder) await add(folder.spec, 'models-folder');
      else problems.push({ dir: folder.dir, reason: folder.error });
    }
    return { models, problems };
  }

  /** The model with this id, or null. */
  async find(modelId: string): Promise<CatalogModel | null> {
    return (await this.list()).models.find((model) => model.spec.id === modelId) ?? null;
  }
}
