/**
 * The `semantik` command line: index, search, status, doctor, serve, worker, workers, gpus.
 *
 * Each command's module is imported when that command runs, so that `semantik status` loads what
 * status needs and not the engine, the model runtime and the web server.
 */
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { noteCliEntry } from './cli-bundle';
import { EXIT } from './exit-codes';
import { printJsonFailure, reportError } from './output';
import type { SearchCommandOptions } from './search-command';
import type { WorkerCommandOptions } from './worker-command';

noteCliEntry(import.meta.url);

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a whole number');
  return n;
}

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 3600) throw new InvalidArgumentError('expected seconds, 0 to 3600');
  return n;
}

/**
 * Runs a command body and exits with its code; errors become messages, not stack dumps, and with
 * `--json` a JSON error object on stdout.
 */
function run(body: () => Promise<number>, json?: boolean): Promise<void> {
  return body().then(
    (code) => process.exit(code),
    (error: unknown) => process.exit(reportError(error, Boolean(json))),
  );
}

/**
 * Usage errors (unknown option, missing argument) exit with the usage code; commander has already
 * printed the reason. `--help` and `--version` exit 0.
 */
function exitOnUsageError(error: CommanderError): never {
  if (error.exitCode === 0) process.exit(0);
  if (process.argv.includes('--json')) printJsonFailure('USAGE', error.message.replace(/^error: /, ''), EXIT.USAGE);
  process.exit(EXIT.USAGE);
}

const program = new Command()
  .name('semantik')
  .description('Index folders into a local semantic search index, and watch the work.')
  .option('--data-dir <dir>', 'data folder (default: SEMANTIK_DATA_DIR or the OS data folder)')
  // Set before the commands are added: each inherits it.
  .exitOverride(exitOnUsageError);

const dataDir = (): string | undefined => program.opts<{ dataDir?: string }>().dataDir;

program
  .command('index')
  .description('index folders; uses the running instance if there is one, else starts the engine')
  .argument('<folders...>')
  .option('--json', 'print a JSON summary')
  .option('--detach', 'queue the folders on the running instance and return at once with the run ids')
  .option('--restart-wait <seconds>', 'when the running instance dies, wait this long for it to come back', seconds, 15)
  .action((folders: string[], options: { json?: boolean; detach?: boolean; restartWait: number }) =>
    run(
      async () =>
        (await import('./index-command')).indexCommand(folders, {
          ...(options.json ? { json: true } : {}),
          ...(options.detach ? { detach: true } : {}),
          restartWaitMs: options.restartWait * 1000,
          dataDir: dataDir(),
        }),
      options.json,
    ),
  );

/** Commander's collector for a repeatable option; `--type pdf,md` is a list too. */
const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];
const collectList = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), ...value.split(',')];

program
  .command('search')
  .description('search the index; the query may hold filters: type:pdf path:reports/ after:2025-01-01 "exact phrase"')
  .argument('<query>')
  .option('-k, --top <n>', 'number of files', positiveInt, 10)
  .option('--passages <n>', 'passages shown per file (1 to 10)', positiveInt, 3)
  .option('--mode <mode>', 'hybrid (keyword and vector ranks fused), keyword or vector', 'hybrid')
  .option('--type <types>', 'file types or kinds, any of: pdf,md,word,… (repeatable)', collectList)
  .option('--path <pattern>', 'path substring, or glob with * ? [ (repeatable: each must match)', collect)
  .option('--folder <folder>', 'in or below this folder, or in folders of this name (repeatable: any)', collect)
  .option('--after <time>', 'modified at or after: 2025-01-31, 2025-01-31T08:00, 7d, today')
  .option('--before <time>', 'modified before (same forms)')
  .option('--json', 'print JSON')
  .action((query: string, options: Omit<SearchCommandOptions, 'k' | 'dataDir'> & { top: number }) =>
    run(
      async () => (await import('./search-command')).searchCommand(query, { ...options, k: options.top, dataDir: dataDir() }),
      options.json,
    ),
  );

program
  .command('status')
  .description('workers, GPUs and queues of the running instance')
  .option('--json', 'print JSON')
  .action((options: { json?: boolean }) =>
    run(async () => (await import('./status-command')).statusCommand({ ...options, dataDir: dataDir() }), options.json),
  );

program
  .command('doctor')
  .description('check Redis, a worker round-trip, GPUs, the model and the store')
  .option('--json', 'print JSON')
  .action((options: { json?: boolean }) =>
    run(async () => (await import('./doctor-command')).doctorCommand({ ...options, dataDir: dataDir() }), options.json),
  );

program
  .command('serve')
  .description('run the engine headless with the web monitor until stopped')
  .option('--host <host>', 'interface to listen on', '127.0.0.1')
  .option('--port <port>', 'port', positiveInt, 5555)
  .option('--read-only', 'refuse every change through the monitor')
  .action((options: { host: string; port: number; readOnly?: boolean }) =>
    run(async () => (await import('./serve-command')).serveCommand({ ...options, dataDir: dataDir() })),
  );

program
  .command('worker')
  .description("join a running app's queues from another machine and take embed work")
  .requiredOption('--redis <url>', "redis:// or rediss:// URL of the app's Redis (user `worker` unless it names one)")
  .option('--password-file <file>', "file holding the worker password (the app's redis/worker-password; or SEMANTIK_REDIS_PASSWORD)")
  .option('--password <password>', 'no longer accepted: visible to every local user (use --password-file)')
  .option('--concurrency <n>', 'embed jobs at once per worker', positiveInt)
  .option('--workers <n>', 'worker processes (default SEMANTIK_WORKERS, else one per GPU, at least one)', positiveInt)
  .option('--ca <file>', "certificate to trust for rediss:// (the app's redis/tls/cert.pem; or SEMANTIK_REDIS_CA)")
  .option(
    '--payload-key-file <file>',
    "the app's payload key, to read job texts (its data folder's payload.key; or SEMANTIK_PAYLOAD_KEY_FILE)",
  )
  .action((options: WorkerCommandOptions) => run(async () => (await import('./worker-command')).workerCommand(options)));

const workers = program
  .command('workers')
  .description("the running instance's worker pool: list, scale, autoscale")
  .option('--json', 'print JSON')
  .action((options: { json?: boolean }) =>
    run(async () => (await import('./workers-command')).workersListCommand({ ...options, dataDir: dataDir() }), options.json),
  );
// `--json` after a subcommand is parsed by `workers` itself (commander's default): honour it there too.
const workersJson = (options: { json?: boolean }): boolean => Boolean(options.json || workers.opts<{ json?: boolean }>().json);
workers
  .command('scale')
  .description('set the number of local workers (extra ones finish or hand back their jobs)')
  .argument('<count>', 'workers', positiveInt)
  .option('--json', 'print JSON')
  .action((count: number, options: { json?: boolean }) =>
    run(
      async () => (await import('./workers-command')).workersScaleCommand(count, { json: workersJson(options), dataDir: dataDir() }),
      workersJson(options),
    ),
  );
workers
  .command('autoscale')
  .description('autoscale between MIN and MAX workers, or `off`')
  .argument('<range...>', 'MIN MAX, or off')
  .option('--idle <seconds>', 'stop a worker idle this long', positiveInt)
  .option('--json', 'print JSON')
  .action((range: string[], options: { json?: boolean; idle?: number }) =>
    run(
      async () =>
        (await import('./workers-command')).workersAutoscaleCommand(range, { ...options, json: workersJson(options), dataDir: dataDir() }),
      workersJson(options),
    ),
  );

program
  .command('gpus')
  .description('GPUs of the running instance: lease holders, waiters, utilisation and memory')
  .option('--json', 'print JSON')
  .action((options: { json?: boolean }) =>
    run(async () => (await import('./gpus-command')).gpusCommand({ ...options, dataDir: dataDir() }), options.json),
  );

await program.parseAsync(process.argv);
