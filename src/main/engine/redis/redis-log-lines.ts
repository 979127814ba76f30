/**
 * What redis-server's own log lines mean to the person running the app.
 *
 * Redis marks each line with . - * # (debug, verbose, notice, warning), but it also uses `#` for
 * routine start-up lines ("Redis is starting", "Server initialized"): only lines that say WARNING
 * are warnings; the rest is debug detail. Some warnings are about the host, not the app, and come
 * at every start (the memory overcommit one): they become one plain line, once per process.
 */

/** A line for the app's log: its level and text. */
export interface RedisLogLine {
  level: 'debug' | 'warn';
  text: string;
}

const WARNING_LINE = / # WARNING/;

/** Host warnings the app cannot act on, with what they mean in a line. */
const HOST_NOTES: Array<{ pattern: RegExp; note: string }> = [
  {
    pattern: /WARNING Memory overcommit must be enabled/,
    note:
      'Linux memory overcommit is off (vm.overcommit_memory=0): Redis may fail to rewrite its AOF when memory is short; ' +
      '`sysctl vm.overcommit_memory=1` (as root) avoids it',
  },
];

const noted = new Set<string>();

/** Classifies one line of redis-server output (`stderr` lines are always warnings). */
export function classifyRedisLine(line: string, stream: 'stdout' | 'stderr'): RedisLogLine {
  const host = HOST_NOTES.find(({ pattern }) => pattern.test(line));
  if (host !== undefined) {
    if (noted.has(host.note)) return { level: 'debug', text: `redis: ${line}` };
    noted.add(host.note);
    return { level: 'warn', text: host.note };
  }
  if (stream === 'stderr' || WARNING_LINE.test(line)) return { level: 'warn', text: `redis: ${line}` };
  return { level: 'debug', text: `redis: ${line}` };
}
