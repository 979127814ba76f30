/**
 * A job's facts as the history needs them, read from its Redis hash by a Lua script that shrinks
 * large data and results inside Redis: an embed job carries ~128 texts and returns ~260 KB of
 * base64 vectors, and neither should cross to the supervisor just to be counted.
 */
import type { Redis } from 'ioredis';
import { luaScript } from '../../../node/redis-script';
import { reveal, revealJsonText, revealText } from '../../../node/jobs/payload-seal';
import { QUEUE_PREFIX } from '../../../node/queues';

/** Data or results longer than this are summarised in Redis (top-level keys, sizes of the rest). */
export const DIGEST_RAW_LIMIT = 16 * 1024;
/** The newest log lines read per job. */
export const DIGEST_LOG_LINES = 50;

/**
 * KEYS: job hash, its logs list. ARGV: raw limit, log lines.
 * Returns false when the job is gone, else the fields below followed by the logs.
 */
const DIGEST_SCRIPT = luaScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
local f = redis.call('HMGET', KEYS[1], 'name', 'timestamp', 'processedOn', 'finishedOn', 'atm', 'ats', 'pb',
  'parentKey', 'priority', 'delay', 'failedReason', 'stacktrace', 'progress', 'opts', 'data', 'returnvalue', 'rjk')
local limit = tonumber(ARGV[1])
local function shrink(raw)
  if not raw or #raw <= limit then return raw end
  local ok, value = pcall(cjson.decode, raw)
  if not ok or type(value) ~= 'table' then return cjson.encode({ ['$bytes'] = #raw }) end
  local out = { ['$bytes'] = #raw }
  for k, v in pairs(value) do
    local t = type(v)
    if t == 'number' or t == 'boolean' then
      out[k] = v
    elseif t == 'string' then
      if #v <= 256 then out[k] = v else out[k] = { ['$chars'] = #v } end
    elseif t == 'table' then
      if #v > 0 then
        out[k] = { ['$items'] = #v }
      else
        local fine, encoded = pcall(cjson.encode, v)
        if fine and #encoded <= 512 then out[k] = v else out[k] = { ['$object'] = true } end
      end
    end
  end
  local fine, encoded = pcall(cjson.encode, out)
  if fine then return encoded end
  return cjson.encode({ ['$bytes'] = #raw })
end
f[15] = shrink(f[15])
f[16] = shrink(f[16])
f[18] = redis.call('LRANGE', KEYS[2], -tonumber(ARGV[2]), -1)
return f
`);

/** What the history reads about a job from Redis. */
export interface JobDigest {
  name: string | null;
  timestamp: number | null;
  processedOn: number | null;
  finishedOn: number | null;
  attemptsMade: number;
  attemptsStarted: number;
  processedBy: string | null;
  /** `prefix:queue:id` of the parent job, or null. */
  parentKey: string | null;
  priority: number;
  delay: number;
  failedReason: string | null;
  /** The stack of the latest failed attempt. */
  stack: string | null;
  progress: unknown;
  opts: string | null;
  /** JSON, possibly summarised (see DIGEST_RAW_LIMIT). */
  data: string | null;
  returnvalue: string | null;
  schedulerId: string | null;
  logs: string[];
}

type Raw = Array<string | null | string[]>;

function str(value: string | null | string[] | undefined): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function num(value: string | null | string[] | undefined): number | null {
  const text = str(value);
  if (text === null) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

function lastStack(raw: string | null): string | null {
  if (!raw) return null;
  try {
    const traces: unknown = JSON.parse(raw);
    if (Array.isArray(traces) && traces.length > 0) {
      const last: unknown = traces[traces.length - 1];
      return typeof last === 'string' ? last.slice(0, 8_000) : null;
    }
  } catch {
    return raw.slice(0, 8_000);
  }
  return null;
}

function parseProgress(raw: string | null): unknown {
  if (raw === null) return null;
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}

/** Decodes the script's reply, opening what workers sealed with the payload key. */
function toDigest(raw: Raw, key: Buffer): JobDigest {
  const logs = raw[17];
  const json = (text: string | null): string | null => (text === null ? null : revealJsonText(key, text));
  const text = (value: string | null): string | null => (value === null ? null : revealText(key, value));
  return {
    name: str(raw[0]),
    timestamp: num(raw[1]),
    processedOn: num(raw[2]),
    finishedOn: num(raw[3]),
    attemptsMade: num(raw[4]) ?? 0,
    attemptsStarted: num(raw[5]) ?? 0,
    processedBy: str(raw[6]),
    parentKey: str(raw[7]),
    priority: num(raw[8]) ?? 0,
    delay: num(raw[9]) ?? 0,
    failedReason: text(str(raw[10])),
    stack: text(lastStack(str(raw[11]))),
    progress: reveal(key, parseProgress(str(raw[12]))),
    opts: str(raw[13]),
    data: json(str(raw[14])),
    returnvalue: json(str(raw[15])),
    schedulerId: str(raw[16]),
    logs: Array.isArray(logs) ? logs.map((line) => revealText(key, line).slice(0, 500)) : [],
  };
}

/** The Redis key of a job's hash. */
export function jobKey(queue: string, jobId: string): string {
  return `${QUEUE_PREFIX}:${queue}:${jobId}`;
}

/** The ref (`queue:id`) of a job key `prefix:queue:id`, or null when it is not one of ours. */
export function refOfJobKey(key: string | null): string | null {
  if (!key || !key.startsWith(`${QUEUE_PREFIX}:`)) return null;
  return key.slice(QUEUE_PREFIX.length + 1);
}

/**
 * Reads the digests of many jobs in one pipeline; a job no longer in Redis maps to null. Sealed
 * text and paths are opened with `payloadKey`: the history is local (0600) and shows them.
 */
export async function readDigests(
  redis: Redis,
  jobs: ReadonlyArray<{ queue: string; jobId: string }>,
  payloadKey: Buffer,
): Promise<Array<JobDigest | null>> {
  if (jobs.length === 0) return [];
  const run = async (): Promise<Array<[Error | null, unknown]>> => {
    const pipeline = redis.pipeline();
    for (const { queue, jobId } of jobs) {
      const key = jobKey(queue, jobId);
      pipeline.evalsha(DIGEST_SCRIPT.sha, 2, key, `${key}:logs`, DIGEST_RAW_LIMIT, DIGEST_LOG_LINES);
    }
    return ((await pipeline.exec()) ?? []) as Array<[Error | null, unknown]>;
  };
  let replies = await run();
  if (replies.some(([error]) => error?.message.startsWith('NOSCRIPT'))) {
    // First use, or Redis restarted: load the script once and read again.
    await redis.script('LOAD', DIGEST_SCRIPT.source);
    replies = await run();
  }
  return replies.map(([error, value]) => {
    if (error) throw error;
    return Array.isArray(value) ? toDigest(value as Raw, payloadKey) : null;
  });
}
