import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/main/engine/config';

describe('walk and extraction settings', () => {
  it('has defaults: 60 s and 1 GB per file, 128 files per extract job, hidden files skipped, links followed within the folder only', () => {
    expect(loadConfig({})).toMatchObject({
      extractTimeoutMs: 60_000,
      extractMemoryBytes: 1024 ** 3,
      extractBatchFiles: 128,
      ignorePatterns: [],
      includeHidden: false,
      followSymlinks: 'inside',
    });
  });

  it('reads them from the environment', () => {
    const config = loadConfig({
      SEMANTIK_EXTRACT_TIMEOUT: '90s',
      SEMANTIK_EXTRACT_MEMORY: '512mb',
      SEMANTIK_EXTRACT_BATCH: '16',
      SEMANTIK_IGNORE: '*.log, build/ ,',
      SEMANTIK_INCLUDE_HIDDEN: 'yes',
      SEMANTIK_FOLLOW_SYMLINKS: '0',
    });
    expect(config).toMatchObject({
      extractTimeoutMs: 90_000,
      extractMemoryBytes: 512 * 1024 ** 2,
      extractBatchFiles: 16,
      ignorePatterns: ['*.log', 'build/'],
      includeHidden: true,
      followSymlinks: 'none',
    });
  });

  it('names the setting when a value is wrong', () => {
    expect(() => loadConfig({ SEMANTIK_INCLUDE_HIDDEN: 'maybe' })).toThrow(/SEMANTIK_INCLUDE_HIDDEN/);
    expect(() => loadConfig({ SEMANTIK_EXTRACT_MEMORY: '1mb' })).toThrow(/SEMANTIK_EXTRACT_MEMORY: must be at least 16mb/);
    expect(() => loadConfig({ SEMANTIK_EXTRACT_TIMEOUT: 'soon' })).toThrow(/SEMANTIK_EXTRACT_TIMEOUT/);
    for (const batch of ['0', '1025', '12.5', 'many'])
      expect(() => loadConfig({ SEMANTIK_EXTRACT_BATCH: batch })).toThrow(/SEMANTIK_EXTRACT_BATCH/);
    expect(() => loadConfig({ SEMANTIK_FOLLOW_SYMLINKS: 'sometimes' })).toThrow(
      /SEMANTIK_FOLLOW_SYMLINKS: "sometimes" must be inside, all or none/,
    );
  });

  it('follows links out of the folder only when told to', () => {
    expect(loadConfig({ SEMANTIK_FOLLOW_SYMLINKS: 'all' }).followSymlinks).toBe('all');
    // "on", the old default, keeps meaning "follow links": now only those within the folder.
    expect(loadConfig({ SEMANTIK_FOLLOW_SYMLINKS: 'on' }).followSymlinks).toBe('inside');
  });
});
