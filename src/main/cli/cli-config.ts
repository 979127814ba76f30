/** The configuration a command runs with. */
import { loadConfig, type EngineConfig } from '../engine/config';

/** The configuration with a `--data-dir` flag applied. */
export function cliConfig(dataDir: string | undefined): EngineConfig {
  return loadConfig(process.env, dataDir ? { dataDir } : {});
}
