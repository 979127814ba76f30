/**
 * PDF through pdf.js (Mozilla's reader, the one the field uses; its legacy build runs in Node).
 * One segment per page, so every chunk knows its page and none spans two.
 */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import * as pdfWorker from 'pdfjs-dist/legacy/build/pdf.worker.mjs';
import { extracted, type ExtractFn, type Segment } from '../segment';

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

/** Reads every page's text layer; a PDF without one (a scan) is skipped with that reason. */
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
      const content = await page.getTextContent();
      let text = '';
      for (const item of content.items) {
        if (!isTextPiece(item)) continue;
        text += item.str;
        if (item.hasEOL) text += '\n';
      }
      page.cleanup();
      if (text.trim() !== '') segments.push({ text, markup: 'plain', page: number });
    }
    if (segments.length === 0) {
      return { kind: 'unsupported', reason: `no text layer on any of ${pdf.numPages} pages (a scan? OCR is not supported)` };
    }
    return extracted('pdf', segments);
  } finally {
    await task.destroy();
  }
};
