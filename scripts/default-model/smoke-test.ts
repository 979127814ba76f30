/** After a build: load the written model through the app's embedder and print a few similarities. */
import { createEmbedder } from '../../src/node/embedding/embedder.js';

const PAIRS: [string, string, string][] = [
  ['The cat sat on the mat', 'A kitten was sitting on the rug', 'Quarterly revenue grew by four percent'],
  ['How do I reset my password?', 'I forgot my login credentials', 'The river flooded the valley'],
  ['Stocks fell sharply on Wall Street', 'Shares dropped as markets slumped', 'She baked bread for the children'],
];

function cosine(v: Float32Array, a: number, b: number, dims: number): number {
  let s = 0;
  for (let d = 0; d < dims; d++) s += v[a * dims + d] * v[b * dims + d];
  return s;
}

/** Embeds anchor / related / unrelated triples with the model in `dir` and prints their cosines. */
export async function smokeTest(dir: string): Promise<void> {
  const embedder = await createEmbedder({ modelDir: dir, device: { kind: 'cpu' } });
  try {
    const dims = embedder.info.dims;
    const v = await embedder.embed(PAIRS.flat());
    for (let i = 0; i < PAIRS.length; i++) {
      const [a, b, c] = PAIRS[i];
      const related = cosine(v, 3 * i, 3 * i + 1, dims);
      const unrelated = cosine(v, 3 * i, 3 * i + 2, dims);
      console.log(`${related > unrelated ? 'ok ' : 'BAD'} "${a}" ~ "${b}" ${related.toFixed(3)} vs "${c}" ${unrelated.toFixed(3)}`);
    }
  } finally {
    await embedder.dispose();
  }
}
