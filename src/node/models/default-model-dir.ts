/** Where the built-in model lives, in a checkout and in a packaged app. */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Folder name of the built-in model under `resources/models`. */
export const DEFAULT_MODEL_ID = 'semantik-glove-sif-100d';

/**
 * The built-in model's folder: `$SEMANTIK_RESOURCES_DIR/models/…` when set (a packaged app points
 * it at its resources), else `resources/models/…` of this checkout, found from this file's location.
 */
export function defaultModelDir(env: NodeJS.ProcessEnv = process.env): string {
  const resources = env.SEMANTIK_RESOURCES_DIR ?? resolve(fileURLToPath(import.meta.url), '..', '..', '..', '..', 'resources');
  return join(resources, 'models', DEFAULT_MODEL_ID);
}
