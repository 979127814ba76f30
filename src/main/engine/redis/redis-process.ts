/**
 * The redis-server child, run through redis-memory-server's RedisInstance (readiness from its
 * output, a watchdog that ends it if we die), with its output sent to our logger.
 *
 * It runs the binary it is given and nothing else: RedisInstance's own binary lookup, which
 * downloads and builds Redis when none is found, is never called.
 */
import type { ChildProcess } from 'node:child_process';
import { RedisInstance } from 'redis-memory-server';
import type { Logger } from '../../../node/logger';
import { classifyRedisLine } from './redis-log-lines';

/** Replaces every occurrence of `secret` in `text`; used on anything logged about the server. */
export function redact(text: string, secret: string): string {
  return secret === '' ? text : text.split(secret).join('[redacted]');
}

/** Launch options for {@link launchRedisProcess}. */
export interface LaunchRedisOptions {
  port: number;
  /** The config file (0600) that holds every setting and the users; the only argument. */
  configFile: string;
  binaryPath: string;
  logger: Logger;
  /** Removed from every logged line. */
  secrets: readonly string[];
}

/** A launched redis-memory-server instance and its readiness. */
export interface RedisProcess {
  instance: RedisInstance;
  /** Resolves once the instance printed "Ready to accept connections"; rejects if it exited first. */
  ready: Promise<void>;
}

/** Spawns `redis-server <configFile>`, forwarding its output. */
export function launchRedisProcess(options: LaunchRedisOptions): RedisProcess {
  const instance = new LoggedRedisInstance(
    { instance: { ip: '127.0.0.1', port: options.port, args: [] } },
    options.binaryPath,
    options.configFile,
    lineLogger(options.logger, options.secrets),
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
    private readonly binaryPath: string,
    private readonly configFile: string,
    private readonly sink: (stream: Stream, chunk: string | Buffer) => void,
  ) {
    super(opts);
  }
  // Only the config file: RedisInstance's own arguments (`--bind`, `--port`, `--appendonly no`)
  // are in it, and a password among arguments would be visible to every local user.
  override prepareCommandArgs(): string[] {
    return [this.configFile];
  }
  // RedisInstance.run() with the binary given, instead of RedisBinary.getPath(), which falls back
  // to downloading and building Redis.
  override async run(): Promise<this> {
    const launch = new Promise<void>((resolve, reject) => {
      this.instanceReady = () => {
        this.isInstanceReady = true;
        resolve();
      };
      this.instanceFailed = (error) => {
        this.killerProcess?.kill();
        reject(error instanceof Error ? error : new Error(String(error)));
      };
    });
    this.childProcess = this._launchRedisServer(this.binaryPath);
    if (this.childProcess.pid !== undefined) this.killerProcess = this._launchKiller(process.pid, this.childProcess.pid);
    await launch;
    return this;
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

function lineLogger(logger: Logger, secrets: readonly string[]): (stream: Stream, chunk: string | Buffer) => void {
  const partial: Record<Stream, string> = { stdout: '', stderr: '' };
  return (stream, chunk) => {
    const lines = (partial[stream] + chunk.toString()).split('\n');
    // A chunk can end mid-line: keep the tail for the next one.
    partial[stream] = lines.pop() ?? '';
    for (const raw of lines) {
      const line = secrets.reduce((text, secret) => redact(text, secret), raw.trimEnd());
      if (line === '') continue;
      const { level, text } = classifyRedisLine(line, stream);
      logger[level](text);
    }
  };
}
