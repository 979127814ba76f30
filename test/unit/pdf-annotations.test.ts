/**
 * PDF text outside the text layer: which annotation data counts as text (pdf-annotations.ts), and
 * the PDF reader run on generated PDFs whose text is only in a form field or in comments, or whose
 * text layer holds control characters.
 */
import { describe, expect, it } from 'vitest';
import { extractDocument } from '../../src/workers/extract/extract-document';
import { annotationTexts } from '../../src/workers/extract/extractors/pdf-annotations';
import { pdfWithAnnotations, pdfWithControlCharacters, pdfWithFormField } from '../helpers/pdf-fixtures';

describe('annotationTexts', () => {
  it('reads text and choice field values, and the contents of comments', () => {
    const texts = annotationTexts([
      { subtype: 'Widget', fieldType: 'Tx', fieldValue: 'Jane Roe' },
      {
        subtype: 'Widget',
        fieldType: 'Ch',
        fieldValue: ['nl'],
        options: [{ exportValue: 'nl', displayValue: 'Netherlands' }],
      },
      { subtype: 'Widget', fieldType: 'Ch', fieldValue: ['raw'], options: [] },
      { subtype: 'FreeText', contentsObj: { str: 'Boxed remark', dir: 'ltr' } },
      { subtype: 'Text', contentsObj: { str: 'Sticky note', dir: 'ltr' } },
      { subtype: 'FreeText', contentsObj: { str: '', dir: 'ltr' }, textContent: ['From the', 'appearance'] },
    ]);
    expect(texts).toEqual(['Jane Roe', 'Netherlands', 'raw', 'Boxed remark', 'Sticky note', 'From the\nappearance']);
  });

  it('skips buttons, signatures, popups, hidden fields, blanks, repeats and malformed data', () => {
    const texts = annotationTexts([
      { subtype: 'Widget', fieldType: 'Btn', fieldValue: 'Off' },
      { subtype: 'Widget', fieldType: 'Sig', fieldValue: null },
      { subtype: 'Popup', contentsObj: { str: 'Sticky note' } },
      { subtype: 'Widget', fieldType: 'Tx', fieldValue: 'secret', hidden: true },
      { subtype: 'Widget', fieldType: 'Tx', fieldValue: '   ' },
      { subtype: 'Text', contentsObj: { str: 'Sticky note' } },
      { subtype: 'Text', contentsObj: { str: 'Sticky note' } },
      { subtype: 'Link', url: 'https://example.org' },
      { subtype: 'Text', contentsObj: 'not an object' },
      null,
      'junk',
    ]);
    expect(texts).toEqual(['Sticky note']);
  });
});

describe('PDF reader', () => {
  it('indexes a form field value as the text of its page', async () => {
    const result = await extractDocument('/f/form.pdf', await pdfWithFormField('Marmalade zeppelin inspector', 2));
    expect(result).toMatchObject({ kind: 'chunks', chunks: [{ text: 'Marmalade zeppelin inspector', page: 2 }] });
  });

  it('indexes comments when the page has no text layer', async () => {
    const result = await extractDocument('/f/notes.pdf', await pdfWithAnnotations('Porcupine orchestra rehearsal', 'Glacier sticky note'));
    expect(result).toMatchObject({ kind: 'chunks', chunks: [{ text: 'Porcupine orchestra rehearsal\n\nGlacier sticky note', page: 1 }] });
  });

  it('keeps control characters of a broken font out of the chunks', async () => {
    const result = await extractDocument('/f/broken.pdf', await pdfWithControlCharacters('Walrus!" telescope$$ quartz%&end'));
    expect(result).toMatchObject({ kind: 'chunks', chunks: [{ text: 'Walrus telescope quartz end', page: 1 }] });
  });

  it('reports a PDF whose only text is garbage as having no text', async () => {
    const result = await extractDocument('/f/garbage.pdf', await pdfWithControlCharacters('!"#$ %&'));
    expect(result).toMatchObject({ kind: 'unsupported', reason: expect.stringMatching(/^no text/) });
  });
});
