/**
 * The children of a process and their resident memory, from Linux's /proc: how the benches find
 * the worker processes of a `semantik serve` they started, and sample their RSS.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** The file's text, or null when the process (or thread) is gone. */
function readProc(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    // The process exited between listing and reading: it simply has nothing to report.
    return null;
  }
}

/** The direct children of `pid` (every thread's `children` list: a child may be forked by any thread). */
export function childPids(pid: number): number[] {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const found = new Set<number>();
  for (const tid of tasks) {
    for (const child of (readProc(`/proc/${pid}/task/${tid}/children`) ?? '').split(' ')) if (child) found.add(Number(child));
  }
  return [...found];
}

/** The command line of `pid`, arguments joined by spaces ('' when it is gone). */
export function commandLine(pid: number): string {
  return (readProc(`/proc/${pid}/cmdline`) ?? '').split('\0').join(' ').trim();
}

/** The resident set of `pid` in bytes (VmRSS), or null when it is gone. */
export function rssBytes(pid: number): number | null {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(readProc(`/proc/${pid}/status`) ?? '');
  return match ? Number(match[1]) * 1024 : null;
}
