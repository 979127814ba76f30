/**
 * `semantik serve`: runs the engine headless, with the web monitor, until stopped (Ctrl-C). Its log
 * lines (and, through the pool, the workers') are kept in `<data folder>/logs` as well as on stderr.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import { createEngine } from '../engine/engine';
import { LOG_FILE_MAX_BYTES, LOG_FILES_KEPT, logsDirOf } from '../../node/log-file';
import { keepLogFile } from '../../node/logger';
import { cliEngineEntry } from './cli-bundle';
import { parseWebRoots } from '../engine/folder-policy';
import { setMonitorUrl } from '../engine/instance-file';
import { forkLauncher } from '../engine/pool/fork-launcher';
import { resolveMonitorCredentials } from '../web/credentials';
import { startWebMonitor } from '../web/web-monitor';
import { cliConfig } from './cli-config';
import { say } from './output';
import { untilStopSignal } from './stop-signals';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

export interface ServeOptions {
  host: string;
  port: number;
  dataDir?: string;
  readOnly?: boolean;
}

/** Runs until SIGINT, SIGTERM or SIGHUP; returns the exit code. */
export async function serveCommand(options: ServeOptions): Promise<number> {
  const config = cliConfig(options.dataDir);
  // Before anything starts, so that a failed start is in the file too.
  const logFile = keepLogFile(logsDirOf(config.dataDir));
  // Refuse a reachable host with generated credentials before starting anything.
  const credentials = resolveMonitorCredentials({ dataDir: config.dataDir, env: process.env, host: options.host });
  const webRoots = parseWebRoots(process.env.SEMANTIK_WEB_ROOTS);
  const staticDir = process.env.SEMANTIK_RENDERER_DIR ?? join(repoRoot, 'out', 'renderer');
  if (!existsSync(join(staticDir, 'index.html')))
    say(`semantik: the monitor page is not built (${staticDir}); run \`npm run build\` first. The API still answers.`);
  const engine = await createEngine({ ...cliEngineEntry(), launcher: forkLauncher, dataDir: config.dataDir, mode: 'headless' });
  const readOnly = Boolean(options.readOnly) || process.env.SEMANTIK_MONITOR_READ_ONLY === '1';
  let monitor;
  try {
    monitor = await startWebMonitor({ engine, host: options.host, port: options.port, credentials, readOnly, staticDir, webRoots });
  } catch (error) {
    await engine.stop();
    throw error;
  }
  setMonitorUrl(config.dataDir, monitor.url);
  const gpus = (await engine.handlers['gpus:list']({})).length;
  const workers = engine.pool.targetCount;
  process.stdout.write(
    `Semantik engine: ${workers} worker${workers === 1 ? '' : 's'} ${gpus > 0 ? `sharing ${gpus} GPU${gpus === 1 ? '' : 's'}` : 'on the CPU (no GPU found)'}, ` +
      `model ${engine.model.id}, data in ${config.dataDir}\n`,
  );
  process.stdout.write(`Semantik monitor listening on ${monitor.url}${readOnly ? ' (read-only)' : ''}\n`);
  if (logFile !== null)
    process.stdout.write(`Logs kept in ${logFile} (rotated at ${LOG_FILE_MAX_BYTES / 2 ** 20} MiB, ${LOG_FILES_KEPT} files kept)\n`);
  process.stdout.write(
    credentials.created
      ? `Generated monitor credentials (shown once; kept in ${join(config.dataDir, 'monitor-auth')}): user ${credentials.user}, password ${credentials.password}\n`
      : credentials.generated
        ? `Monitor credentials: user ${credentials.user}, password in ${join(config.dataDir, 'monitor-auth')}\n`
        : 'Monitor credentials: from SEMANTIK_MONITOR_AUTH\n',
  );
  await untilStopSignal();
  engine.beginStop();
  say('semantik: stopping (workers finish their current jobs)…');
  await monitor.close();
  await engine.stop();
  return 0;
}
