/**
 * Log lines for a person at a terminal: `15:04:05 INFO  engine: engine started  workers=1`.
 *
 * The app logs pino's JSON lines; on a terminal they are hard to read, so the logger formats them
 * through this instead (SEMANTIK_LOG_FORMAT=json keeps JSON; output to a pipe or file stays JSON,
 * where tools read it). Worker output forwarded by the pool (`child`) reads as the worker's own line.
 */

const LEVEL_NAMES: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
/** Fields every line has, shown in the line's head rather than as key=value. */
const HEAD_FIELDS = new Set(['level', 'time', 'pid', 'component', 'worker', 'msg', 'hostname', 'child']);

interface LogRecord {
  level?: number;
  time?: string | number;
  component?: string;
  worker?: string;
  msg?: string;
  err?: { message?: string; type?: string };
  child?: LogRecord;
  [key: string]: unknown;
}

function clock(time: string | number | undefined): string {
  const date = time === undefined ? new Date() : new Date(time);
  return Number.isNaN(date.getTime()) ? '--:--:--' : date.toTimeString().slice(0, 8);
}

function value(raw: unknown): string {
  if (typeof raw === 'string') return /\s/.test(raw) ? JSON.stringify(raw) : raw;
  return JSON.stringify(raw) ?? String(raw);
}

function fields(record: LogRecord): string {
  return Object.entries(record)
    .filter(([key]) => !HEAD_FIELDS.has(key))
    .map(([key, raw]) => (key === 'err' ? `error=${value(record.err?.message ?? raw)}` : `${key}=${value(raw)}`))
    .join(' ');
}

/** One JSON log line (with or without its newline) as a line for people; other text is kept. */
export function prettyLogLine(line: string): string {
  let record: LogRecord;
  try {
    record = JSON.parse(line) as LogRecord;
  } catch {
    return line.endsWith('\n') ? line : `${line}\n`;
  }
  const source = record.child ?? record;
  const level = (LEVEL_NAMES[source.level ?? record.level ?? 30] ?? 'INFO').padEnd(5);
  const who = [record.worker ?? source.worker, source.component].filter(Boolean).join(' ');
  const rest = fields(source);
  return `${clock(source.time ?? record.time)} ${level} ${who ? `${who}: ` : ''}${source.msg ?? ''}${rest ? `  ${rest}` : ''}\n`;
}

/** Whether logs go out formatted: on a terminal, unless SEMANTIK_LOG_FORMAT says otherwise. */
export function wantsPrettyLogs(env: NodeJS.ProcessEnv, stderrIsTty: boolean): boolean {
  if (env.SEMANTIK_LOG_FORMAT === 'json') return false;
  if (env.SEMANTIK_LOG_FORMAT === 'pretty') return true;
  return stderrIsTty;
}
