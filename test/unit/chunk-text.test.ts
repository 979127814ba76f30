import { describe, expect, it } from 'vitest';
import { chunkSegments, type ChunkOptions } from '../../src/workers/extract/chunk-text';
import type { Segment } from '../../src/workers/extract/segment';
import { estimateTokens } from '../../src/workers/extract/tokens';

const md = (text: string): Segment => ({ text, markup: 'markdown', firstLine: 1 });
const words = (n: number, word = 'token'): string => Array.from({ length: n }, (_, i) => `${word}${i % 10}`).join(' ');

describe('estimateTokens', () => {
  it('counts words, punctuation and long words by pieces', () => {
    expect(estimateTokens('Hello, world!')).toBe(4);
    expect(estimateTokens('internationalization')).toBe(4);
    expect(estimateTokens('日本語')).toBe(3);
    expect(estimateTokens('   ')).toBe(0);
  });
});

describe('chunkSegments', () => {
  it('starts a chunk at each Markdown heading and keeps the heading path and lines', () => {
    const chunks = chunkSegments([md('# Guide\n\nIntro text.\n\n## Setup\n\nInstall it.\n\n### Linux\n\nUse apt.\n\n# Appendix\n\nMore.')]);
    expect(chunks.map((c) => c.heading)).toEqual(['Guide', 'Guide > Setup', 'Guide > Setup > Linux', 'Appendix']);
    expect(chunks[1]).toMatchObject({ text: '## Setup\n\nInstall it.', lineStart: 5, lineEnd: 7, page: null });
    expect(chunks[3]).toMatchObject({ lineStart: 13, lineEnd: 15 });
  });

  it('puts a heading with nothing under it together with the next section', () => {
    const chunks = chunkSegments([md('# Report\n\n## Summary\n\nAll good.')]);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]).toMatchObject({ heading: 'Report > Summary', text: '# Report\n\n## Summary\n\nAll good.' });
  });

  it('does not read "#" as a heading in plain text or inside a fenced code block', () => {
    const plain = chunkSegments([{ text: '# shell comment\necho hi', markup: 'plain', firstLine: 1 }]);
    expect(plain).toEqual([{ text: '# shell comment\necho hi', lineStart: 1, lineEnd: 2, heading: null, page: null }]);
    const fenced = chunkSegments([md('# Title\n\n```sh\n# not a heading\nls\n```')]);
    expect(fenced.map((c) => c.heading)).toEqual(['Title']);
  });

  it('keeps a code block whole in one chunk when it fits, even if the chunk before must close early', () => {
    const options: ChunkOptions = { targetTokens: 80, maxTokens: 100, overlapTokens: 10 };
    const code = ['```js', ...Array.from({ length: 12 }, (_, i) => `const v${i} = ${i};`), '```'].join('\n');
    const chunks = chunkSegments([md(`${words(60)}\n\n${code}\n\nAfter.`)], options);
    const holder = chunks.filter((c) => c.text.includes('const v0'));
    expect(holder).toHaveLength(1);
    expect(holder[0]!.text).toContain('const v11 = 11;\n```');
    expect(holder[0]!.text).toContain('```js\nconst v0');
  });

  it('cuts a code block that does not fit at line boundaries', () => {
    const options: ChunkOptions = { targetTokens: 40, maxTokens: 50, overlapTokens: 0 };
    const code = ['```', ...Array.from({ length: 40 }, (_, i) => `line${i} = ${i};`), '```'].join('\n');
    const chunks = chunkSegments([md(code)], options);
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) expect(estimateTokens(chunk.text)).toBeLessThanOrEqual(50);
    expect(chunks.map((c) => c.text).join('\n')).toContain('line39 = 39;');
  });

  it('never lets a chunk span two pages', () => {
    const pages: Segment[] = [1, 2, 3].map((page) => ({ text: `Page ${page} text.\n${words(30)}`, markup: 'plain', page }));
    const chunks = chunkSegments(pages);
    expect(chunks.map((c) => c.page)).toEqual([1, 2, 3]);
    expect(chunks[1]!.text.startsWith('Page 2')).toBe(true);
  });

  it('sizes chunks in tokens, under the maximum, with overlap between chunks cut for size', () => {
    const options: ChunkOptions = { targetTokens: 100, maxTokens: 130, overlapTokens: 20 };
    const paragraphs = Array.from({ length: 30 }, (_, i) => `Paragraph ${i} says ${words(25, `w${i}x`)}.`).join('\n\n');
    const chunks = chunkSegments([{ text: paragraphs, markup: 'plain', firstLine: 1 }], options);
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) expect(estimateTokens(chunk.text)).toBeLessThanOrEqual(130);
    for (let i = 1; i < chunks.length; i++) {
      const tail = chunks[i - 1]!.text.split(/\s+/).slice(-3).join(' ');
      expect(chunks[i]!.text).toContain(tail);
      expect(chunks[i]!.lineStart!).toBeLessThanOrEqual(chunks[i - 1]!.lineEnd!);
    }
    expect(chunks.at(-1)!.lineEnd).toBe(59);
  });

  it('cuts one huge line and a word with no spaces without losing text', () => {
    const options: ChunkOptions = { targetTokens: 50, maxTokens: 60, overlapTokens: 0 };
    const blob = 'x'.repeat(5000);
    const chunks = chunkSegments([{ text: `${words(200)} ${blob}`, markup: 'plain', firstLine: 1 }], options);
    for (const chunk of chunks) expect(estimateTokens(chunk.text)).toBeLessThanOrEqual(60);
    expect(
      chunks
        .map((c) => c.text)
        .join('')
        .replace(/[^x]/g, '').length,
    ).toBeGreaterThanOrEqual(5000);
    expect(chunks.every((c) => c.lineStart === 1 && c.lineEnd === 1)).toBe(true);
  });

  it('gives no chunks for blank text and keeps a segment heading as the path root', () => {
    expect(chunkSegments([{ text: ' \n\n ', markup: 'plain' }])).toEqual([]);
    const chunks = chunkSegments([{ text: '## Q3\n\nNumbers.', markup: 'markdown', heading: 'Sheet: Sales' }]);
    expect(chunks[0]!.heading).toBe('Sheet: Sales > Q3');
    expect(chunks[0]!.lineStart).toBeNull();
  });
});
