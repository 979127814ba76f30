/**
 * The Lua scripts behind GPU leases. Each runs atomically in Redis and reads the time from Redis
 * (TIME), so processes on machines with skewed clocks still agree on join order and deadlines.
 */
import { luaScript } from '../redis-script';

const NOW_MS = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

/**
 * Counts the live waiters (joined and polled within their alive time) into `live`.
 * Expects `now`; KEYS given as `waitKey` and `aliveKey`.
 */
const COUNT_LIVE_WAITERS = `
local live = 0
local waiting = redis.call('ZRANGE', waitKey, 0, -1)
for i = 1, #waiting, 500 do
  local chunk = {}
  for j = i, math.min(i + 499, #waiting) do chunk[#chunk + 1] = waiting[j] end
  local deadlines = redis.call('HMGET', aliveKey, unpack(chunk))
  for j = 1, #chunk do
    local deadline = tonumber(deadlines[j])
    if deadline and deadline >= now then live = live + 1 end
  end
end
`;

/**
 * Join (or stay in) the wait list and take a free device if this owner's turn has come.
 *
 * KEYS: wait, wait-alive, wait-jobs, then lease, fence, holder for each device.
 * ARGV: owner, joinedAt ('' on the first call), aliveMs, ttlMs, pid, maxHoldMs, preferred device
 * (1-based, 0 for none), the lease's owner ('' for `owner`), the JSON list of jobs waiting with
 * this owner ('' for none).
 * Returns {1, device (1-based), token, now} when granted, else {0, joinedAt, rank, freeDevices}.
 *
 * Only the first N live waiters may take the N free devices: that makes waiting first come, first
 * served. A waiter that has not polled within its aliveMs is dropped first. A lease held past its
 * `until` (max hold) is taken back here even if its holder still renews it, and a lease whose
 * holder marked it idle (a worker process keeps its device while no job uses it and nobody waits)
 * counts as free: a waiter takes it over.
 */
export const ACQUIRE_SCRIPT = luaScript(`${NOW_MS}
local owner = ARGV[1]
local joined = tonumber(ARGV[2]) or now
local ttl = tonumber(ARGV[4])
redis.call('ZADD', KEYS[1], 'NX', joined, owner)
redis.call('HSET', KEYS[2], owner, now + tonumber(ARGV[3]))
if ARGV[9] ~= '' then redis.call('HSET', KEYS[3], owner, ARGV[9]) end

-- Prune dead waiters and find our rank among the live ones. Chunked: unpack() has a stack limit.
local members = redis.call('ZRANGE', KEYS[1], 0, -1)
local rank, live = 0, 0
for i = 1, #members, 500 do
  local chunk = {}
  for j = i, math.min(i + 499, #members) do chunk[#chunk + 1] = members[j] end
  local deadlines = redis.call('HMGET', KEYS[2], unpack(chunk))
  for j = 1, #chunk do
    local deadline = tonumber(deadlines[j])
    if deadline and deadline >= now then
      live = live + 1
      if chunk[j] == owner then rank = live end
    else
      redis.call('ZREM', KEYS[1], chunk[j])
      redis.call('HDEL', KEYS[2], chunk[j])
      redis.call('HDEL', KEYS[3], chunk[j])
    end
  end
end

local free = {}
for d = 1, (#KEYS - 3) / 3 do
  local base = 3 + (d - 1) * 3
  if redis.call('EXISTS', KEYS[base + 1]) == 0 then
    free[#free + 1] = d
  else
    local holder = redis.call('HMGET', KEYS[base + 3], 'until', 'idle')
    local deadline = tonumber(holder[1])
    if (deadline and deadline < now) or holder[2] == '1' then
      free[#free + 1] = d
    end
  end
end

if rank == 0 or rank > #free then
  return {0, tonumber(redis.call('ZSCORE', KEYS[1], owner)), rank, #free}
end

local pick = free[1]
local prefer = tonumber(ARGV[7])
for _, d in ipairs(free) do
  if d == prefer then pick = d end
end
local base = 3 + (pick - 1) * 3
local leaseOwner = owner
if ARGV[8] ~= '' then leaseOwner = ARGV[8] end
local token = redis.call('INCR', KEYS[base + 2])
redis.call('SET', KEYS[base + 1], string.format('%s|%d|%d', leaseOwner, token, now), 'PX', ttl)
-- A fresh hash: an expired or idle holder's fields (its jobs, its idle mark) go with it.
redis.call('DEL', KEYS[base + 3])
redis.call('HSET', KEYS[base + 3], 'pid', ARGV[5], 'until', now + tonumber(ARGV[6]))
if ARGV[9] ~= '' then redis.call('HSET', KEYS[base + 3], 'jobs', ARGV[9]) end
redis.call('PEXPIRE', KEYS[base + 3], ttl)
redis.call('ZREM', KEYS[1], owner)
redis.call('HDEL', KEYS[2], owner)
redis.call('HDEL', KEYS[3], owner)
return {1, pick, token, now}
`);

/**
 * Compare-and-PEXPIRE. KEYS: lease, holder. ARGV: expected value, ttlMs.
 * Returns 1 renewed, 0 expired (no key), -1 taken (another value), -2 past its max hold (deleted).
 */
export const RENEW_SCRIPT = luaScript(`
local current = redis.call('GET', KEYS[1])
if not current then return 0 end
if current ~= ARGV[1] then return -1 end
${NOW_MS}
local deadline = tonumber(redis.call('HGET', KEYS[2], 'until'))
if deadline and deadline < now then
  redis.call('DEL', KEYS[1], KEYS[2])
  return -2
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
return 1
`);

/**
 * Compare-and-delete: never deletes another owner's lease. KEYS: lease, holder. ARGV: value,
 * then the released channel and the device id (waiters are told the device is free).
 */
export const RELEASE_SCRIPT = luaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1], KEYS[2])
  redis.call('PUBLISH', ARGV[2], ARGV[3])
  return 1
end
return 0
`);

/**
 * A worker process's next task takes its turn on the device the process holds: a new fencing
 * token, the lease's value names the task, the task's max-hold deadline, the jobs list.
 *
 * KEYS: lease, fence, holder. ARGV: the lease's current value, the new owner, maxHoldMs, the JSON
 * list of the process's jobs on the device. Returns {1, token} or {0} when the lease is not ours.
 */
export const TURN_SCRIPT = luaScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return {0} end
${NOW_MS}
local since = string.match(ARGV[1], '|(%d+)$')
local token = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], string.format('%s|%d|%s', ARGV[2], token, since), 'KEEPTTL')
redis.call('HSET', KEYS[3], 'until', now + tonumber(ARGV[3]), 'jobs', ARGV[4])
redis.call('HDEL', KEYS[3], 'idle')
return {1, token}
`);

/**
 * A worker process with a busy device asks whether a new job may join the jobs using it: only
 * while nobody waits (fair hand-over), and only while the lease is still its own.
 *
 * KEYS: lease, holder, wait, wait-alive. ARGV: the lease's value, the JSON list of jobs with the
 * new one. Returns 1 joined (jobs list updated), 0 others wait, -1 the lease is not ours.
 */
export const JOIN_SCRIPT = luaScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return -1 end
${NOW_MS}
local waitKey, aliveKey = KEYS[3], KEYS[4]
${COUNT_LIVE_WAITERS}
if live > 0 then return 0 end
redis.call('HSET', KEYS[2], 'jobs', ARGV[2])
redis.call('HDEL', KEYS[2], 'idle')
return 1
`);

/**
 * A worker process's last job on its device is done: with someone waiting the device is released
 * (and the waiters told), else it is kept, marked idle (a waiter that comes later takes it over).
 *
 * KEYS: lease, holder, wait, wait-alive. ARGV: the lease's value, the released channel, the device
 * id. Returns 2 released, 1 kept idle, 0 the lease is not ours.
 */
export const IDLE_SCRIPT = luaScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
${NOW_MS}
local waitKey, aliveKey = KEYS[3], KEYS[4]
${COUNT_LIVE_WAITERS}
if live > 0 then
  redis.call('DEL', KEYS[1], KEYS[2])
  redis.call('PUBLISH', ARGV[2], ARGV[3])
  return 2
end
redis.call('HSET', KEYS[2], 'idle', '1', 'jobs', '[]')
redis.call('HDEL', KEYS[2], 'until')
return 1
`);
