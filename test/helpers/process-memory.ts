/**
 * Peak memory of a process and all its descendants, from Linux's /proc: each process's VmHWM (its
 * resident set's high-water mark), sampled until stopped, so that a child that exits early is
 * still counted at its peak as of the last sample.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** One process's peak, with what it is. */
export interface ProcessPeak {
  pid: number;
  command: string;
  peakBytes: number;
}

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    // The process exited between listing and reading: its last sample stands.
    return null;
  }
}

/** Parent of every running process. */
function parents(): Map<number, number> {
  const map = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = read(`/proc/${name}/stat`);
    // Fields after the command (which may hold spaces and parentheses): state, then the parent's id.
    const ppid = stat ? Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) : NaN;
    if (!Number.isNaN(ppid)) map.set(Number(name), ppid);
  }
  return map;
}

function descendants(root: number): number[] {
  const byParent = parents();
  const found = [root];
  for (let i = 0; i < found.length; i++) for (const [pid, ppid] of byParent) if (ppid === found[i]) found.push(pid);
  return found;
}

/** Samples `root` and its descendants every `intervalMs` until `stop()`, which returns each one's peak. */
export function watchProcessTree(intervalMs = 100): { start(root: number): void; stop(): ProcessPeak[] } {
  const peaks = new Map<number, ProcessPeak>();
  let timer: NodeJS.Timeout | null = null;
  const sample = (root: number): void => {
    for (const pid of descendants(root)) {
      const status = read(`/proc/${pid}/status`);
      const hwm = status ? /^VmHWM:\s+(\d+) kB/m.exec(status) : null;
      if (!hwm) continue;
      const command = (read(`/proc/${pid}/cmdline`) ?? '').split('\0').filter(Boolean).slice(0, 3).join(' ');
      const bytes = Number(hwm[1]) * 1024;
      const known = peaks.get(pid);
      peaks.set(pid, { pid, command: known?.command || command, peakBytes: Math.max(bytes, known?.peakBytes ?? 0) });
    }
  };
  let rootPid = 0;
  return {
    start(root) {
      rootPid = root;
      sample(root);
      timer = setInterval(() => sample(root), intervalMs);
    },
    stop() {
      if (timer) clearInterval(timer);
      if (rootPid) sample(rootPid);
      return [...peaks.values()];
    },
  };
}
