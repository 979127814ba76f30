/**
 * Garbage-free text end to end: PDFs generated here (a text layer with control characters, text
 * only in a form field, text only in comments) and a text file with control characters, indexed by
 * a real engine (Redis, a worker process, its extraction thread, SQLite). Each is found by keyword
 * on the right page or line, and no stored chunk holds a control or replacement character.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChunkHit } from '../../src/node/store/store-types';
import { indexFolder, startTestEngine, waitForRun, type TestEngine } from '../helpers/engine';
import { pdfWithAnnotations, pdfWithControlCharacters, pdfWithFormField } from '../helpers/pdf-fixtures';

/** Characters no chunk may hold: C0 controls but tab and newline, DEL, C1 controls, U+FFFD, zero-width space. */
// eslint-disable-next-line no-control-regex
const GARBAGE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffd\u200b]/;

describe('indexing text with garbage characters and PDFs with text outside the text layer', () => {
  let base: string;
  let folder: string;
  let test: TestEngine;

  /** The best keyword hit for `query`, which must be in `file`. */
  function hitIn(query: string, file: string): ChunkHit {
    const hits = test.engine.store.searchKeyword(query, 5);
    expect(hits[0]?.path, `${query}: ${JSON.stringify(hits)}`).toBe(join(folder, file));
    expect(test.engine.store.getDocument(hits[0]!.docId)).toMatchObject({ state: 'indexed' });
    return hits[0]!;
  }

  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'semantik-clean-'));
    folder = join(base, 'docs');
    mkdirSync(folder);
    // The font of this PDF maps `!"#$%&` to U+0002, U+001F, U+0085, U+FFFD, DEL and VT.
    writeFileSync(join(folder, 'broken-font.pdf'), await pdfWithControlCharacters('Walrus!" telescope$$ quartz%&harbour'));
    writeFileSync(join(folder, 'form.pdf'), await pdfWithFormField('Marmalade zeppelin inspector', 2));
    writeFileSync(join(folder, 'comments.pdf'), await pdfWithAnnotations('Porcupine orchestra rehearsal', 'Glacier sticky note'));
    writeFileSync(
      join(folder, 'notes.txt'),
      'Intro line.\r\n\u0002\u0003\r\n\r\nLantern\u0007 cartographer\u200b sketches\ufffd fjords.\r\n',
    );
    test = await startTestEngine(1, {}, join(base, 'data'));
    await waitForRun(test.engine, await indexFolder(test.engine, folder), 120_000);
  }, 150_000);

  afterAll(async () => {
    await test?.close();
    rmSync(base, { recursive: true, force: true });
  });

  it('finds the words of a PDF text layer with control characters, and stores none of them', () => {
    const hit = hitIn('walrus telescope quartz', 'broken-font.pdf');
    expect(hit).toMatchObject({ page: 1, text: 'Walrus telescope quartz harbour' });
  });

  it('indexes a PDF whose only text is a form field, with its page', () => {
    expect(hitIn('zeppelin inspector', 'form.pdf')).toMatchObject({ page: 2, text: 'Marmalade zeppelin inspector' });
  });

  it('indexes a PDF whose only text is in comments', () => {
    expect(hitIn('porcupine orchestra', 'comments.pdf')).toMatchObject({ page: 1 });
    expect(hitIn('glacier', 'comments.pdf').text).toContain('Glacier sticky note');
  });

  it('cleans a text file the same way and keeps its line numbers', () => {
    // Line 2 held only control characters: it is blank now, and line 4 is still line 4.
    const hit = hitIn('cartographer', 'notes.txt');
    expect(hit).toMatchObject({ text: 'Intro line.\n\nLantern cartographer sketches fjords.', lineStart: 1, lineEnd: 4 });
  });

  it('stores no chunk with a control or replacement character', () => {
    const texts = ['walrus', 'zeppelin', 'porcupine', 'glacier', 'intro', 'lantern'].flatMap((word) =>
      test.engine.store.searchKeyword(word, 10).map((hit) => hit.text),
    );
    expect(texts.length).toBeGreaterThanOrEqual(6);
    for (const text of texts) expect(text, JSON.stringify(text)).not.toMatch(GARBAGE);
  });
});
