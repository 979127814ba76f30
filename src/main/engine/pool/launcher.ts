/**
 * How worker processes are started: `child_process.fork` in plain Node, `utilityProcess.fork`
 * inside Electron. The pool only sees this interface.
 */
export interface LaunchSpec {
  /** The worker's entry module (a .ts file in development, a built .js file in a packaged app). */
  entry: string;
  env: Record<string, string>;
  /** A name for logs and the OS process list, e.g. `semantik-worker-w3`. */
  name: string;
}

/** A started child process, whatever started it. */
export interface LaunchedChild {
  readonly pid: number | undefined;
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  kill(signal?: NodeJS.Signals): void;
  readonly stdout?: NodeJS.ReadableStream | null;
  readonly stderr?: NodeJS.ReadableStream | null;
}

export interface WorkerLauncher {
  launch(spec: LaunchSpec): LaunchedChild;
}
