/**
 * The embedded Redis: a redis-server child on 127.0.0.1 with two users (the app's and remote
 * workers', see redis-acl.ts), AOF persistence and `noeviction`, whose data lives in
 * `<dataDir>/redis`. Its settings and users reach it through a 0600 config file, never argv.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { Logger } from '../../../node/logger';
import { loadOrCreateSecret } from '../../../node/secret-file';
import { SELF_SIGNED_NAME } from '../../../node/self-signed-cert';
import { SemantikError } from '../../../shared/errors';
import { findFreePort } from './free-port';
import type { RedisUserPasswords } from './redis-acl';
import { checkRedisVersion, type RedisBinaryChoice } from './redis-binary';
import { buildRedisConfig, writeRedisConfig } from './redis-config';
import { launchRedisProcess, killRedisProcess, redact, type RedisProcess } from './redis-process';
import { stopLeftoverRedis } from './redis-leftover';
import { stopRedisProcess } from './redis-stop';

/** How long redis-server may take to start, load its AOF and answer an authenticated PING. */
export const REDIS_READY_TIMEOUT_MS = 30_000;
/** The app's password, in the server's folder (0600). */
export const PASSWORD_FILE = 'password';
/** The `worker` user's password, in the server's folder (0600); remote machines are given it. */
export const WORKER_PASSWORD_FILE = 'worker-password';
/** Tries when the OS-chosen port is taken between choosing and binding it. */
const PORT_ATTEMPTS = 3;

/** Inputs of {@link startEmbeddedRedis}. */
export interface EmbeddedRedisOptions {
  dataDir: string;
  maxMemoryBytes: number;
  /** @defaultValue a free port chosen by the OS */
  port?: number;
  binary: RedisBinaryChoice;
  logger: Logger;
  /** Serve TLS only, on loopback and `bind` too, with this certificate (SEMANTIK_REDIS_EXPOSE). */
  tls?: { certPath: string; keyPath: string; certPem: string; bind: string };
}

/** How clients on this machine verify the exposed server: its own certificate, by its fixed name. */
export interface RedisClientTls {
  ca: string;
  servername: string;
}

/** How redis-server ended. */
export interface RedisExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A running embedded Redis. */
export interface RedisHandle {
  host: '127.0.0.1';
  port: number;
  /** The app's password (user `default`). */
  password: string;
  /** The password of the `worker` user, for remote embed workers (`<dataDir>/redis/worker-password`). */
  workerPassword: string;
  /** `redis://127.0.0.1:<port>` (`rediss://` when exposed), never with the password in it. */
  url: string;
  /** Set when the server speaks TLS only (exposed); local clients must use it too. */
  tls: RedisClientTls | null;
  pid: number | null;
  /** Settles when redis-server exits, for whatever reason; the supervisor watches it. */
  exited: Promise<RedisExit>;
  /**
   * A stop is under way: an exit from now on is not logged as unexpected (a terminal's Ctrl-C
   * reaches redis-server too, which then shuts down on its own, flushing the AOF).
   */
  expectExit(): void;
  /** Graceful SHUTDOWN (flushes the AOF), then SIGTERM, then SIGKILL after named timeouts. */
  stop(): Promise<void>;
}

/** Starts redis-server and resolves once it answers an authenticated PING. */
export async function startEmbeddedRedis(options: EmbeddedRedisOptions): Promise<RedisHandle> {
  if (!Number.isSafeInteger(options.maxMemoryBytes) || options.maxMemoryBytes <= 0) {
    throw new SemantikError('BAD_INPUT', `maxMemoryBytes must be a positive integer, not ${options.maxMemoryBytes}`);
  }
  checkRedisVersion(options.binary);
  const dir = join(options.dataDir, 'redis');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const password = loadOrCreateSecret(join(dir, PASSWORD_FILE)).value;
  const workerPassword = loadOrCreateSecret(join(dir, WORKER_PASSWORD_FILE)).value;
  const log = options.logger;
  const tls = options.tls;
  // Two servers must never append to the same AOF: one left by a killed engine goes first.
  await stopLeftoverRedis(dir, log);

  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await findFreePort());
    const configFile = writeRedisConfig(
      dir,
      buildRedisConfig({
        passwords: { app: password, worker: workerPassword },
        port,
        dir,
        maxMemoryBytes: options.maxMemoryBytes,
        ...(tls ? { tls: { certFile: tls.certPath, keyFile: tls.keyPath, bind: tls.bind } } : {}),
      }),
    );
    log.info({ port, binary: options.binary, dir, tls: tls ? tls.bind : null }, 'starting redis-server');
    try {
      return await startOnPort(port, configFile, { app: password, worker: workerPassword }, options);
    } catch (error) {
      const portTaken = /already in use/i.test(String(error instanceof Error ? error.message : error));
      if (options.port === undefined && portTaken && attempt < PORT_ATTEMPTS) {
        log.warn({ port, attempt }, 'port taken before redis-server bound it; trying another');
        continue;
      }
      const message = redact(redact(error instanceof Error ? error.message : String(error), password), workerPassword);
      if (error instanceof SemantikError) throw error;
      throw new SemantikError('REDIS', `redis-server did not start on 127.0.0.1:${port}: ${message}`, { cause: error });
    }
  }
}

async function startOnPort(
  port: number,
  configFile: string,
  passwords: RedisUserPasswords,
  options: EmbeddedRedisOptions,
): Promise<RedisHandle> {
  const password = passwords.app;
  const proc = launchRedisProcess({
    port,
    configFile,
    binaryPath: options.binary.path,
    logger: options.logger,
    secrets: [passwords.app, passwords.worker],
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new SemantikError('TIMEOUT', `redis-server not ready after ${REDIS_READY_TIMEOUT_MS} ms`)),
      REDIS_READY_TIMEOUT_MS,
    );
  });
  try {
    await Promise.race([proc.ready.then(() => pingWithPassword(port, password, clientTls(options))), timeout]);
  } catch (error) {
    // A child that failed to start is killed and never reused (STYLE.md, supervisor discipline).
    killRedisProcess(proc.instance);
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return makeHandle(proc, port, passwords, options.logger, clientTls(options));
}

function clientTls(options: EmbeddedRedisOptions): RedisClientTls | null {
  return options.tls ? { ca: options.tls.certPem, servername: SELF_SIGNED_NAME } : null;
}

async function pingWithPassword(port: number, password: string, tls: RedisClientTls | null): Promise<void> {
  const client = new Redis({
    host: '127.0.0.1',
    port,
    password,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    ...(tls ? { tls } : {}),
  });
  client.on('error', () => undefined); // the awaited ping below reports the failure
  try {
    await client.connect();
    const reply = await client.ping();
    if (reply !== 'PONG') throw new SemantikError('REDIS', `unexpected PING reply: ${reply}`);
  } finally {
    client.disconnect();
  }
}

function makeHandle(
  proc: RedisProcess,
  port: number,
  { app: password, worker: workerPassword }: RedisUserPasswords,
  log: Logger,
  tls: RedisClientTls | null,
): RedisHandle {
  // The ready promise resolved, so RedisInstance has spawned its child.
  const child = proc.instance.childProcess;
  if (child === null) throw new SemantikError('INTERNAL', 'redis-server has no child process after start');
  let stopping: Promise<void> | null = null;
  let expected = false;
  const exited = new Promise<RedisExit>((resolve) => {
    child.once('exit', (code, signal) => {
      if (stopping === null && !expected) log.error({ code, signal, redisPid: child.pid }, 'redis-server exited unexpectedly');
      resolve({ code, signal });
    });
  });
  // `pid` is pino's own field (this process); name the server's differently.
  log.info({ port, redisPid: child.pid }, 'redis-server ready');
  return {
    host: '127.0.0.1',
    port,
    password,
    workerPassword,
    url: `${tls ? 'rediss' : 'redis'}://127.0.0.1:${port}`,
    tls,
    pid: child.pid ?? null,
    exited,
    expectExit() {
      expected = true;
    },
    stop() {
      stopping ??= stopRedisProcess({ instance: proc.instance, child, exited, port, password, log, tls });
      return stopping;
    },
  };
}
