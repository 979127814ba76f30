/**
 * `semantik doctor` through the real CLI: every check passes on this machine and the GPU check says
 * plainly that work runs on the CPU; with a broken setting it fails with the reason.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseJsonOutput, runCli } from '../helpers/cli';

interface Doctor {
  ok: boolean;
  checks: Array<{ name: string; ok: boolean; detail: string }>;
}

describe('semantik doctor', () => {
  const base = mkdtempSync(join(tmpdir(), 'semantik-doctor-'));
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('passes every check and reports CPU-only operation plainly', async () => {
    const result = await runCli(['doctor', '--json'], { SEMANTIK_DATA_DIR: join(base, 'ok'), SEMANTIK_GPUS: '' });
    const report = parseJsonOutput<Doctor>(result);
    expect(result.code, JSON.stringify(report, null, 2)).toBe(0);
    expect(report.ok).toBe(true);
    expect(report.checks.map((check) => check.name)).toEqual(['redis', 'worker', 'gpu', 'model', 'store']);
    expect(report.checks.find((check) => check.name === 'worker')?.detail).toMatch(/test_task answered by worker/);
    expect(report.checks.find((check) => check.name === 'gpu')?.detail).toMatch(/no GPU found: CPU-only operation/);
  });

  it('exits non-zero with the reason when a check fails', async () => {
    const result = await runCli(['doctor', '--json'], {
      SEMANTIK_DATA_DIR: join(base, 'bad'),
      SEMANTIK_MODEL_DIR: join(base, 'no-such-model'),
    });
    const report = parseJsonOutput<Doctor>(result);
    expect(result.code).not.toBe(0);
    expect(report.ok).toBe(false);
    expect(report.checks.some((check) => !check.ok && check.detail.length > 0)).toBe(true);
  });
});
