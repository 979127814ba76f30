// The settings file's strict reading (bad JSON, unknown or environment-only names, values that are
// not text: each a clear error naming the file), its atomic write, and what a start makes of it.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseSettingsFile, readSettingsFile, settingsFilePath, writeSettingsFile } from '../../src/main/engine/settings/settings-file';
import { loadSettings } from '../../src/main/engine/settings/load-settings';

const FILE = '/data/settings.json';
const dirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'semantik-settings-'));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('settings file schema', () => {
  it('accepts an object of catalogue names to text', () => {
    expect(parseSettingsFile('{"SEMANTIK_WORKERS": "4", "SEMANTIK_WATCH": "off"}', FILE)).toEqual({
      SEMANTIK_WORKERS: '4',
      SEMANTIK_WATCH: 'off',
    });
    expect(parseSettingsFile('{}', FILE)).toEqual({});
  });

  it('refuses text that is not JSON, naming the file', () => {
    expect(() => parseSettingsFile('{"SEMANTIK_WORKERS": 4,', FILE)).toThrow(/The settings file \/data\/settings\.json is not valid JSON/);
  });

  it('refuses JSON that is not an object', () => {
    for (const text of ['[]', '"4"', 'null', '42']) {
      expect(() => parseSettingsFile(text, FILE), text).toThrow(
        /Invalid settings file \/data\/settings\.json: \(root\): must be a JSON object/,
      );
    }
  });

  it('refuses unknown names, and says why an environment-only one cannot be there', () => {
    expect(() => parseSettingsFile('{"SEMANTIK_WORKRES": "4"}', FILE)).toThrow(
      /settings\.json: \(root\): SEMANTIK_WORKRES is not a setting of the Settings view/,
    );
    expect(() => parseSettingsFile('{"SEMANTIK_MONITOR_AUTH": "a:b"}', FILE)).toThrow(
      /SEMANTIK_MONITOR_AUTH can only be set in the environment/,
    );
    expect(() => parseSettingsFile('{"SEMANTIK_DATA_DIR": "/x"}', FILE)).toThrow(/the settings file lives in the data folder/);
    expect(() => parseSettingsFile('{"toString": "x"}', FILE)).toThrow(/toString is not a setting/);
  });

  it('refuses values that are not text, listing every problem', () => {
    const attempt = (): unknown => parseSettingsFile('{"SEMANTIK_WORKERS": 4, "SEMANTIK_WATCH": false, "NOPE": "1"}', FILE);
    expect(attempt).toThrow(/SEMANTIK_WORKERS: must be text in quotes/);
    expect(attempt).toThrow(/SEMANTIK_WATCH: must be text in quotes/);
    expect(attempt).toThrow(/\(root\): NOPE is not a setting/);
  });
});

describe('settings file on disk', () => {
  it('reads a missing file as no settings', () => {
    expect(readSettingsFile(join(tempDir(), 'settings.json'))).toEqual({});
  });

  it('writes atomically: sorted JSON, owner-only, no temporary file left; read back the same', () => {
    const path = settingsFilePath(tempDir());
    writeSettingsFile(path, { SEMANTIK_WORKERS: '3', SEMANTIK_CONCURRENCY: '4' });
    expect(readFileSync(path, 'utf8')).toBe('{\n  "SEMANTIK_CONCURRENCY": "4",\n  "SEMANTIK_WORKERS": "3"\n}\n');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    writeSettingsFile(path, { SEMANTIK_WORKERS: '5' });
    expect(readSettingsFile(path)).toEqual({ SEMANTIK_WORKERS: '5' });
    expect(readdirSync(join(path, '..'))).toEqual(['settings.json']);
  });

  it('fails to write into a missing folder with the file named, leaving nothing behind', () => {
    const path = join(tempDir(), 'gone', 'settings.json');
    expect(() => writeSettingsFile(path, {})).toThrow(/Cannot write the settings file .*gone\/settings\.json/);
  });
});

describe('loading settings at start', () => {
  it('finds the file in the data folder and puts it under the environment', () => {
    const dataDir = tempDir();
    writeFileSync(settingsFilePath(dataDir), JSON.stringify({ SEMANTIK_MAX_FILE_SIZE: '1kb', SEMANTIK_CONCURRENCY: '5' }));
    const loaded = loadSettings({ SEMANTIK_DATA_DIR: dataDir, SEMANTIK_CONCURRENCY: '3' });
    expect(loaded.config.dataDir).toBe(dataDir);
    expect(loaded.config.maxFileBytes).toBe(1024);
    expect(loaded.config.concurrency).toBe(3);
    expect(loaded.env.SEMANTIK_MAX_FILE_SIZE).toBe('1kb');
  });

  it('uses the data folder given by option over SEMANTIK_DATA_DIR', () => {
    const dataDir = tempDir();
    writeFileSync(settingsFilePath(dataDir), JSON.stringify({ SEMANTIK_CONCURRENCY: '7' }));
    expect(loadSettings({ SEMANTIK_DATA_DIR: tempDir() }, { dataDir }).config.concurrency).toBe(7);
  });

  it('refuses to start on a broken file, and names the file when a bad value comes from it', () => {
    const dataDir = tempDir();
    writeFileSync(settingsFilePath(dataDir), '{"SEMANTIK_WORKERS": 2}');
    expect(() => loadSettings({}, { dataDir })).toThrow(/settings\.json: SEMANTIK_WORKERS: must be text/);
    writeFileSync(settingsFilePath(dataDir), '{"SEMANTIK_GPU_WAIT": "soon"}');
    expect(() => loadSettings({}, { dataDir })).toThrow(/^SEMANTIK_GPU_WAIT: "soon" is not a duration .*\(set in .*settings\.json\)$/);
    writeFileSync(settingsFilePath(dataDir), '{"SEMANTIK_OPEN_COMMAND": "code"}');
    expect(() => loadSettings({}, { dataDir })).toThrow(/SEMANTIK_OPEN_COMMAND must contain \{path\}.*\(set in /);
    // The environment's own bad value is not blamed on the file.
    expect(() => loadSettings({ SEMANTIK_OPEN_COMMAND: 'vi' }, { dataDir })).toThrow(/must contain \{path\}: "vi"$/);
  });
});
