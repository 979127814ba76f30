/**
 * The redis-server child as redis-memory-server runs it, with its output sent to our logger.
 */
import type { ChildProcess } from 'node:child_process';
import { RedisInstance, type RedisBinary } from 'redis-memory-server';
import type { Logger } from '../../../node/logger';
import { classifyRedisLine } from './redis-log-lines';

type RedisBinaryOpts = NonNullable<Parameters<typeof RedisBinary.getPath>[0]>;

/** What {@link buildRedisArgs} needs; every setting the embedded server runs with. */
export interface RedisServerSettings {
  password: string;
  dir: string;
  maxMemoryBytes: number;
  /** Exposed to other machines: TLS only, on the server's port, on loopback and `bind`. */
  tls?: { certFile: string; keyFile: string; bind: string; port: number };
}

/**
 * The server's command-line settings.
 *
 * redis-memory-server puts `--save '' --appendonly no --bind <ip> --port <port>` first; later
 * arguments win, so AOF is switched back on here. AOF is the persistence, RDB snapshots stay off.
 */
export function buildRedisArgs(settings: RedisServerSettings): string[] {
  // One flag and its value per line.
  // prettier-ignore
  return [
    '--requirepass', settings.password,
    '--protected-mode', 'yes',
    '--appendonly', 'yes',
    '--appendfsync', 'everysec',
    '--dir', settings.dir,
    '--save', '',
    '--maxmemory', String(settings.maxMemoryBytes),
    '--maxmemory-policy', 'noeviction',
    ...(settings.tls ? tlsArgs(settings.tls) : []),
  ];
}

/**
 * TLS-only serving for an exposed server. `bind` applies to every listener, so the plain port
 * would be reachable from the network too: it is turned off (`--port 0`) and local clients use
 * TLS as well. Clients need no certificate of their own; they authenticate with the password.
 */
function tlsArgs(tls: NonNullable<RedisServerSettings['tls']>): string[] {
  const everywhere = tls.bind === '0.0.0.0' || tls.bind === '*';
  // prettier-ignore
  return [
    '--tls-port', String(tls.port),
    '--port', '0',
    '--tls-cert-file', tls.certFile,
    '--tls-key-file', tls.keyFile,
    '--tls-ca-cert-file', tls.certFile,
    '--tls-auth-clients', 'no',
    '--bind', ...(everywhere ? ['*', '-::*'] : ['127.0.0.1', tls.bind]),
  ];
}

/** Replaces every occurrence of `secret` in `text`; used on anything logged about the server. */
export function redact(text: string, secret: string): string {
  return secret === '' ? text : text.split(secret).join('[redacted]');
}

/** Launch options for {@link launchRedisProcess}. */
export interface LaunchRedisOptions {
  port: number;
  args: string[];
  /** Null lets redis-memory-server find (or download and build) a binary itself. */
  binaryPath: string | null;
  logger: Logger;
  /** Removed from every logged line. */
  password: string;
}

/** A launched redis-memory-server instance and its readiness. */
export interface RedisProcess {
  instance: RedisInstance;
  /** Resolves once the instance printed "Ready to accept connections"; rejects if it exited first. */
  ready: Promise<void>;
}

/** Spawns redis-server through redis-memory-server's RedisInstance, forwarding its output. */
export function launchRedisProcess(options: LaunchRedisOptions): RedisProcess {
  const binary: RedisBinaryOpts = options.binaryPath === null ? {} : { systemBinary: options.binaryPath };
  const instance = new LoggedRedisInstance(
    { instance: { ip: '127.0.0.1', port: options.port, args: options.args }, binary },
    lineLogger(options.logger, options.password),
  );
  const ready = instance.run().then(() => undefined);
  return { instance, ready };
}

/** Sends SIGKILL to the server and to redis-memory-server's watchdog, if they still run. */
export function killRedisProcess(instance: RedisInstance): void {
  for (const child of [instance.childProcess, instance.killerProcess]) {
    if (child && isRunning(child)) child.kill('SIGKILL');
  }
}

/** True while the child has neither exited nor been killed by a signal. */
export function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

type Stream = 'stdout' | 'stderr';

// RedisInstance sends output only to its debug channel; subclassing is the one hook that sees it
// from the first line, including the reason a failed start gives before it exits.
class LoggedRedisInstance extends RedisInstance {
  constructor(
    opts: ConstructorParameters<typeof RedisInstance>[0],
    private readonly sink: (stream: Stream, chunk: string | Buffer) => void,
  ) {
    super(opts);
  }
  override stdoutHandler(message: string | Buffer): void {
    this.sink('stdout', message);
    super.stdoutHandler(message);
  }
  override stderrHandler(message: string | Buffer): void {
    this.sink('stderr', message);
    super.stderrHandler(message);
  }
  // The watchdog (kills redis-server if we die) is spawned with `process.env.NODE ?? argv[0]`. In
  // Electron argv[0] is the app itself, which would open a second app instead of running a script.
  override _launchKiller(parentPid: number, childPid: number): ChildProcess {
    if (process.versions.electron === undefined) return super._launchKiller(parentPid, childPid);
    const saved = { NODE: process.env.NODE, ELECTRON_RUN_AS_NODE: process.env.ELECTRON_RUN_AS_NODE };
    process.env.NODE = process.execPath;
    process.env.ELECTRON_RUN_AS_NODE = '1';
    try {
      return super._launchKiller(parentPid, childPid); // spawns synchronously, reading env now
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  }
}

function lineLogger(logger: Logger, password: string): (stream: Stream, chunk: string | Buffer) => void {
  const partial: Record<Stream, string> = { stdout: '', stderr: '' };
  return (stream, chunk) => {
    const lines = (partial[stream] + chunk.toString()).split('\n');
    // A chunk can end mid-line: keep the tail for the next one.
    partial[stream] = lines.pop() ?? '';
    for (const raw of lines) {
      const line = redact(raw.trimEnd(), password);
      if (line === '') continue;
      const { level, text } = classifyRedisLine(line, stream);
      logger[level](text);
    }
  };
}
