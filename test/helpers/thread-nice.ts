import { readdirSync, readFileSync } from 'node:fs';
import { getPriority } from 'node:os';

/** The nice value of each thread of this process, from /proc (Linux keeps one per thread). */
export function threadNiceValues(): number[] {
  return readdirSync('/proc/self/task').flatMap((tid) => {
    try {
      // Fields after the command name, which sits in parentheses and may hold spaces: nice is the 19th field.
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      return [Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16])];
    } catch {
      return [];
    }
  });
}

/** How many threads of this process run below the calling thread's priority. */
export function threadsBelowCaller(): number {
  const caller = getPriority(0);
  return threadNiceValues().filter((nice) => nice > caller).length;
}
