/**
 * Reads the BullMQ event streams of every queue with one blocking XREAD on a dedicated connection.
 *
 * Why not `QueueEvents`: it reads without COUNT (after a restart it would take a whole stream at
 * once) and JSON-parses every completed event's return value, which for an embed job is ~260 KB
 * of base64 vectors. Reading the same streams with COUNT keeps the supervisor's memory bounded, and
 * resuming from the positions the recorder saved with its last batch makes the history survive a
 * restart without gaps or doubles.
 */
import type { Redis } from 'ioredis';
import { childLogger } from '../../../node/logger';
import { QUEUE_PREFIX } from '../../../node/queues';

/** Entries read per stream per call. */
export const READ_COUNT = 100;
/** How long one XREAD blocks when nothing happens (also the stop latency). */
export const BLOCK_MS = 1_000;
const RETRY_MS = 1_000;

/** One stream entry: its id (`ms-seq`), when it was written, and its fields. */
export interface StreamEntry {
  queue: string;
  id: string;
  at: number;
  fields: Record<string, string>;
}

const log = childLogger('history');

/** The key of a queue's event stream. */
export function eventsKey(queue: string): string {
  return `${QUEUE_PREFIX}:${queue}:events`;
}

/** Runs the read loop until stopped; `onEntries` may wait (backpressure) before the next read. */
export class StreamReader {
  private running = false;
  private loop: Promise<void> | null = null;

  constructor(
    /** A connection only this reader uses: XREAD BLOCK holds it. */
    private readonly redis: Redis,
    private readonly positions: Map<string, string>,
    private readonly onEntries: (entries: StreamEntry[]) => Promise<void>,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops after the current read (at most BLOCK_MS) and closes the connection. */
  async stop(): Promise<void> {
    this.running = false;
    this.redis.disconnect();
    await this.loop;
  }

  private async run(): Promise<void> {
    const queues = [...this.positions.keys()];
    while (this.running) {
      try {
        const ids = queues.map((queue) => this.positions.get(queue) ?? '0');
        const reply = (await this.redis.xread(
          'COUNT',
          READ_COUNT,
          'BLOCK',
          BLOCK_MS,
          'STREAMS',
          ...queues.map(eventsKey),
          ...ids,
        )) as Array<[string, Array<[string, string[]]>]> | null;
        if (!reply || !this.running) continue;
        const entries: StreamEntry[] = [];
        for (const [key, items] of reply) {
          const queue = queues.find((name) => eventsKey(name) === key);
          if (!queue) continue;
          for (const [id, flat] of items) {
            const fields: Record<string, string> = {};
            // Field names and values alternate; the loop bound keeps both indexes in range.
            for (let i = 0; i + 1 < flat.length; i += 2) fields[flat[i]!] = flat[i + 1]!;
            entries.push({ queue, id, at: Number(id.slice(0, id.indexOf('-'))), fields });
            this.positions.set(queue, id);
          }
        }
        if (entries.length > 0) await this.onEntries(entries);
      } catch (error) {
        if (!this.running) break;
        log.warn({ err: error }, 'reading job events failed; retrying');
        await new Promise((done) => setTimeout(done, RETRY_MS));
      }
    }
  }
}
