/**
 * The tasks table's columns: which exist, what each is called, which sort field it sorts by, how
 * wide it is, and which ones a person chose to see (kept in the browser's storage).
 */
import type { TaskSortField } from '../../shared/tasks';

/** Every column the table can show, in display order. */
export const TASK_COLUMNS = [
  'job',
  'state',
  'queue',
  'priority',
  'attempts',
  'worker',
  'device',
  'folder',
  'progress',
  'added',
  'started',
  'finished',
  'duration',
  'parent',
  'error',
] as const;
export type TaskColumn = (typeof TASK_COLUMNS)[number];

/** A column's header, its sort field (null: not sortable) and its grid track. */
export interface ColumnInfo {
  label: string;
  sort: TaskSortField | null;
  width: string;
}

/** How each column is shown. */
export const COLUMN_INFO: Record<TaskColumn, ColumnInfo> = {
  job: { label: 'job', sort: 'name', width: 'minmax(160px, 2.2fr)' },
  state: { label: 'state', sort: 'state', width: '110px' },
  queue: { label: 'queue', sort: 'queue', width: '70px' },
  priority: { label: 'priority', sort: null, width: '64px' },
  attempts: { label: 'attempts', sort: 'attempts', width: '70px' },
  worker: { label: 'worker', sort: 'worker', width: '64px' },
  device: { label: 'device', sort: 'device', width: '70px' },
  folder: { label: 'folder', sort: 'folder', width: 'minmax(120px, 1.6fr)' },
  progress: { label: 'progress', sort: 'progress', width: '70px' },
  added: { label: 'added', sort: 'addedAt', width: '86px' },
  started: { label: 'started', sort: 'startedAt', width: '86px' },
  finished: { label: 'finished', sort: 'finishedAt', width: '86px' },
  duration: { label: 'duration', sort: 'duration', width: '80px' },
  parent: { label: 'parent', sort: null, width: 'minmax(100px, 1fr)' },
  error: { label: 'error', sort: null, width: 'minmax(140px, 2fr)' },
};

/** The columns shown until a person picks others. */
export const DEFAULT_COLUMNS: readonly TaskColumn[] = [
  'job',
  'state',
  'attempts',
  'worker',
  'device',
  'folder',
  'added',
  'duration',
  'error',
];

const STORAGE_KEY = 'semantik.tasks.columns';

/** Keeps known columns, in display order, without repeats; the job column is always there. */
export function normalizeColumns(columns: readonly string[]): TaskColumn[] {
  const chosen = new Set(columns);
  chosen.add('job');
  return TASK_COLUMNS.filter((column) => chosen.has(column));
}

/** The columns saved in the browser, or the defaults. */
export function loadColumns(): TaskColumn[] {
  try {
    const raw = globalThis.localStorage?.getItem(STORAGE_KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : null;
    if (Array.isArray(parsed) && parsed.every((item) => typeof item === 'string')) return normalizeColumns(parsed);
  } catch {
    // Storage unavailable (a locked-down browser) or garbled: the defaults will do.
  }
  return [...DEFAULT_COLUMNS];
}

/** Saves the choice; a browser that refuses storage keeps it for this page only. */
export function saveColumns(columns: readonly TaskColumn[]): void {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify(columns));
  } catch {
    // Storage refused (private mode, quota): the choice lives in the slice until the page closes.
  }
}

/** The CSS grid template of the shown columns. */
export function gridTemplate(columns: readonly TaskColumn[]): string {
  return columns.map((column) => COLUMN_INFO[column].width).join(' ');
}
