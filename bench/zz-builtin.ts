import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAppPipeline } from './embed/app-pipeline.js';
import { makeBenchTexts } from './embed/bench-texts.js';
import { createBenchStore } from './embed/bench-store.js';
import { builtInWords } from './transformer-model/write-model-folder.js';
import { defaultModelDir } from '../src/node/models/default-model-dir.js';
import { loadModelSpec } from '../src/node/models/model-spec.js';

const dir = await mkdtemp(join(tmpdir(), 'zz-'));
const modelDir = defaultModelDir();
const spec = await loadModelSpec(modelDir);
const texts = makeBenchTexts(await builtInWords(), 6144);
for (let r = 0; r < 2; r++) {
  for (const store of [false, true]) {
    const bench = store ? createBenchStore(await mkdtemp(join(dir, 'p-')), Math.ceil(texts.length / 8), spec.id, spec.dims) : null;
    const rate = await runAppPipeline({ modelDir, texts, workers: Number(process.env.ZZ_WORKERS ?? 1), device: 'cpu', ...(bench ? { store: { bench, chunksPerDoc: 8 } } : {}) });
    bench?.store.close();
    console.log(`threads ${process.env.ZZ_THREADS} store ${store}: ${rate.toFixed(0)}`);
  }
}
