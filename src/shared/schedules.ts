/**
 * Periodic tasks (BullMQ job schedulers): what the schedule list shows, and the validation of cron
 * patterns before they reach BullMQ, so that a person gets a message naming the bad field rather
 * than a parser's stack.
 */

/** One schedule as the monitor lists it. */
export interface ScheduleInfo {
  /** The scheduler's id, e.g. `cleanup_old_results`. */
  name: string;
  queue: string;
  /** The job it adds each time, e.g. `cleanup_old_results`. */
  task: string;
  pattern: string | null;
  /** Fixed interval in ms, for schedules made with `every` rather than a pattern. */
  everyMs: number | null;
  tz: string | null;
  /** Epoch ms of the next run, or null when BullMQ has none (ended). */
  nextRunAt: number | null;
  /** The job template's data (e.g. the cleanup's retention). */
  data: unknown;
  /** The latest run recorded in history, or null when it never ran. */
  lastRun: { ref: string; state: string; finishedAt: number | null; result: unknown; error: string | null } | null;
}

/** The name of the daily cleanup's scheduler (and of its job). */
export const CLEANUP_SCHEDULE = 'cleanup_old_results';
/** Daily at midnight (local time: the scheduler is given the machine's time zone). */
export const CLEANUP_PATTERN = '0 0 * * *';
/** Results and job records older than this are removed by the cleanup, unless configured. */
export const DEFAULT_RETENTION_DAYS = 7;

const ALIASES: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

interface Field {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const FIELDS: readonly Field[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  // 7 is Sunday too, as in most cron implementations.
  { name: 'day of week', min: 0, max: 7, names: DAYS },
];
const SECONDS: Field = { name: 'second', min: 0, max: 59 };

/** The pattern BullMQ is given: aliases like `@daily` expanded, spaces normalised. */
export function normalizeCron(pattern: string): string {
  const trimmed = pattern.trim().replace(/\s+/g, ' ');
  return ALIASES[trimmed.toLowerCase()] ?? trimmed;
}

/**
 * Checks a cron pattern (5 fields, or 6 with seconds first); returns null when valid, else why not.
 *
 * Accepts `*`, `?` (day fields), numbers, `a-b` ranges, `x/step` steps, comma lists and month and
 * weekday names; this is the subset every cron parser agrees on.
 */
export function cronProblem(pattern: string): string | null {
  const fields = normalizeCron(pattern).split(' ');
  if (fields.length !== 5 && fields.length !== 6) {
    return `a cron pattern has 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first; "${pattern}" has ${fields.length}`;
  }
  const specs = fields.length === 6 ? [SECONDS, ...FIELDS] : FIELDS;
  for (const [i, text] of fields.entries()) {
    // specs and fields have the same length here.
    const spec = specs[i]!;
    const problem = fieldProblem(text, spec);
    if (problem) return `${spec.name} field "${text}": ${problem}`;
  }
  return null;
}

function fieldProblem(text: string, spec: Field): string | null {
  for (const item of text.split(',')) {
    if (item === '') return 'empty list item';
    const [range, step, extra] = item.split('/');
    if (extra !== undefined) return 'more than one "/"';
    if (step !== undefined && !/^\d+$/.test(step)) return `step "${step}" is not a number`;
    if (step !== undefined && (Number(step) < 1 || Number(step) > spec.max)) return `step ${step} is out of range`;
    if (range === '*' || (range === '?' && spec.name.startsWith('day'))) continue;
    const bounds = (range ?? '').split('-');
    if (bounds.length > 2) return `"${range}" is not a range`;
    const values = bounds.map((bound) => valueOf(bound, spec));
    for (const [j, value] of values.entries()) {
      if (value === null) return `"${bounds[j]}" is not a value from ${spec.min} to ${spec.max}`;
    }
    if (values.length === 2 && (values[0] as number) > (values[1] as number)) return `range "${range}" runs backwards`;
  }
  return null;
}

function valueOf(text: string, spec: Field): number | null {
  if (/^\d+$/.test(text)) {
    const value = Number(text);
    return value >= spec.min && value <= spec.max ? value : null;
  }
  const index = spec.names?.indexOf(text.toLowerCase()) ?? -1;
  if (index < 0) return null;
  return spec.name === 'month' ? index + 1 : index;
}
