import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectFormat, extractDocument, type DocumentResult } from '../../src/workers/extract/extract-document';
import { splitMbox } from '../../src/workers/extract/extractors/email';
import { rtfToText } from '../../src/workers/extract/extractors/rtf';
import { makeFormatCorpus, type FormatCorpus } from '../helpers/format-corpus';

let corpus: FormatCorpus;

function read(name: string): Promise<DocumentResult> {
  const path = join(corpus.root, name);
  return extractDocument(path, new Uint8Array(readFileSync(path)));
}

beforeAll(async () => {
  corpus = await makeFormatCorpus(mkdtempSync(join(tmpdir(), 'semantik-formats-')));
});
afterAll(() => rmSync(corpus.root, { recursive: true, force: true }));

describe('extractors', () => {
  it('reads every good file of the corpus, with its sentence and where it is', { timeout: 30_000 }, async () => {
    for (const file of corpus.good) {
      const result = await read(file.name);
      expect(result, file.name).toMatchObject({ kind: 'chunks', format: file.format });
      if (result.kind !== 'chunks') continue;
      const holder = result.chunks.find((chunk) => chunk.text.replace(/\s+/g, ' ').includes(file.sentence));
      expect(holder, `${file.name}: sentence not found in ${JSON.stringify(result.chunks)}`).toBeDefined();
      if (file.page !== undefined) expect(holder!.page, file.name).toBe(file.page);
      if (file.heading) expect(holder!.heading, file.name).toMatch(file.heading);
    }
  });

  it('gives each damaged or unknown file its reason (the slow one is the isolation test)', async () => {
    for (const file of corpus.bad.filter((bad) => !bad.name.includes('nested-quotes'))) {
      const result = await read(file.name);
      expect(result, file.name).toMatchObject({ kind: file.state, reason: expect.stringMatching(file.reason) });
    }
  });

  it('keeps line numbers for text and code, and none for rebuilt text', async () => {
    const code = await read('docs/primes.py');
    expect(code.kind === 'chunks' && code.chunks[0]).toMatchObject({ lineStart: 1, lineEnd: 5 });
    const html = await read('docs/heron.html');
    expect(html.kind === 'chunks' && html.chunks[0]).toMatchObject({ lineStart: null, lineEnd: null });
  });

  it('leaves out scripts, notes placeholders and RTF metadata', async () => {
    const html = await read('docs/heron.html');
    expect(JSON.stringify(html)).not.toContain('never indexed');
    const rtf = await read('docs/astronaut.rtf');
    expect(JSON.stringify(rtf)).not.toMatch(/Hidden metadata|Helvetica|Semantik test/);
    const pptx = await read('docs/circus.pptx');
    expect(JSON.stringify(pptx)).toContain('velvet curtain');
  });
});

describe('format detection', () => {
  it('goes by extension, then file name, shebang and magic bytes', () => {
    const bytes = (text: string): Uint8Array => Buffer.from(text);
    expect(detectFormat('/a/report.PDF', bytes(''))).toEqual({ format: 'pdf' });
    expect(detectFormat('/a/Makefile', bytes('all:'))).toEqual({ format: 'code' });
    expect(detectFormat('/a/run', bytes('#!/bin/sh\necho'))).toEqual({ format: 'code' });
    expect(detectFormat('/a/scan', bytes('%PDF-1.7\n'))).toEqual({ format: 'pdf' });
    expect(detectFormat('/a/inbox', bytes('From a@b.c Mon Jan 1\nSubject: hi\n\nbody'))).toEqual({ format: 'mbox' });
    expect(detectFormat('/a/letter', bytes('From the desk of the mayor.\nDear all,'))).toEqual({ format: 'text' });
    expect(detectFormat('/a/clip.mp4', bytes(''))).toEqual({ unsupported: expect.stringMatching(/video/) });
    expect(detectFormat('/a/old.doc', bytes(''))).toEqual({ unsupported: expect.stringMatching(/save it as \.docx/) });
  });
});

describe('RTF', () => {
  it("skips \\uN fallback characters, decodes \\'hh in the code page and drops ignorable destinations", () => {
    const text = rtfToText(
      "{\\rtf1\\ansi\\ansicpg1251{\\*\\foo bar}\\uc2 \\u1087\\'3f\\'3f\\'cf\\par {\\field{\\*\\fldinst HYPERLINK x}{\\fldrslt link}}}",
    );
    expect(text).toBe('пП\n\nlink');
  });

  it('fails on a file that is not RTF, or has unbalanced braces', () => {
    expect(() => rtfToText('plain')).toThrow(/not a valid RTF/);
    expect(() => rtfToText('{\\rtf1 a}}')).toThrow(/unbalanced/);
  });
});

describe('OpenDocument spreadsheets and presentations', () => {
  it('writes a sheet row as its cells joined by " | ", without expanding blank repeats', async () => {
    const result = await read('docs/beehives.ods');
    if (result.kind !== 'chunks') throw new Error(`not read: ${JSON.stringify(result)}`);
    const text = result.chunks.map((chunk) => chunk.text).join('\n');
    expect(text).toContain('Seeds | Seven amber beehives');
    // A million blank rows and a thousand blank cells per row are not a million lines.
    expect(text.length).toBeLessThan(500);
  });

  it('reads each slide under "Slide N: name", leaving speaker notes out', async () => {
    const result = await read('docs/ferry.odp');
    if (result.kind !== 'chunks') throw new Error(`not read: ${JSON.stringify(result)}`);
    expect(result.chunks.map((chunk) => chunk.heading)).toEqual(['Slide 1', 'Slide 2: Results']);
    expect(result.chunks.map((chunk) => chunk.text).join(' ')).not.toContain('Speaker notes');
  });
});

describe('e-mail attachments', () => {
  it('reads a readable attachment under "subject > file name" and names the others with why', async () => {
    const result = await read('docs/mail/minutes.eml');
    if (result.kind !== 'chunks') throw new Error(`not read: ${JSON.stringify(result)}`);
    const message = result.chunks.find((chunk) => chunk.heading === 'Board minutes')!;
    expect(message.text).toContain('The minutes are attached');
    expect(message.text).toMatch(
      /Attachments: minutes\.odt, scan\.pdf \(damaged or invalid PDF[^)]*\), photo\.png \(unsupported format \.png/,
    );
    const attached = result.chunks.filter((chunk) => chunk.heading?.startsWith('Board minutes > minutes.odt'));
    expect(attached.map((chunk) => chunk.text).join(' ')).toContain('The treasurer proposed a lighthouse');
    // The attachment's pages and lines are not the mail file's.
    for (const chunk of attached) expect(chunk.page ?? null).toBeNull();
  });
});

describe('mbox', () => {
  it('splits on "From " separator lines (sender and date), not on body lines starting with "From"', () => {
    const box = Buffer.from(
      'From a@x Mon Jan  6 09:00:00 2025\nSubject: one\n\nFrom me, hello\n\nFrom b@x Tue Jan  7 10:00:00 2025\nSubject: two\n\nbody\n',
    );
    expect(splitMbox(box).map((part) => Buffer.from(part).toString())).toEqual([
      'Subject: one\n\nFrom me, hello\n\n',
      'Subject: two\n\nbody\n',
    ]);
  });
});
