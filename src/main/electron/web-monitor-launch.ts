/**
 * The desktop app's web monitor, started on first use from the tray on 127.0.0.1 (never beyond
 * this machine from the desktop app; `semantik serve --host` is for that).
 */
import type { Engine } from '../engine/engine-types';
import { parseWebRoots } from '../engine/folder-policy';
import { resolveMonitorCredentials, type MonitorCredentials } from '../web/credentials';
import { startWebMonitor, type WebMonitor } from '../web/web-monitor';

/** The port the web monitor tries first (Flower's habit); a free one is taken when it is busy. */
export const DEFAULT_MONITOR_PORT = 5555;

let started: Promise<{ monitor: WebMonitor; credentials: MonitorCredentials }> | null = null;

/** Starts the monitor once; later calls return the same one. */
export function startLocalWebMonitor(
  engine: Engine,
  rendererDir: string,
): Promise<{ monitor: WebMonitor; credentials: MonitorCredentials }> {
  started ??= (async () => {
    const host = '127.0.0.1';
    const credentials = resolveMonitorCredentials({ dataDir: engine.dataDir, env: process.env, host });
    const webRoots = parseWebRoots(process.env.SEMANTIK_WEB_ROOTS);
    const options = { engine, host, credentials, readOnly: false, staticDir: rendererDir, webRoots };
    const monitor = await startWebMonitor({ ...options, port: DEFAULT_MONITOR_PORT }).catch(() => startWebMonitor({ ...options, port: 0 }));
    return { monitor, credentials };
  })();
  const attempt = started;
  // A failed start may be retried from the tray.
  attempt.catch(() => {
    if (started === attempt) started = null;
  });
  return attempt;
}

/** Stops the monitor if it was started. */
export async function stopLocalWebMonitor(): Promise<void> {
  const current = started;
  started = null;
  if (current !== null) await (await current).monitor.close();
}
