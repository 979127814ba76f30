/**
 * The API handlers of the `models:*` calls. Spread into the engine's handler map by api-handlers.ts.
 */
import type { ApiHandlers } from '../../../shared/api';
import type { ModelsService } from './models-service';

type ModelCalls =
  'models:list' | 'models:download' | 'models:downloads' | 'models:cancelDownload' | 'models:activate' | 'models:recommendation';

/** The `models:*` handlers over the engine's models service. */
export function createModelHandlers(models: ModelsService): Pick<ApiHandlers, ModelCalls> {
  return {
    'models:list': () => models.overview(),
    'models:download': async ({ repo, revision, checksums, activate }) =>
      models.download({ repo, revision, activate, ...(checksums ? { checksums } : {}) }),
    'models:downloads': async () => models.downloadList(),
    'models:cancelDownload': async ({ id }) => models.cancelDownload(id),
    'models:activate': async ({ id }) => {
      await models.activate(id);
      return models.overview();
    },
    'models:recommendation': () => models.recommendation(),
  };
}
