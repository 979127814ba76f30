/**
 * The Settings calls against a real engine: `settings:set` checks a value with the start-up parsers
 * before it reaches `<data folder>/settings.json`, writes the file, and `settings:list` reports
 * where each value comes from; a new engine on the same data folder runs with the file's values
 * (its workers too: a file over the size limit fails naming it), under the environment's.
 */
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIndexRun } from '../../src/main/engine/index-runs';
import { SemantikError } from '../../src/shared/errors';
import type { SettingInfo } from '../../src/shared/settings';
import { callApi } from '../helpers/api-call';
import { startTestEngine, waitForRun, type TestEngine } from '../helpers/engine';

/** The error a call fails with (the test fails if it succeeds). */
async function failure(call: Promise<unknown>): Promise<SemantikError> {
  const outcome = await call.then(
    () => null,
    (error: unknown) => error,
  );
  if (!(outcome instanceof SemantikError)) throw new Error(`expected a SemantikError, got ${String(outcome)}`);
  return outcome;
}

function entry(list: SettingInfo[], name: string): SettingInfo {
  const found = list.find((one) => one.name === name);
  if (found === undefined) throw new Error(`${name} is not listed`);
  return found;
}

describe('settings (real engine)', () => {
  let base: string;
  let dataDir: string;
  let settingsFile: string;
  let test: TestEngine | null = null;
  const fileText = (): string => readFileSync(settingsFile, 'utf8');

  beforeAll(() => {
    base = realpathSync(mkdtempSync(join(tmpdir(), 'semantik-settings-')));
    dataDir = join(base, 'data');
    settingsFile = join(dataDir, 'settings.json');
  });
  afterAll(async () => {
    await test?.close();
    rmSync(base, { recursive: true, force: true });
  });

  it('refuses bad values with the parser message, writes good ones, and lists where values come from', async () => {
    test = await startTestEngine(1, {}, dataDir);
    const { engine } = test;
    const before = await callApi(engine, 'settings:list', {});
    expect(entry(before, 'SEMANTIK_MAX_FILE_SIZE')).toMatchObject({ value: '50mb', source: 'default', fileValue: null, editable: true });

    const bad = await failure(callApi(engine, 'settings:set', { name: 'SEMANTIK_MAX_FILE_SIZE', value: 'lots' }));
    expect(bad.code).toBe('BAD_INPUT');
    expect(bad.message).toBe('SEMANTIK_MAX_FILE_SIZE: "lots" is not a size (examples: 512mb, 4gb)');
    expect(() => fileText()).toThrow(/ENOENT/);

    const saved = await callApi(engine, 'settings:set', { name: 'SEMANTIK_MAX_FILE_SIZE', value: ' 1kb ' });
    expect(saved).toMatchObject({ value: '1kb', source: 'file', fileValue: '1kb', appliesAt: 'restart', pendingRestart: true });
    await callApi(engine, 'settings:set', { name: 'SEMANTIK_CONCURRENCY', value: '3' });
    const written = fileText();
    expect(JSON.parse(written)).toEqual({ SEMANTIK_CONCURRENCY: '3', SEMANTIK_MAX_FILE_SIZE: '1kb' });

    // Checks across settings, and the open-command templates, run too; none touches the file.
    const tooShort = await failure(callApi(engine, 'settings:set', { name: 'SEMANTIK_EXTRACT_TIMEOUT', value: '50ms' }));
    expect([tooShort.code, tooShort.message]).toEqual(['BAD_INPUT', 'SEMANTIK_EXTRACT_TIMEOUT: must be at least 100ms']);
    const template = await failure(callApi(engine, 'settings:set', { name: 'SEMANTIK_OPEN_COMMAND', value: 'code --goto' }));
    expect(template.message).toMatch(/^SEMANTIK_OPEN_COMMAND must contain \{path\}/);
    const flag = await failure(callApi(engine, 'settings:set', { name: 'SEMANTIK_WATCH', value: 'maybe' }));
    expect(flag.message).toBe('SEMANTIK_WATCH: "maybe" must be true or false');
    // Names outside the catalogue, and the environment-only ones, are refused.
    const unknown = await failure(callApi(engine, 'settings:set', { name: 'SEMANTIK_NOPE', value: '1' }));
    expect([unknown.code, unknown.message]).toEqual(['BAD_INPUT', expect.stringMatching(/SEMANTIK_NOPE is not a setting/)]);
    const guarded = await failure(callApi(engine, 'settings:set', { name: 'SEMANTIK_MONITOR_AUTH', value: 'a:b' }));
    expect([guarded.code, guarded.message]).toEqual(['BAD_INPUT', expect.stringMatching(/can only be set in the environment/)]);
    expect(fileText()).toBe(written);

    const after = await callApi(engine, 'settings:list', {});
    expect(entry(after, 'SEMANTIK_MAX_FILE_SIZE')).toMatchObject({ value: '1kb', source: 'file', fileValue: '1kb', pendingRestart: true });
    expect(entry(after, 'SEMANTIK_CONCURRENCY')).toMatchObject({ value: '3', source: 'file' });
    // The running engine keeps what it started with.
    expect(engine.config.maxFileBytes).toBe(50 * 1024 ** 2);
    await test.close();
    test = null;
  });

  it('starts the next engine with the file under the environment; its workers use the file limit', async () => {
    test = await startTestEngine(1, { SEMANTIK_CONCURRENCY: '2' }, dataDir);
    const { engine } = test;
    expect(engine.config.maxFileBytes).toBe(1024);
    expect(engine.config.concurrency).toBe(2);
    const list = await callApi(engine, 'settings:list', {});
    expect(entry(list, 'SEMANTIK_MAX_FILE_SIZE')).toMatchObject({ source: 'file', pendingRestart: false });
    expect(entry(list, 'SEMANTIK_CONCURRENCY')).toMatchObject({ value: '2', source: 'environment', fileValue: '3', editable: false });
    const hidden = await failure(callApi(engine, 'settings:set', { name: 'SEMANTIK_CONCURRENCY', value: '4' }));
    expect([hidden.code, hidden.message]).toEqual(['CONFLICT', expect.stringMatching(/set by the environment variable; change it there/)]);

    const folder = join(base, 'folder');
    mkdirSync(folder);
    writeFileSync(join(folder, 'small.txt'), 'A short note about tomatoes.\n');
    writeFileSync(join(folder, 'big.txt'), 'tomatoes and basil '.repeat(300));
    const { sourceId, runId } = await startIndexRun(engine.store, engine.queues, folder);
    await waitForRun(engine, runId);
    const problems = engine.store.problemsOfSource(sourceId);
    expect(problems).toEqual([
      { path: join(folder, 'big.txt'), state: 'failed', reason: expect.stringMatching(/too large.*SEMANTIK_MAX_FILE_SIZE/) },
    ]);

    // null takes a value out of the file: back to the default (the hidden one too).
    expect(await callApi(engine, 'settings:set', { name: 'SEMANTIK_MAX_FILE_SIZE', value: null })).toMatchObject({
      value: '50mb',
      source: 'default',
      fileValue: null,
      pendingRestart: true,
    });
    expect(JSON.parse(fileText())).toEqual({ SEMANTIK_CONCURRENCY: '3' });
    await callApi(engine, 'settings:set', { name: 'SEMANTIK_CONCURRENCY', value: null });
    expect(JSON.parse(fileText())).toEqual({});
    await test.close();
    test = null;
  });

  it('refuses to start on a settings file it cannot read, naming the file', async () => {
    writeFileSync(settingsFile, '{"SEMANTIK_WORKERS": 2, "SEMANTIK_DATA_DIR": "/elsewhere"}');
    const error = await failure(startTestEngine(1, {}, dataDir));
    expect(error.message).toContain(`Invalid settings file ${settingsFile}`);
    expect(error.message).toMatch(/SEMANTIK_WORKERS: must be text in quotes/);
    expect(error.message).toMatch(/SEMANTIK_DATA_DIR can only be set in the environment/);
    writeFileSync(settingsFile, '{"SEMANTIK_GPU_WAIT": "soon"}');
    const bad = await failure(startTestEngine(1, {}, dataDir));
    expect(bad.message).toBe(`SEMANTIK_GPU_WAIT: "soon" is not a duration (examples: 300, 30s, 5m, 2h) (set in ${settingsFile})`);
  });
});
