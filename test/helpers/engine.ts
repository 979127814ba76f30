/**
 * Starts a real engine (embedded Redis, real worker processes) in a temporary data folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, type RunningEngine } from '../../src/main/engine/engine';
import { startIndexRun } from '../../src/main/engine/index-runs';
import { forkLauncher } from '../../src/main/engine/pool/fork-launcher';

export interface TestEngine {
  engine: RunningEngine;
  dataDir: string;
  close(): Promise<void>;
}

/** An engine on a fresh data folder; `env` adds settings (e.g. SEMANTIK_GPUS). */
export async function startTestEngine(workers: number, env: Record<string, string> = {}, dataDir?: string): Promise<TestEngine> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'semantik-engine-'));
  const engine = await createEngine({
    launcher: forkLauncher,
    dataDir: dir,
    workers,
    env: { ...process.env, SEMANTIK_LOG_LEVEL: 'error', ...env },
  });
  return {
    engine,
    dataDir: dir,
    async close() {
      await engine.stop();
      if (!dataDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Starts indexing `folder` and returns its run id. */
export async function indexFolder(engine: RunningEngine, folder: string): Promise<number> {
  return (await startIndexRun(engine.store, engine.queues, folder)).runId;
}

/** Polls until `check` is true, failing with `what` after `timeoutMs`. */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 120_000, pollMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, pollMs));
  }
}

/** Waits until the job history has recorded every job event so far. */
export function waitForHistory(engine: RunningEngine, timeoutMs = 60_000): Promise<void> {
  return waitFor(() => engine.tasks.recorder.caughtUp(), 'the history to catch up with the job events', timeoutMs, 100);
}

/** Waits until the run is complete (scan done, no document pending). */
export function waitForRun(engine: RunningEngine, runId: number, timeoutMs = 150_000): Promise<void> {
  return waitFor(() => engine.store.isRunComplete(runId), `run ${runId} to complete`, timeoutMs);
}
