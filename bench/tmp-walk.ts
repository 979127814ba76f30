import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { walkFolders } from '../src/workers/scan/walk';
import { writeSmallCorpus } from './io/small-corpus.js';
const root = '/tmp/rs/corpus';
if (!existsSync(root)) await writeSmallCorpus(root, 20000);
for (let r = 0; r < 5; r++) {
  let t = performance.now();
  spawnSync('find', [root, '-type', 'f', '-printf', '%s %T@\\n'], { stdio: 'ignore' });
  const find = performance.now() - t;
  t = performance.now();
  let n = 0;
  for await (const files of walkFolders(root, { onProblem: () => {} })) n += files.length;
  const walk = performance.now() - t;
  console.log(`find ${find.toFixed(1)} ms, walk ${walk.toFixed(1)} ms (${n} files)`);
}
