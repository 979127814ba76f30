/**
 * One engine per data folder: `instance.json` records the running one (pid, Redis address), so a
 * second `semantik serve` refuses to start and `semantik index` can use the running instance.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { SemantikError } from '../../shared/errors';

const instanceSchema = z.object({
  pid: z.number().int(),
  startedAt: z.number(),
  redisUrl: z.string(),
  externalRedis: z.boolean(),
  monitorUrl: z.string().nullable(),
});
export type InstanceInfo = z.infer<typeof instanceSchema>;

export function instanceFile(dataDir: string): string {
  return join(dataDir, 'instance.json');
}

/**
 * True while the process runs. A zombie (killed, not yet reaped by its parent) counts as gone:
 * signal 0 still reaches it, so on Linux its state in /proc decides.
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}

function isZombie(pid: number): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    // No /proc (macOS, Windows) or the process just went: signal 0 answered for it, so trust that.
    return false;
  }
  // "pid (name) S ...": the name may hold spaces and parentheses, the state follows the last ')'.
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
}

/** The running instance on this data folder, or null (a stale file from a crash is ignored). */
export function readInstance(dataDir: string): InstanceInfo | null {
  const file = instanceFile(dataDir);
  if (!existsSync(file)) return null;
  try {
    const info = instanceSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    return info.pid !== process.pid && processAlive(info.pid) ? info : null;
  } catch {
    return null;
  }
}

/** Claims the data folder for this process; throws if another live instance holds it. */
export function claimInstance(dataDir: string, info: Omit<InstanceInfo, 'pid' | 'startedAt'>): InstanceInfo {
  const running = readInstance(dataDir);
  if (running) {
    throw new SemantikError(
      'UNAVAILABLE',
      `Another Semantik instance (pid ${running.pid}) is running on ${dataDir}; stop it or use another SEMANTIK_DATA_DIR`,
    );
  }
  const claimed: InstanceInfo = { pid: process.pid, startedAt: Date.now(), ...info };
  writeFileSync(instanceFile(dataDir), JSON.stringify(claimed, null, 2), { mode: 0o600 });
  return claimed;
}

/** Records the web monitor's address in this process's claim. */
export function setMonitorUrl(dataDir: string, monitorUrl: string): void {
  const info = instanceSchema.parse(JSON.parse(readFileSync(instanceFile(dataDir), 'utf8')));
  if (info.pid !== process.pid) return;
  writeFileSync(instanceFile(dataDir), JSON.stringify({ ...info, monitorUrl }, null, 2), { mode: 0o600 });
}

/** Releases the claim if it is ours. */
export function releaseInstance(dataDir: string): void {
  const file = instanceFile(dataDir);
  try {
    const info = instanceSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    if (info.pid === process.pid) rmSync(file, { force: true });
  } catch {
    // Missing or unreadable: nothing of ours to release.
  }
}
