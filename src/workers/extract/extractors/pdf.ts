/**
 * PDF through pdf.js (Mozilla's reader, the one the field uses; its legacy build runs in Node).
 * One segment per page, so every chunk knows its page and none spans two. A page's text is its
 * text layer followed by its form-field values and comments (pdf-annotations.ts).
 */
import { getDocument, type PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import * as pdfWorker from 'pdfjs-dist/legacy/build/pdf.worker.mjs';
import { hasWords } from '../clean-text';
import { extracted, type ExtractFn, type Segment } from '../segment';
import { annotationTexts } from './pdf-annotations';

// In Node, pdf.js runs its parser in this thread ("fake worker") and would import the worker
// module on the first document, inside that file's time limit; handing it over here loads it with
// this module instead, before any file's clock starts.
(globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = pdfWorker;

interface TextPiece {
  str: string;
  hasEOL: boolean;
}

function isTextPiece(item: object): item is TextPiece {
  return 'str' in item;
}

/** The text of a page's text layer, with its line ends. */
async function textLayer(page: PDFPageProxy): Promise<string> {
  const content = await page.getTextContent();
  let text = '';
  for (const item of content.items) {
    if (!isTextPiece(item)) continue;
    text += item.str;
    if (item.hasEOL) text += '\n';
  }
  return text;
}

/** A page's form-field values and comments; none when its annotations are damaged (its text layer still counts). */
async function annotationsOf(page: PDFPageProxy): Promise<string[]> {
  try {
    return annotationTexts(await page.getAnnotations());
  } catch {
    return [];
  }
}

/**
 * Reads every page's text layer, form fields and comments; a PDF without any text (a scan) is
 * skipped with that reason. Text without a letter or a digit (garbage from a broken font) is none.
 */
export const extractPdf: ExtractFn = async (bytes) => {
  // pdf.js takes ownership of (and detaches) the buffer it is given: hand it a copy.
  const task = getDocument({
    data: new Uint8Array(bytes),
    // No eval, no font loading, no console noise: text extraction needs none of them.
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  });
  const pdf = await task.promise;
  try {
    const segments: Segment[] = [];
    for (let number = 1; number <= pdf.numPages; number++) {
      const page = await pdf.getPage(number);
      const layer = await textLayer(page);
      const notes = await annotationsOf(page);
      page.cleanup();
      // A blank line apart: each field value or comment is a paragraph of its own.
      const text = [layer, ...notes].filter((part) => part.trim() !== '').join('\n\n');
      if (hasWords(text)) segments.push({ text, markup: 'plain', page: number });
    }
    if (segments.length === 0) {
      return {
        kind: 'unsupported',
        reason: `no text (text layer, form fields or comments) on any of ${pdf.numPages} pages (a scan? OCR is not supported)`,
      };
    }
    return extracted('pdf', segments);
  } finally {
    await task.destroy();
  }
};
