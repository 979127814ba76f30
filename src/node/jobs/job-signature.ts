/**
 * Signed jobs: the local queues (scan, extract, ingest, system) run only jobs whose data carries
 * an HMAC made with the job key, which the supervisor and its local workers hold and remote
 * workers do not. Whoever has only the Redis password can add jobs, but not ones a local worker
 * runs.
 *
 * The MAC covers the queue, the job's name and its data (keys sorted, so the JSON round trip
 * through Redis does not change it). Retries and priority changes keep a job's data, so they keep
 * its signature; a copy of a signed job can only ask again for what was asked once, and the
 * processors take every path from the store, so it reaches nothing new.
 */
import type { QueueName } from '../../shared/jobs';
import { macOf, sameMac } from '../hmac';

/** The field of a job's data that holds its signature. */
export const SIGNATURE_FIELD = 'sig';

/** JSON with object keys sorted, at every depth. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([name, item]) => `${JSON.stringify(name)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function macOfJob(key: string, queue: QueueName, name: string, data: Record<string, unknown>): string {
  const { [SIGNATURE_FIELD]: _ignored, ...rest } = data;
  return macOf(key, ['job', queue, name, canonicalJson(rest)]);
}

/** `data` with its signature for a job `name` on `queue`. */
export function signJob<T extends object>(key: string, queue: QueueName, name: string, data: T): T & { sig: string } {
  return { ...data, sig: macOfJob(key, queue, name, data as Record<string, unknown>) };
}

/** Why a job's data is not signed with `key`, or null when it is. */
export function jobSignatureProblem(key: string, queue: QueueName, name: string, data: unknown): string | null {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return 'job data is not an object';
  const record = data as Record<string, unknown>;
  const given = record[SIGNATURE_FIELD];
  if (given === undefined) return 'job is not signed';
  if (typeof given !== 'string' || !/^[0-9a-f]{64}$/.test(given)) return 'job signature is malformed';
  return sameMac(given, macOfJob(key, queue, name, record)) ? null : 'job signature does not match (forged or changed)';
}
