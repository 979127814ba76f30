import { readdirSync, readFileSync } from 'node:fs';

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
