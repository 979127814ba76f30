/**
 * The settings a person may change in the app's Settings view (and in `<data folder>/settings.json`),
 * and those that stay environment-only. Names are the environment variables the engine has always
 * read (config.ts, pool-config.ts, file-open/open-command.ts); wording follows the README's tables.
 */
import { FOLLOW_LINKS_CHOICES } from './follow-links';
import { DEFAULT_FILES_PER_EXTRACT_JOB, MAX_FILES_PER_EXTRACT_JOB } from './jobs';

/** When a changed value is used: by the running engine at once, or from its next start. */
export type SettingAppliesAt = 'now' | 'restart';

/** One user-editable setting. */
export interface SettingSpec {
  /** The environment variable, also the key in settings.json. */
  name: string;
  description: string;
  /** The default, as text for people (some defaults have no typed form, e.g. "one per GPU"). */
  default: string;
  appliesAt: SettingAppliesAt;
  /** The values a select offers, when the setting takes one of a few words; null: free text. */
  choices: readonly string[] | null;
  /**
   * Changeable from the desktop window only, never from the web monitor: the engine runs this value
   * as a command, or it widens what the app reads or where its models come from, which a monitor
   * password alone must not decide.
   */
  desktopOnly: boolean;
}

const FLAG = ['on', 'off'] as const;

function setting(
  name: string,
  defaultText: string,
  description: string,
  extra: { choices?: readonly string[]; desktopOnly?: boolean } = {},
): SettingSpec {
  // Every setting below is read once, when the engine starts (the pool, the workers' configuration
  // and the watcher are built from it); none is re-read while it runs.
  return {
    name,
    description,
    default: defaultText,
    appliesAt: 'restart',
    choices: extra.choices ?? null,
    desktopOnly: extra.desktopOnly ?? false,
  };
}

/** The catalogue, in the order the Settings view lists it. */
export const SETTINGS: readonly SettingSpec[] = [
  setting('SEMANTIK_WORKERS', 'one per GPU, at least one', 'worker processes'),
  setting('SEMANTIK_MAX_WORKERS', '16', 'the most the pool can be scaled to'),
  setting('SEMANTIK_CONCURRENCY', '2', 'extract and embed jobs at once per worker process'),
  setting('SEMANTIK_GPU_WAIT', '5m', 'how long a worker waits for a GPU before the fallback'),
  setting('SEMANTIK_GPU_FALLBACK', 'cpu', 'cpu (run on the CPU after the wait) or wait (wait on)', { choices: ['cpu', 'wait'] }),
  setting('SEMANTIK_GPU_MAX_HOLD', '2h', 'a lease held longer is taken back'),
  setting('SEMANTIK_GPU_LEASE_TTL', '10s', "lease time-to-live, renewed while held: a crashed holder's device is free within this"),
  setting('SEMANTIK_GPU_RELEASE_AFTER_TASK', 'off', 'free the model session (and its GPU memory) after every embed task', {
    choices: FLAG,
  }),
  setting('MODEL_MAX_MEMORY_GB', 'none', 'a model session using more of a GPU than this (in GB) is released after its task'),
  setting('SEMANTIK_MAX_FILE_SIZE', '50mb', 'larger files are recorded as failed with that reason'),
  setting('SEMANTIK_EXTRACT_TIMEOUT', '60s', 'a file whose extraction takes longer fails with "timed out after …"'),
  setting(
    'SEMANTIK_EXTRACT_MEMORY',
    '1gb',
    'memory (heap and native) one file may take to extract; past it the file fails "ran out of memory"; ZIP-based files may inflate to half of it',
  ),
  setting(
    'SEMANTIK_EXTRACT_BATCH',
    String(DEFAULT_FILES_PER_EXTRACT_JOB),
    `files per extract job, at most (1 to ${MAX_FILES_PER_EXTRACT_JOB}; a job also closes once its files reach 16 MiB, and a scan's first jobs are smaller): larger batches index small files faster, smaller ones show finer progress`,
  ),
  setting('SEMANTIK_IGNORE', 'none', 'extra .gitignore-style patterns, comma-separated (.gitignore files in the tree apply too)'),
  setting('SEMANTIK_INCLUDE_HIDDEN', 'off', 'index files and folders whose names start with a dot', { choices: FLAG, desktopOnly: true }),
  setting(
    'SEMANTIK_FOLLOW_SYMLINKS',
    'inside',
    'which symbolic links to follow: inside (those within the folder), all (also out of it), none; never a link to an ancestor',
    { choices: FOLLOW_LINKS_CHOICES, desktopOnly: true },
  ),
  setting('SEMANTIK_WATCH', 'on', 'watch indexed folders, and scan them all at start', { choices: FLAG }),
  setting('SEMANTIK_WORKER_MAX_MEMORY', '4gb', 'a worker whose RSS is above this is recycled; 0: no limit'),
  setting('SEMANTIK_TASK_TIME_LIMIT', '3h', 'soft limit per task: its attempt fails (and is retried); 0: none'),
  setting('SEMANTIK_ABORT_GRACE', '10s', 'an aborted job whose processor has not stopped by then gets its worker replaced'),
  setting('SEMANTIK_WORKER_STOP_GRACE', '30s', 'a worker stopped by scaling down or recycling may finish its jobs this long'),
  setting('SEMANTIK_AUTOSCALE', 'off', 'min,max (e.g. 1,8): autoscale at start'),
  setting('SEMANTIK_AUTOSCALE_IDLE', '60s', 'autoscale stops a worker idle this long (down to min)'),
  setting('SEMANTIK_RETENTION_DAYS', '7', 'finished jobs older than this many days leave Redis and the job history'),
  setting('SEMANTIK_REDIS_MAXMEMORY', '1gb', 'the embedded Redis maxmemory (policy noeviction)'),
  setting('SEMANTIK_HF_ENDPOINT', 'https://huggingface.co', 'the model hub (or a mirror) that model downloads come from; https only', {
    desktopOnly: true,
  }),
  setting(
    'SEMANTIK_OPEN_COMMAND',
    'the OS default app (no place)',
    'opens search hits at their line: a command with {path}, {line}, {page} (e.g. code --goto {path}:{line}), run without a shell',
    { desktopOnly: true },
  ),
  setting('SEMANTIK_OPEN_PDF_COMMAND', 'SEMANTIK_OPEN_COMMAND', "the same for PDFs, at the hit's page (e.g. okular -p {page} {path})", {
    desktopOnly: true,
  }),
];

/**
 * Settings read from the environment only, and why: a settings file in the data folder cannot
 * choose the data folder, and what guards the app (credentials, read-only, exposure) must not be
 * changeable from the monitor it guards.
 */
export const ENVIRONMENT_ONLY_SETTINGS: Readonly<Record<string, string>> = {
  SEMANTIK_DATA_DIR: 'the settings file lives in the data folder',
  SEMANTIK_REDIS_URL: 'where the broker is is part of starting up',
  SEMANTIK_REDIS_PASSWORD: 'a secret',
  SEMANTIK_REDIS_BINARY: 'a program the app runs',
  SEMANTIK_REDIS_EXPOSE: "it opens the broker to other machines, which the monitor's users must not decide",
  SEMANTIK_MONITOR_AUTH: "the monitor's credentials",
  SEMANTIK_MONITOR_READ_ONLY: 'it guards the monitor that would change it',
  SEMANTIK_WEB_ROOTS: 'it decides which folders the web monitor may add, which the monitor must not widen',
  SEMANTIK_GPUS: 'device selection for tests and special setups',
  SEMANTIK_LOG_LEVEL: 'logging starts before the settings are read',
  SEMANTIK_LOG_FORMAT: 'logging starts before the settings are read',
  SEMANTIK_MODEL_DIR: 'models are chosen in the Models view',
};

/** The catalogue entry of `name`, or undefined when it is not user-editable. */
export function settingSpec(name: string): SettingSpec | undefined {
  return SETTINGS.find((spec) => spec.name === name);
}

/** Why `name` cannot be set in the app or in settings.json, for error messages. */
export function notEditableReason(name: string): string {
  const reason = Object.hasOwn(ENVIRONMENT_ONLY_SETTINGS, name) ? ENVIRONMENT_ONLY_SETTINGS[name] : undefined;
  return reason !== undefined
    ? `${name} can only be set in the environment (${reason})`
    : `${name} is not a setting of the Settings view (see the README's settings table)`;
}
