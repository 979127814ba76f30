/**
 * What a read-only command (`status`, `gpus`) prints when no instance runs on the data folder:
 * plainly, or as `{ running: false }` with `--json`, and exit code 3.
 */
import { EXIT, type ExitCode } from './exit-codes';
import { printResult } from './output';

export function reportNoInstance(dataDir: string, json: boolean): ExitCode {
  printResult(json, { running: false, dataDir }, () => `No Semantik instance is running on ${dataDir}.`);
  return EXIT.NO_INSTANCE;
}
