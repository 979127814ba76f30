/**
 * Text cleaning (clean-text.ts, mojibake.ts) and its use by the chunker: garbage characters never
 * reach a chunk, line numbers stay those of the file, and a chunk of garbage alone is dropped.
 */
import { describe, expect, it } from 'vitest';
import { chunkSegments } from '../../src/workers/extract/chunk-text';
import { cleanText, hasWords } from '../../src/workers/extract/clean-text';
import { repairMojibake } from '../../src/workers/extract/mojibake';

/** Any character the cleaner must remove, for checking its output. */
// eslint-disable-next-line no-control-regex
const GARBAGE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffd\u200b\ufeff\u00ad]/;

describe('cleanText', () => {
  it('removes C0 controls, DEL and C1 controls, keeping tabs and words apart', () => {
    expect(cleanText('Walrus\u0002\u001f telescope')).toBe('Walrus telescope');
    expect(cleanText('alpha\u0002beta')).toBe('alpha beta');
    expect(cleanText('\u0001lead and trail\u007f')).toBe('lead and trail');
    expect(cleanText('col1\tcol2\u0085\u009f')).toBe('col1\tcol2');
    expect(cleanText('form\u000cfeed and\u000bvertical tab')).toBe('form feed and vertical tab');
    expect(cleanText('nul\u0000byte')).toBe('nul byte');
  });

  it('normalizes line breaks one for one and never removes one', () => {
    expect(cleanText('a\r\nb\rc\nd')).toBe('a\nb\nc\nd');
    expect(cleanText('one\u0002\n\u0003\ntwo')).toBe('one\n\ntwo');
    const messy = 'x\u0001\r\n\u0002\r\ny\u200b\n\ufffd\nz';
    expect(cleanText(messy).split('\n')).toHaveLength(messy.split(/\r\n?|\n/).length);
  });

  it('removes replacement characters and lone surrogates, keeps whole surrogate pairs', () => {
    expect(cleanText('caf\ufffd\ufffd\ufffd au lait')).toBe('caf au lait');
    expect(cleanText('broken\ud800 half \udc00pair')).toBe('broken half pair');
    expect(cleanText('emoji 😀 stays')).toBe('emoji 😀 stays');
    expect(cleanText('\ufffe\uffff')).toBe('');
  });

  it('removes zero-width and invisible format characters without splitting words', () => {
    expect(cleanText('docu\u200bment')).toBe('document');
    expect(cleanText('\ufeffstarts with a byte-order mark')).toBe('starts with a byte-order mark');
    expect(cleanText('hyphen\u00adated')).toBe('hyphenated');
    expect(cleanText('\u202eright-to-left\u202c \u200eLRM')).toBe('right-to-left LRM');
    expect(cleanText('word\u2060joiner')).toBe('wordjoiner');
  });

  it('keeps joiners inside scripts and emoji that need them, drops them beside ASCII', () => {
    const family = '👨\u200d👩\u200d👧';
    expect(cleanText(family)).toBe(family);
    expect(cleanText('می\u200cخواهم')).toBe('می\u200cخواهم');
    expect(cleanText('ab\u200ccd\u200d')).toBe('abcd');
  });

  it('repairs UTF-8 that was read as Windows-1252 or Latin-1', () => {
    expect(cleanText('cafÃ© crÃ¨me')).toBe('café crème');
    expect(cleanText('itâ€™s â€œquotedâ€\u009d')).toBe('it\u2019s \u201cquoted\u201d');
    expect(cleanText('smile ðŸ˜€')).toBe('smile 😀');
  });

  it('leaves clean text alone', () => {
    const text = '# Title\n\n\tIndented code;\nNaïve façade, Ærøskøbing, Ñandú, 日本語, Привет.\n';
    expect(cleanText(text)).toBe(text);
  });
});

describe('repairMojibake', () => {
  it('leaves Latin-1 text that only looks like a lead byte unchanged', () => {
    expect(repairMojibake('Ãbaco São Paulo')).toBe('Ãbaco São Paulo');
    expect(repairMojibake('prix: 12 € — Â')).toBe('prix: 12 € — Â');
  });

  it('keeps a sequence whose bytes are not valid UTF-8', () => {
    // E0 80 80 would be an overlong encoding.
    expect(repairMojibake('\u00e0\u0080\u0080')).toBe('\u00e0\u0080\u0080');
    // A replacement character stands for no particular byte.
    expect(repairMojibake('\u00c3\ufffd')).toBe('\u00c3\ufffd');
  });
});

describe('hasWords', () => {
  it('needs a letter or a digit', () => {
    expect(hasWords('... --- !!!')).toBe(false);
    expect(hasWords(' \n\t')).toBe(false);
    expect(hasWords('x')).toBe(true);
    expect(hasWords('42')).toBe(true);
    expect(hasWords('日本')).toBe(true);
  });
});

describe('chunkSegments with garbage', () => {
  it('keeps no garbage character in any chunk of any kind of segment', () => {
    const chunks = chunkSegments([
      { text: 'Walrus\u0002\u0003 telescope\u0085 quartz\ufffd', markup: 'plain', page: 1 },
      { text: '# Ti\u200btle\u0007\n\nBody\u0001 text.', markup: 'markdown', firstLine: 1 },
    ]);
    expect(chunks.map((c) => c.text)).toEqual(['Walrus telescope quartz', '# Title\n\nBody text.']);
    expect(chunks[1]!.heading).toBe('Title');
    for (const chunk of chunks) expect(chunk.text).not.toMatch(GARBAGE);
  });

  it('keeps the line numbers of the file when garbage sits on its own lines', () => {
    const text = 'first line\r\n\u0002\u0003\r\n\r\nthird paragraph\u0007\r\nstill third\r\n\ufffd\n\nlast';
    const chunks = chunkSegments([{ text, markup: 'plain', firstLine: 1 }], { targetTokens: 1, maxTokens: 50, overlapTokens: 0 });
    expect(chunks).toEqual([
      { text: 'first line', lineStart: 1, lineEnd: 1, heading: null, page: null },
      { text: 'third paragraph\nstill third', lineStart: 4, lineEnd: 5, heading: null, page: null },
      { text: 'last', lineStart: 8, lineEnd: 8, heading: null, page: null },
    ]);
  });

  it('drops a chunk left without a letter or a digit', () => {
    const options = { targetTokens: 1, maxTokens: 50, overlapTokens: 0 };
    const chunks = chunkSegments(
      [{ text: 'real words\n\n\u0002\u0003 ... \ufffd --\n\nmore words', markup: 'plain', firstLine: 1 }],
      options,
    );
    expect(chunks.map((c) => c.text)).toEqual(['real words', 'more words']);
    expect(chunkSegments([{ text: '\u0001\u0002\ufffd', markup: 'plain', page: 3 }])).toEqual([]);
  });

  it('cleans a segment heading (an e-mail subject) too', () => {
    const [chunk] = chunkSegments([{ text: 'Body.', markup: 'plain', heading: 'Re:\u0002 budget\r\nplan\u200b' }]);
    expect(chunk!.heading).toBe('Re: budget plan');
  });
});
