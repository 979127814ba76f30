/**
 * The processes of a process group, read from /proc (Linux): what a killed `semantik serve` leaves.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { processAlive } from '../../src/main/engine/instance-file';

/** A process: its pid and command line. */
export interface ProcessRow {
  pid: number;
  command: string;
}

/** The live (not zombie) processes whose process group is `pgid`. */
export function processGroup(pgid: number): ProcessRow[] {
  const rows: ProcessRow[] = [];
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // "pid (comm) state ppid pgrp ...": comm may hold spaces, so count from the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) !== pgid || !processAlive(pid)) continue;
      rows.push({ pid, command: readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim() });
    } catch {
      // The process ended while the list was read.
    }
  }
  return rows;
}

/** Which of `rows` still run. */
export function stillRunning(rows: ProcessRow[]): ProcessRow[] {
  return rows.filter((row) => processAlive(row.pid));
}
