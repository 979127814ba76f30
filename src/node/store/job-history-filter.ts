/**
 * A task filter as SQL: the WHERE clause and its parameters, and the ORDER BY of a sort string.
 *
 * Every value is a bound parameter; column names come from fixed maps, never from input.
 */
import type { TaskFilter } from '../../shared/task-query';
import type { TaskSortField } from '../../shared/tasks';

/** A WHERE clause (`1` when nothing filters) and its positional parameters. */
export interface SqlFilter {
  where: string;
  params: Array<string | number>;
  /** True when the filter has no condition (the counts table can answer). */
  empty: boolean;
}

const SORT_COLUMNS: Record<TaskSortField, string> = {
  addedAt: 'added_at',
  startedAt: 'started_at',
  finishedAt: 'finished_at',
  duration: 'duration_ms',
  name: 'name',
  state: 'state',
  queue: 'queue',
  attempts: 'attempts',
  worker: 'worker',
  device: 'device',
  folder: 'folder',
  progress: 'progress',
};

/**
 * `-addedAt` → `added_at DESC, id DESC` (the id makes the order total, so pages never overlap).
 *
 * With a text search, "by added time" becomes "by record id": ids follow the order the recorder saw
 * jobs added (only jobs backfilled after a gap differ), and FTS5 yields matches in id order, so the
 * first page of a search matching half a million jobs reads 50 of them, not all.
 */
export function orderBy(sort: string, searching = false): string {
  const descending = sort.startsWith('-');
  const field = (descending ? sort.slice(1) : sort) as TaskSortField;
  const direction = descending ? 'DESC' : 'ASC';
  if (searching && field === 'addedAt') return `id ${direction}`;
  const column = SORT_COLUMNS[field] ?? 'added_at';
  return `${column} ${direction}, id ${direction}`;
}

/** The smallest string greater than every string starting with `prefix` (binary collation). */
function prefixEnd(prefix: string): string {
  const last = prefix.codePointAt(prefix.length - 1) ?? 0;
  return prefix.slice(0, prefix.length - (last > 0xffff ? 2 : 1)) + String.fromCodePoint(last + 1);
}

/** What filterSql leaves out or qualifies. */
export interface FilterSqlOptions {
  /** Include the state condition. @defaultValue true (false for the counts per state) */
  states?: boolean;
  /** Include the full-text condition. @defaultValue true (false when the caller joins the index) */
  text?: boolean;
  /** Qualify columns with this table alias (in a join with the FTS table, whose columns overlap). */
  alias?: string;
}

/** Builds the WHERE clause of a filter. */
export function filterSql(filter: TaskFilter, options: FilterSqlOptions = {}): SqlFilter {
  const clauses: string[] = [];
  const params: Array<string | number> = [];
  const q = options.alias ? `${options.alias}.` : '';
  const inList = (name: string, values: readonly string[] | undefined): void => {
    const column = `${q}${name}`;
    if (!values) return;
    if (values.length === 0) {
      clauses.push('0');
      return;
    }
    clauses.push(`${column} IN (${values.map(() => '?').join(', ')})`);
    params.push(...values);
  };
  if (options.states !== false) inList('state', filter.states);
  inList('name', filter.names);
  inList('queue', filter.queues);
  inList('worker', filter.workers);
  inList('job_id', filter.ids);
  if (filter.devices) {
    // Ranges, not LIKE: they use the index and treat % and _ in a device name literally.
    const parts = filter.devices.filter(Boolean).map((device) => {
      params.push(device, prefixEnd(device));
      return `(${q}device >= ? AND ${q}device < ?)`;
    });
    clauses.push(parts.length > 0 ? `(${parts.join(' OR ')})` : '0');
  }
  if (filter.folders) {
    // A folder matches itself and what is below it, not its siblings with a longer name.
    const parts = filter.folders.filter(Boolean).map((folder) => {
      const base = folder.length > 1 ? folder.replace(/\/+$/, '') : folder;
      const below = base.endsWith('/') ? base : `${base}/`;
      params.push(base, below, prefixEnd(below));
      return `(${q}folder = ? OR (${q}folder >= ? AND ${q}folder < ?))`;
    });
    clauses.push(parts.length > 0 ? `(${parts.join(' OR ')})` : '0');
  }
  if (filter.after !== undefined) {
    clauses.push(`${q}added_at >= ?`);
    params.push(filter.after);
  }
  if (filter.before !== undefined) {
    clauses.push(`${q}added_at < ?`);
    params.push(filter.before);
  }
  const match = options.text === false ? null : ftsMatch(filter.text ?? []);
  if (match !== null) {
    clauses.push(`${q}id IN (SELECT rowid FROM jobs_fts WHERE jobs_fts MATCH ?)`);
    params.push(match);
  }
  return { where: clauses.length > 0 ? clauses.join(' AND ') : '1', params, empty: clauses.length === 0 };
}

/**
 * An FTS5 query where every term must match, each as a quoted phrase with a prefix star (so `emb`
 * finds `embed`, and `/data/x.txt` finds the path's tokens in order). Null when no term has a
 * letter or digit (FTS5 would reject an empty phrase).
 */
export function ftsMatch(terms: readonly string[]): string | null {
  const phrases = terms.filter((term) => /[\p{L}\p{N}]/u.test(term)).map((term) => `"${term.replace(/"/g, '""')}"*`);
  return phrases.length > 0 ? phrases.join(' AND ') : null;
}
