/**
 * Where workers' heartbeats live in Redis: written by every worker (local and remote), read by
 * the supervisor's monitor and the CLI.
 */
import { QUEUE_PREFIX } from './queues';

/** Redis hash: workerId → last heartbeat JSON. Entries older than a few beats mean offline. */
export const WORKERS_KEY = `${QUEUE_PREFIX}:workers`;
