// Precedence of the settings (environment > settings.json > default), the entries the Settings
// view shows, and the catalogue against the parsers that read it.
import { describe, expect, it } from 'vitest';
import { resolveSettings } from '../../src/main/engine/settings/load-settings';
import { apiInputs } from '../../src/shared/api';
import { ENVIRONMENT_ONLY_SETTINGS, SETTINGS, settingSpec } from '../../src/shared/settings-catalogue';
import { settingInfo, settingSource, withSettingsFile } from '../../src/shared/settings';

function spec(name: string): (typeof SETTINGS)[number] {
  const found = settingSpec(name);
  if (found === undefined) throw new Error(`${name} is not in the catalogue`);
  return found;
}

describe('settings precedence', () => {
  it('fills only what the environment leaves unset; a blank variable counts as unset', () => {
    const env = { SEMANTIK_WORKERS: '2', SEMANTIK_CONCURRENCY: '', PATH: '/bin' };
    const file = { SEMANTIK_WORKERS: '8', SEMANTIK_CONCURRENCY: '4', SEMANTIK_WATCH: 'off' };
    expect(withSettingsFile(env, file)).toEqual({ SEMANTIK_WORKERS: '2', SEMANTIK_CONCURRENCY: '4', SEMANTIK_WATCH: 'off', PATH: '/bin' });
    expect(settingSource('SEMANTIK_WORKERS', env, file)).toBe('environment');
    expect(settingSource('SEMANTIK_CONCURRENCY', env, file)).toBe('file');
    expect(settingSource('SEMANTIK_GPU_WAIT', env, file)).toBe('default');
    // The input is not changed.
    expect(env.SEMANTIK_CONCURRENCY).toBe('');
  });

  it('describes an entry: effective value, source, file value, editable, pending restart', () => {
    const file = { SEMANTIK_MAX_FILE_SIZE: '10mb' };
    expect(settingInfo(spec('SEMANTIK_MAX_FILE_SIZE'), {}, file, {})).toMatchObject({
      value: '10mb',
      source: 'file',
      fileValue: '10mb',
      default: '50mb',
      appliesAt: 'restart',
      editable: true,
      pendingRestart: true,
    });
    // Started with it: nothing pending.
    expect(settingInfo(spec('SEMANTIK_MAX_FILE_SIZE'), {}, file, file).pendingRestart).toBe(false);
    // Set in the environment: the file's value is shown but not in effect, and the row is locked.
    expect(
      settingInfo(spec('SEMANTIK_MAX_FILE_SIZE'), { SEMANTIK_MAX_FILE_SIZE: '1mb' }, file, { SEMANTIK_MAX_FILE_SIZE: '1mb' }),
    ).toMatchObject({ value: '1mb', source: 'environment', fileValue: '10mb', editable: false, pendingRestart: false });
    expect(settingInfo(spec('SEMANTIK_GPU_FALLBACK'), {}, {}, {})).toMatchObject({
      value: 'cpu',
      source: 'default',
      fileValue: null,
      choices: ['cpu', 'wait'],
    });
  });
});

describe('settings catalogue', () => {
  const required = [
    'SEMANTIK_WORKERS',
    'SEMANTIK_CONCURRENCY',
    'SEMANTIK_MAX_WORKERS',
    'SEMANTIK_GPU_WAIT',
    'SEMANTIK_GPU_FALLBACK',
    'SEMANTIK_GPU_MAX_HOLD',
    'SEMANTIK_MAX_FILE_SIZE',
    'SEMANTIK_EXTRACT_TIMEOUT',
    'SEMANTIK_EXTRACT_MEMORY',
    'SEMANTIK_IGNORE',
    'SEMANTIK_INCLUDE_HIDDEN',
    'SEMANTIK_FOLLOW_SYMLINKS',
    'SEMANTIK_WATCH',
    'SEMANTIK_WORKER_MAX_MEMORY',
    'SEMANTIK_TASK_TIME_LIMIT',
    'SEMANTIK_GPU_RELEASE_AFTER_TASK',
    'SEMANTIK_OPEN_COMMAND',
    'SEMANTIK_OPEN_PDF_COMMAND',
    'SEMANTIK_RETENTION_DAYS',
    'SEMANTIK_HF_ENDPOINT',
  ];
  const environmentOnly = [
    'SEMANTIK_DATA_DIR',
    'SEMANTIK_REDIS_URL',
    'SEMANTIK_REDIS_PASSWORD',
    'SEMANTIK_REDIS_BINARY',
    'SEMANTIK_REDIS_EXPOSE',
    'SEMANTIK_MONITOR_AUTH',
    'SEMANTIK_MONITOR_READ_ONLY',
    'SEMANTIK_GPUS',
    'SEMANTIK_LOG_LEVEL',
    'SEMANTIK_LOG_FORMAT',
  ];

  it('holds the editable settings once each, and none of the environment-only ones', () => {
    const names = SETTINGS.map((one) => one.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of required) expect(names, name).toContain(name);
    for (const name of environmentOnly) {
      expect(names, name).not.toContain(name);
      expect(Object.keys(ENVIRONMENT_ONLY_SETTINGS), name).toContain(name);
    }
  });

  it('names only variables the start-up parsers read: a nonsense value is refused, naming it', () => {
    for (const { name } of SETTINGS) {
      // Patterns are free text: any value is a pattern.
      if (name === 'SEMANTIK_IGNORE') continue;
      expect(() => resolveSettings({}, { [name]: '%nonsense%' }, { dataDir: '/tmp/semantik-unused' }), name).toThrow(
        new RegExp(`^${name}\\b`),
      );
    }
    expect(resolveSettings({}, { SEMANTIK_IGNORE: '*.log, build/' }, {}).config.ignorePatterns).toEqual(['*.log', 'build/']);
  });

  it('offers choices the parsers accept', () => {
    for (const { name, choices } of SETTINGS) {
      for (const choice of choices ?? []) expect(() => resolveSettings({}, { [name]: choice }, {}), `${name}=${choice}`).not.toThrow();
    }
    expect(resolveSettings({}, { SEMANTIK_WATCH: 'off', SEMANTIK_GPU_RELEASE_AFTER_TASK: 'on' }, {}).config).toMatchObject({
      watch: false,
      pool: { gpuReleaseAfterTask: true },
    });
  });

  it('validates settings:set input: one line, at most 2000 characters, nothing else', () => {
    const schema = apiInputs['settings:set'];
    expect(schema.safeParse({ name: 'SEMANTIK_WORKERS', value: null }).success).toBe(true);
    expect(schema.safeParse({ name: 'SEMANTIK_WORKERS', value: 'x'.repeat(2001) }).success).toBe(false);
    expect(schema.safeParse({ name: 'SEMANTIK_WORKERS', value: 'a\nb' }).success).toBe(false);
    expect(schema.safeParse({ name: 'SEMANTIK_WORKERS', value: '2', extra: 1 }).success).toBe(false);
    expect(schema.safeParse({ name: 'x'.repeat(101), value: '2' }).success).toBe(false);
  });
});
