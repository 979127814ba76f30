// The models panel: the built-in model active, the first-run offer of a real model from the hub
// (a local server in the hub's layout), its download with progress, and the switch to it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_ID, defaultModelDir } from '../../src/node/models/default-model-dir';
import { startFakeHub, type FakeHub } from '../helpers/fake-hub';
import { openApp, screenshot } from './helpers/browser';
import { useServedApp } from './helpers/suite';

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));
const env: Record<string, string> = {};
let hub: FakeHub;

// Registered before useServedApp's hook, so the server starts with the hub's URL in its settings.
beforeAll(async () => {
  const builtIn = defaultModelDir();
  hub = await startFakeHub({
    'sentence-transformers/all-MiniLM-L6-v2': {
      // The built-in model's files stand in for the real model, laid out as its repository is.
      'onnx/model.onnx': { body: readFileSync(join(builtIn, 'model.onnx')), lfs: true },
      'tokenizer.json': { body: readFileSync(join(builtIn, 'tokenizer.json')), lfs: true },
      'config.json': { body: json({ hidden_size: 100 }) },
      'tokenizer_config.json': { body: json({ pad_token: '[PAD]', unk_token: '[UNK]', model_max_length: 256 }) },
    },
  });
  env.SEMANTIK_HF_ENDPOINT = hub.url;
});
afterAll(async () => {
  await hub?.close();
});

describe('models panel', () => {
  const ctx = useServedApp({ workers: 1, env });

  it('offers the recommended model, downloads it with progress and switches to it', async () => {
    const { context, page, consoleErrors } = await openApp(ctx.browser, ctx.app);
    try {
      const panel = page.getByTestId('panel-models');
      await panel.locator(`[data-testid="model-row"][data-model-id="${DEFAULT_MODEL_ID}"][data-active="true"]`).waitFor();
      await page.getByTestId('model-offer').waitFor();
      await screenshot(page, 'panel-models-offer', 'panel-models');
      await page.getByTestId('model-offer-download').click();
      await page.locator('[data-testid="download-row"][data-model-id="all-MiniLM-L6-v2"][data-state="done"]').waitFor({ timeout: 60_000 });
      // Nothing is indexed yet, so the switch is immediate.
      await panel.locator('[data-testid="model-row"][data-model-id="all-MiniLM-L6-v2"][data-active="true"]').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('model-offer').count()).toBe(0);
      // The header names the model search now uses.
      await page.locator('header').getByText('model all-MiniLM-L6-v2').waitFor();
      expect(await page.getByTestId('download-bytes').textContent()).toContain('MiB');
      await screenshot(page, 'panel-models', 'panel-models');
      expect(consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
