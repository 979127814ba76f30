/**
 * Small summaries of job data and results for the history: what a person needs to recognise a
 * job and to search for it, never bulk (an embed job's texts become a count).
 *
 * Pure functions over parsed JSON, shared by the recorder and the tasks API (live jobs).
 */
import { dirname } from 'node:path';

/** A summary's JSON is cut to about this size (paths first). */
export const SUMMARY_MAX_CHARS = 4_096;
const STRING_MAX = 300;
const INLINE_ARRAY_MAX = 20;
const PATHS_MAX = 20;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Summarises a value: short strings kept, long ones measured, arrays counted (paths listed). */
export function summarizeValue(value: unknown, depth = 0): Json {
  if (value === null || typeof value === 'boolean' || typeof value === 'number') return value;
  if (typeof value === 'string') return value.length <= STRING_MAX ? value : { $chars: value.length };
  if (Array.isArray(value)) {
    const scalars = value.every((item) => typeof item === 'number' || (typeof item === 'string' && item.length <= STRING_MAX));
    if (scalars && value.length <= INLINE_ARRAY_MAX) return value as Json[];
    const paths = value
      .map((item) => (isRecord(item) && typeof item.path === 'string' ? item.path : null))
      .filter((path): path is string => path !== null);
    return paths.length > 0 ? { $items: value.length, paths: paths.slice(0, PATHS_MAX) } : { $items: value.length };
  }
  if (isRecord(value)) {
    if (depth >= 2) return { $object: true };
    const out: Record<string, Json> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) out[key] = summarizeValue(item, depth + 1);
    }
    return out;
  }
  return null;
}

/** Parses JSON (possibly already summarised in Redis) and returns the summary's JSON, or null. */
export function summarizeJson(raw: string | null): string | null {
  if (raw === null || raw === '') return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return JSON.stringify({ $chars: raw.length });
  }
  const summary = summarizeValue(value);
  let text = JSON.stringify(summary);
  if (text.length > SUMMARY_MAX_CHARS && isRecord(summary)) {
    // Too many long paths: keep the counts, drop the lists.
    const slim = Object.fromEntries(
      Object.entries(summary).map(([key, item]) => [key, isRecord(item) && '$items' in item ? { $items: item.$items } : item]),
    );
    text = JSON.stringify(slim);
  }
  return text.length > SUMMARY_MAX_CHARS ? JSON.stringify({ $chars: raw.length }) : text;
}

/** Parses JSON or returns null (never throws). */
export function parseJson(raw: string | null): unknown {
  if (raw === null) return null;
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}

/** The deepest folder containing every path. */
export function commonFolder(paths: readonly string[]): string | null {
  if (paths.length === 0) return null;
  let common = dirname(paths[0]!);
  for (const path of paths.slice(1)) {
    while (common !== dirname(common) && !(dirname(path) === common || dirname(path).startsWith(`${common}/`))) {
      common = dirname(common);
    }
  }
  return common;
}

/**
 * What the history keeps about a job's data: where it works (`folder`), for which run (`runId`,
 * resolved to a folder by the caller for embed and ingest jobs).
 */
export function dataFacts(data: unknown): { folder: string | null; runId: number | null } {
  if (!isRecord(data)) return { folder: null, runId: null };
  const runId = typeof data.runId === 'number' ? data.runId : null;
  if (typeof data.root === 'string') return { folder: data.root, runId };
  if (Array.isArray(data.files)) {
    const paths = data.files.map((file) => (isRecord(file) && typeof file.path === 'string' ? file.path : null)).filter(Boolean);
    return { folder: commonFolder(paths as string[]), runId };
  }
  return { folder: null, runId };
}

/** The device a result names (embed results carry one). */
export function deviceOf(result: unknown): string | null {
  return isRecord(result) && typeof result.device === 'string' ? result.device : null;
}

/** The number of chunks a result embedded (for the chunks-per-second series). */
export function chunksOf(queue: string, result: unknown): number {
  return queue === 'embed' && isRecord(result) && typeof result.count === 'number' ? result.count : 0;
}

/** Percent done from a job's progress (a number, or `{ done, total }`). */
export function progressPercent(progress: unknown): number | null {
  if (typeof progress === 'number' && Number.isFinite(progress)) return Math.max(0, Math.min(100, progress));
  if (isRecord(progress)) {
    const { done, total } = progress;
    if (typeof done === 'number' && typeof total === 'number' && total > 0) return Math.round((done / total) * 1000) / 10;
    if (done === true) return 100;
  }
  return null;
}

/** The progress object as JSON (bounded), or null for plain numbers. */
export function progressJson(progress: unknown): string | null {
  if (!isRecord(progress)) return null;
  const text = JSON.stringify(summarizeValue(progress));
  return text.length <= 1_024 ? text : null;
}
