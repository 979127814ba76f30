/**
 * Redis facts for the broker panel, parsed from `INFO`.
 */
import type { Redis } from 'ioredis';
import type { BrokerInfo } from '../../shared/monitor-types';

/** Parses the `key:value` lines of Redis INFO output. */
export function parseRedisInfo(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const at = line.indexOf(':');
    if (at > 0 && !line.startsWith('#')) fields.set(line.slice(0, at), line.slice(at + 1).trim());
  }
  return fields;
}

/** Reads the broker panel's numbers from a live Redis. */
export async function readBrokerInfo(redis: Redis, external: boolean): Promise<BrokerInfo> {
  const info = parseRedisInfo(await redis.info());
  const num = (key: string): number => Number(info.get(key) ?? 0);
  return {
    redisVersion: info.get('redis_version') ?? 'unknown',
    usedMemoryBytes: num('used_memory'),
    peakMemoryBytes: num('used_memory_peak'),
    maxMemoryBytes: num('maxmemory'),
    connectedClients: num('connected_clients'),
    opsPerSecond: num('instantaneous_ops_per_sec'),
    aofEnabled: info.get('aof_enabled') === '1',
    external,
  };
}
