// Model downloads through the engine's API from a local server in the hub's URL layout, serving
// the built-in model's files as a sentence-transformers export: progress, a cut connection that
// resumes with a Range request, a download resumed after it was stopped, and wrong checksums
// (the caller's, and a hub's ETag) refused with the file deleted.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DownloadInfo } from '../../src/shared/models';
import { defaultModelDir } from '../../src/node/models/default-model-dir';
import { callApi } from '../helpers/api-call';
import { sha256, startFakeHub, type FakeHub, type HubFile } from '../helpers/fake-hub';
import { startTestEngine, waitFor, type TestEngine } from '../helpers/engine';

const builtIn = defaultModelDir();
const graph = readFileSync(join(builtIn, 'model.onnx'));
const tokenizer = readFileSync(join(builtIn, 'tokenizer.json'));
const json = (value: unknown): Buffer => Buffer.from(`${JSON.stringify(value, null, 2)}\n`);

/** The built-in model laid out as a sentence-transformers ONNX repository. */
function modelRepo(overrides: Partial<Record<string, HubFile>> = {}): Record<string, HubFile> {
  const files: Record<string, HubFile> = {
    'onnx/model.onnx': { body: graph, lfs: true },
    'tokenizer.json': { body: tokenizer, lfs: true },
    'config.json': { body: json({ model_type: 'semantik-glove', hidden_size: 100 }) },
    'tokenizer_config.json': { body: json({ pad_token: '[PAD]', unk_token: '[UNK]', model_max_length: 256, do_lower_case: true }) },
    '1_Pooling/config.json': { body: json({ word_embedding_dimension: 100, pooling_mode_mean_tokens: true }) },
  };
  for (const [path, file] of Object.entries(overrides)) if (file) files[path] = file;
  return files;
}

let hub: FakeHub;
let test: TestEngine;

beforeAll(async () => {
  hub = await startFakeHub({
    'acme/glove-mini': modelRepo(),
    'acme/glove-paused': modelRepo(),
    'acme/glove-wrong': modelRepo(),
    'acme/glove-corrupt': modelRepo({ 'onnx/model.onnx': { body: graph, lfs: true, etag: 'ab'.repeat(32) } }),
    'acme/no-onnx': { 'config.json': { body: json({ hidden_size: 100 }) } },
    'sentence-transformers/all-MiniLM-L6-v2': { 'config.json': { body: json({ hidden_size: 384 }) } },
  });
  test = await startTestEngine(1, { SEMANTIK_HF_ENDPOINT: hub.url });
});

afterAll(async () => {
  await test?.close();
  await hub?.close();
});

function modelRequests(repo: string): Array<{ method: string; range: string | null }> {
  return hub.requests.filter((request) => request.path.startsWith(`/cdn/${repo}/-/onnx/model.onnx`) && request.method === 'GET');
}

async function download(repo: string, extra: { checksums?: Record<string, string> } = {}): Promise<DownloadInfo> {
  const started = await callApi(test.engine, 'models:download', { repo, ...extra });
  expect(started.state).toBe('running');
  return test.engine.models.whenDownloaded(started.id);
}

describe('model download from a hub', () => {
  it('downloads with progress, resumes a cut connection with Range, checks the SHA-256, and lists the model', async () => {
    const cutAt = 1_000_000;
    hub.cutNext('acme/glove-mini', 'onnx/model.onnx', cutAt, 'close');
    const progress: number[] = [];
    const off = test.engine.onEvent('models:changed', (overview) => {
      const one = overview.downloads.find((item) => item.id === 'glove-mini');
      if (one) progress.push(one.bytesDone);
    });
    const done = await download('acme/glove-mini');
    off();
    expect(done.error).toBeNull();
    expect(done.state).toBe('done');
    expect(done.bytesTotal).toBe(done.bytesDone);
    const onnx = done.files.find((file) => file.path === 'onnx/model.onnx')!;
    expect(onnx).toMatchObject({ state: 'done', checksum: 'sha256', bytesTotal: graph.length });
    // It resumes from what reached the disk: at most what the server sent before the cut (bytes
    // still in flight when the socket closed are lost, more of them on a loaded machine).
    expect(onnx.resumedFrom).toBeGreaterThan(0);
    expect(onnx.resumedFrom).toBeLessThanOrEqual(cutAt);
    expect(done.files.find((file) => file.path === 'config.json')?.checksum).toBe('git-sha1');
    expect(done.files.find((file) => file.path === 'special_tokens_map.json')?.state).toBe('skipped');
    // The first request was cut; the second asked for the rest.
    expect(modelRequests('acme/glove-mini').map((request) => request.range)).toEqual([null, `bytes=${onnx.resumedFrom}-`]);
    const folder = join(test.dataDir, 'models', 'glove-mini');
    expect(sha256(readFileSync(join(folder, 'onnx', 'model.onnx')))).toBe(sha256(graph));
    expect(existsSync(join(test.dataDir, 'models', '.downloads', 'glove-mini@main'))).toBe(false);
    expect(progress.length).toBeGreaterThan(0);

    const overview = await test.engine.handlers['models:list']({});
    const entry = overview.models.find((model) => model.id === 'glove-mini');
    expect(entry).toMatchObject({ dims: 100, origin: 'models-folder', format: 'sentence-transformers', active: false });
    expect(entry!.sizeBytes).toBeGreaterThan(graph.length);
    expect(overview.models.find((model) => model.origin === 'built-in')).toMatchObject({ active: true });
    expect((await test.engine.handlers['models:downloads']({})).some((item) => item.id === 'glove-mini' && item.state === 'done')).toBe(
      true,
    );
  });

  it('resumes a download that was stopped part-way, from the bytes it kept', async () => {
    const keptBytes = 2_000_000;
    hub.cutNext('acme/glove-paused', 'onnx/model.onnx', keptBytes, 'stall');
    const started = await callApi(test.engine, 'models:download', { repo: 'acme/glove-paused' });
    const part = join(test.dataDir, 'models', '.downloads', 'glove-paused@main', 'onnx', 'model.onnx.part');
    await waitFor(() => existsSync(part) && readFileSync(part).length === keptBytes, 'the first bytes to be written', 30_000);
    await test.engine.handlers['models:cancelDownload']({ id: started.id });
    expect((await test.engine.models.whenDownloaded(started.id)).state).toBe('cancelled');
    expect(readFileSync(part).length).toBe(keptBytes);

    const done = await download('acme/glove-paused');
    expect(done.state).toBe('done');
    expect(done.files.find((file) => file.path === 'onnx/model.onnx')?.resumedFrom).toBe(keptBytes);
    expect(modelRequests('acme/glove-paused').map((request) => request.range)).toEqual([null, `bytes=${keptBytes}-`]);
    expect(sha256(readFileSync(join(test.dataDir, 'models', 'glove-paused', 'onnx', 'model.onnx')))).toBe(sha256(graph));
  });

  it('refuses a file whose SHA-256 is not the one the caller gave, and deletes it', async () => {
    const wrong = '0'.repeat(64);
    const done = await download('acme/glove-wrong', { checksums: { 'onnx/model.onnx': wrong } });
    expect(done.state).toBe('failed');
    expect(done.error).toContain(`expected ${wrong}`);
    const staged = join(test.dataDir, 'models', '.downloads', 'glove-wrong@main', 'onnx');
    expect(existsSync(join(staged, 'model.onnx'))).toBe(false);
    expect(existsSync(join(staged, 'model.onnx.part'))).toBe(false);
    expect(existsSync(join(test.dataDir, 'models', 'glove-wrong'))).toBe(false);
    expect((await test.engine.handlers['models:list']({})).models.some((model) => model.id === 'glove-wrong')).toBe(false);
  });

  it("refuses a file that does not match the hub's ETag", async () => {
    const done = await download('acme/glove-corrupt');
    expect(done.state).toBe('failed');
    expect(done.error).toContain(`expected ${'ab'.repeat(32)}`);
    expect(existsSync(join(test.dataDir, 'models', '.downloads', 'glove-corrupt@main', 'onnx', 'model.onnx.part'))).toBe(false);
    expect(existsSync(join(test.dataDir, 'models', 'glove-corrupt'))).toBe(false);
  });

  it('fails clearly for a repository without an ONNX export, and refuses bad repository names', async () => {
    const done = await download('acme/no-onnx');
    expect(done.state).toBe('failed');
    expect(done.error).toContain('no ONNX export');
    await expect(callApi(test.engine, 'models:download', { repo: '../../etc' })).rejects.toThrow(/repository/);
  });

  it('says the hub is reachable and what to download; offline, what the built-in model means', async () => {
    const online = await test.engine.handlers['models:recommendation']({});
    expect(online).toMatchObject({ hubReachable: true, reason: null, usingBuiltIn: true, downloaded: false });
    expect(online.recommended.repo).toBe('sentence-transformers/all-MiniLM-L6-v2');
    expect(online.builtInNote).toContain('word order');

    // Port 9 on loopback (discard) has no listener here: the hub is unreachable, as offline.
    const offline = await startTestEngine(1, { SEMANTIK_HF_ENDPOINT: 'http://127.0.0.1:9' });
    try {
      const answer = await offline.engine.handlers['models:recommendation']({});
      expect(answer.hubReachable).toBe(false);
      expect(answer.reason).toContain('127.0.0.1:9');
      expect(answer.usingBuiltIn).toBe(true);
    } finally {
      await offline.close();
    }
  });
});
