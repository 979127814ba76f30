/**
 * The embedded Redis's users, by role (Redis ACL), as `user` lines of its config file.
 *
 * - `default`: the app itself (supervisor, local workers, the CLI on this machine). It keeps the
 *   name `default` so that every local client authenticates with the password alone, as before;
 *   a second name would add nothing but a user name to pass around. It may do anything inside
 *   Redis, but not what turns the password into a way out of it: CONFIG SET (a new `dir` or
 *   `dbfilename` writes files anywhere), ACL changes, MODULE, DEBUG, replication and MIGRATE.
 * - `worker`: remote embed workers (`semantik worker`). The embed queue, the GPU lease keys and
 *   the heartbeat hash; of the ingest queue only what BullMQ's scripts touch when an embed job
 *   (a child of an ingest job) finishes: the parent's dependency and result sets, its job hash
 *   read-only, and the lists that hold job ids. No other queue, no SCAN or KEYS, nothing of
 *   `@admin` or `@dangerous`, and only the channels of embed aborts and GPU releases.
 *
 * Passwords are written as SHA-256 hashes: the config file never holds them in clear.
 */
import { createHash } from 'node:crypto';
import { WAIT_ALIVE_KEY, WAIT_JOBS_KEY, WAIT_KEY, RELEASED_CHANNEL, GPU_KEY_PREFIX } from '../../../node/gpu/gpu-lease-keys';
import { GPU_MEMORY_KEY } from '../../../node/gpu/gpu-memory';
import { WORKERS_KEY } from '../../../node/heartbeat-key';
import { abortChannel, abortKey } from '../../../node/job-abort';
import { QUEUE_PREFIX } from '../../../node/queues';

/** The user remote embed workers connect as. */
export const WORKER_USER = 'worker';

/** The passwords of the two users. */
export interface RedisUserPasswords {
  app: string;
  worker: string;
}

const embed = `${QUEUE_PREFIX}:embed`;
const ingest = `${QUEUE_PREFIX}:ingest`;
/**
 * An ingest job's hash: `i-` and a UUID (extract.ts names them so) or `i-rm-` and a UUID (a model
 * switch's re-embed flows, reembed-flows.ts), matched to their exact length so that the patterns
 * reach no other key of the queue.
 */
const UUID_PATTERN = '????????-????-????-????-????????????';
const INGEST_JOBS = [`${ingest}:i-${UUID_PATTERN}`, `${ingest}:i-rm-${UUID_PATTERN}`];

/**
 * Keys of the `worker` user: `%R~` read only, `~` read and write.
 *
 * The ingest keys are those of BullMQ's moveToFinished and removeJob scripts when a child
 * finishes or is removed (updateParentDepsIfNeeded, moveChildFromDependenciesIfNeeded,
 * moveParentToWait, removeParentDependencyKey). A script stopped by a missing permission keeps
 * its earlier writes, so every branch they can take is covered, the priority and delay ones too.
 */
export const WORKER_KEY_PATTERNS: readonly string[] = [
  `~${embed}:*`,
  `~${GPU_KEY_PREFIX}lease:*`,
  `~${GPU_KEY_PREFIX}fence:*`,
  `~${GPU_KEY_PREFIX}holder:*`,
  `~${WAIT_KEY}`,
  `~${WAIT_ALIVE_KEY}`,
  `~${WAIT_JOBS_KEY}`,
  `~${GPU_MEMORY_KEY}`,
  `~${WORKERS_KEY}`,
  `%R~${abortKey('embed', '*')}`,
  // The parent job: EXISTS, and HMGET of its priority and delay (read only; it holds ids, not text).
  ...INGEST_JOBS.map((key) => `%R~${key}`),
  `~${ingest}:i-*:dependencies`,
  `~${ingest}:i-*:processed`,
  `~${ingest}:i-*:failed`,
  `~${ingest}:i-*:unsuccessful`,
  // The parent's queue: lists and sets of job ids, its event stream and marker.
  `~${ingest}:waiting-children`,
  `~${ingest}:wait`,
  `~${ingest}:prioritized`,
  `~${ingest}:pc`,
  `~${ingest}:delayed`,
  `~${ingest}:marker`,
  `~${ingest}:events`,
  `%R~${ingest}:meta`,
  `%R~${ingest}:active`,
];

/** Channels of the `worker` user: embed aborts (it listens) and GPU releases (it tells, it listens). */
export const WORKER_CHANNELS: readonly string[] = [abortChannel('embed'), RELEASED_CHANNEL];

/**
 * Commands of the `worker` user: what BullMQ's workers and scripts, the GPU leases and the
 * heartbeats run, without `@admin` and `@dangerous` (INFO is one: remote workers skip the checks
 * that use it). SCAN and RANDOMKEY are denied because they list keys whatever the key patterns.
 */
export const WORKER_COMMANDS = [
  '-@all',
  '+@read',
  '+@write',
  '+@scripting',
  '+@pubsub',
  '+@transaction',
  '+@connection',
  '+time',
  '-@admin',
  '-@dangerous',
  '-flushall',
  '-flushdb',
  '-config',
  '-shutdown',
  '-scan',
  '-randomkey',
  '-pubsub',
  '-function',
  '-script|flush',
  '-script|kill',
] as const;

/** Commands of the app's user: everything but the ways out of Redis. */
export const APP_COMMANDS = [
  '+@all',
  '-config',
  '+config|get',
  '-acl',
  '+acl|whoami',
  '+acl|log',
  '-module',
  '-debug',
  '-replicaof',
  '-slaveof',
  '-failover',
  '-sync',
  '-psync',
  '-migrate',
] as const;

/** SHA-256 of a password in hex, as `#<hash>` in an ACL rule. */
export function aclPasswordHash(password: string): string {
  return createHash('sha256').update(password, 'utf8').digest('hex');
}

/** The `user` lines of the config file. */
export function redisAclUsers(passwords: RedisUserPasswords): string[] {
  return [
    ['user default on', `#${aclPasswordHash(passwords.app)}`, '~*', '&*', ...APP_COMMANDS].join(' '),
    [
      `user ${WORKER_USER} on`,
      `#${aclPasswordHash(passwords.worker)}`,
      'resetkeys',
      ...WORKER_KEY_PATTERNS,
      'resetchannels',
      ...WORKER_CHANNELS.map((channel) => `&${channel}`),
      ...WORKER_COMMANDS,
    ].join(' '),
  ];
}
