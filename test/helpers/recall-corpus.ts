/**
 * A labelled query set and the corpus it is judged on, deterministic per size, for measuring the
 * recall of keyword, vector and hybrid search (bench/search-recall.ts, and a smaller version in
 * test/integration/search-recall.test.ts).
 *
 * Four kinds of query, each with the files that answer it:
 * - `paraphrase`: a topic asked about in words its files do not use (all of the topic's files);
 * - `literal`: three words the topic's files do use (the same files);
 * - `identifier`: a code identifier, bare or in a question (the one file defining it; another file
 *   holds a near miss such as `frobnicate_widget41`);
 * - `name`: a rare person's name, bare or in a question (the one file naming that person; another
 *   names a namesake with the same first name).
 * Around them, files of office filler that answer nothing, and some that mention a topic's word
 * once in passing (a keyword match that is not an answer).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rng } from './corpus';
import { FILLER_WORDS, IDENTIFIERS, NAMES, STOP_WORDS, TOPICS } from './recall-topics';

export type QueryKind = 'paraphrase' | 'literal' | 'identifier' | 'name';
export const QUERY_KINDS: readonly QueryKind[] = ['paraphrase', 'literal', 'identifier', 'name'];

/** One labelled query: its text and the paths of the files that answer it. */
export interface LabelledQuery {
  kind: QueryKind;
  text: string;
  relevant: string[];
}

/** How big a set to make. */
export interface RecallSetSize {
  topics: number;
  filesPerTopic: number;
  /** Filler files that mention one of a topic's words once. */
  mentionsPerTopic: number;
  identifiers: number;
  names: number;
  noiseFiles: number;
}

/** The bench's set: 24 topics × (4 files + 2 mentions), 16 identifiers, 12 names, 300 filler files: 500 files, 104 queries. */
export const FULL_SET: RecallSetSize = { topics: 24, filesPerTopic: 4, mentionsPerTopic: 2, identifiers: 16, names: 12, noiseFiles: 300 };
/** The integration test's set: 8 topics × (3 + 1), 6 identifiers, 4 names, 60 filler files: 112 files, 36 queries. */
export const SMALL_SET: RecallSetSize = { topics: 8, filesPerTopic: 3, mentionsPerTopic: 1, identifiers: 6, names: 4, noiseFiles: 60 };

/** The files written and the queries about them. */
export interface RecallSet {
  root: string;
  files: string[];
  queries: LabelledQuery[];
}

const TOPIC_TEMPLATES = [
  (w: string[]) => `The ${w[0]} and the ${w[1]} were discussed at length.`,
  (w: string[]) => `Everyone agreed that the ${w[0]} mattered more than the ${w[1]} or the ${w[2]}.`,
  (w: string[]) => `${cap(w[0]!)} is closely tied to ${w[1]} and ${w[2]}.`,
  (w: string[]) => `A short note on ${w[0]}, ${w[1]} and ${w[2]} follows.`,
  (w: string[]) => `Last week the ${w[0]} was compared with the ${w[1]}.`,
  (w: string[]) => `Nobody expected the ${w[0]} to change the ${w[1]} so quickly.`,
];

function cap(word: string): string {
  return word[0]!.toUpperCase() + word.slice(1);
}

function pick<T>(random: () => number, items: readonly T[], count: number): T[] {
  return Array.from({ length: count }, () => items[Math.floor(random() * items.length)]!);
}

function fillerSentence(random: () => number): string {
  return `${cap(pick(random, FILLER_WORDS, 6 + Math.floor(random() * 6)).join(' '))}.`;
}

function contentWords(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '' && !STOP_WORDS.has(word));
}

/** Writes the set's files under `root` and returns them with the queries. */
export function makeRecallSet(root: string, size: RecallSetSize, seed = 7): RecallSet {
  const random = rng(seed);
  const files: string[] = [];
  const queries: LabelledQuery[] = [];
  const write = (relative: string, body: string): string => {
    const path = join(root, relative);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, body);
    files.push(path);
    return path;
  };

  for (const topic of TOPICS.slice(0, size.topics)) {
    const overlap = contentWords(topic.paraphrase).filter((word) => topic.words.includes(word) || FILLER_WORDS.includes(word));
    if (overlap.length > 0) throw new Error(`the paraphrase of ${topic.name} uses its files' words: ${overlap.join(', ')}`);
    const relevant: string[] = [];
    for (let n = 0; n < size.filesPerTopic; n++) {
      const sentences = TOPIC_TEMPLATES.map((template) => template(pick(random, topic.words, 3)));
      const body = [fillerSentence(random), ...pick(random, sentences, 3), fillerSentence(random)].join(' ');
      relevant.push(write(`topics/${topic.name}-${n}.${n % 2 === 0 ? 'txt' : 'md'}`, `${body}\n`));
    }
    for (let n = 0; n < size.mentionsPerTopic; n++) {
      // One of the literal query's words, so keyword search has a wrong answer to rank.
      const word = topic.words[n % 3]!;
      const body = [fillerSentence(random), fillerSentence(random), `The ${word} came up once.`, fillerSentence(random)].join(' ');
      write(`misc/mention-${topic.name}-${n}.txt`, `${body}\n`);
    }
    queries.push({ kind: 'paraphrase', text: topic.paraphrase, relevant });
    queries.push({ kind: 'literal', text: topic.words.slice(0, 3).join(' '), relevant });
  }

  IDENTIFIERS.slice(0, size.identifiers).forEach(([identifier, nearMiss], n) => {
    const code = (name: string): string =>
      `// ${fillerSentence(random)}\nexport function ${name}(input: string): string {\n  // ${fillerSentence(random)}\n  return input.trim();\n}\n`;
    const path = write(`code/module-${n}.ts`, code(identifier));
    write(`code/module-${n}-old.ts`, code(nearMiss));
    queries.push({ kind: 'identifier', text: identifier, relevant: [path] });
    queries.push({ kind: 'identifier', text: `where is ${identifier} defined`, relevant: [path] });
  });

  NAMES.slice(0, size.names).forEach(([name, namesake], n) => {
    const note = (who: string): string =>
      `${fillerSentence(random)} ${who} presented the quarterly review to the team. ${fillerSentence(random)}\n`;
    const path = write(`people/note-${n}.txt`, note(name));
    write(`people/note-${n}-other.txt`, note(namesake));
    queries.push({ kind: 'name', text: name, relevant: [path] });
    queries.push({ kind: 'name', text: `what did ${name} present`, relevant: [path] });
  });

  for (let n = 0; n < size.noiseFiles; n++) {
    write(
      `misc/filler-${String(n).padStart(3, '0')}.txt`,
      `${pick(random, [0, 1, 2, 3], 4)
        .map(() => fillerSentence(random))
        .join(' ')}\n`,
    );
  }
  return { root, files, queries };
}

/** Recall@k of one query: the share of its files among the first k distinct result paths. */
export function recallAt(k: number, resultPaths: readonly string[], relevant: readonly string[]): number {
  const top = new Set([...new Set(resultPaths)].slice(0, k));
  return relevant.filter((path) => top.has(path)).length / relevant.length;
}

/** Mean recall per kind and over all queries. */
export interface RecallSummary {
  byKind: Record<QueryKind, number>;
  all: number;
  /** Per query, in the set's order. */
  perQuery: number[];
}

/** Runs every query through `search` (paths best first) and averages recall@k. */
export async function measureRecall(
  queries: readonly LabelledQuery[],
  search: (text: string) => Promise<string[]>,
  k = 10,
): Promise<RecallSummary> {
  const perQuery: number[] = [];
  for (const query of queries) perQuery.push(recallAt(k, await search(query.text), query.relevant));
  const mean = (values: number[]): number => (values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length);
  const ofKind = (kind: QueryKind): number => mean(perQuery.filter((_, i) => queries[i]?.kind === kind));
  const byKind = { paraphrase: ofKind('paraphrase'), literal: ofKind('literal'), identifier: ofKind('identifier'), name: ofKind('name') };
  return { byKind, all: mean(perQuery), perQuery };
}
