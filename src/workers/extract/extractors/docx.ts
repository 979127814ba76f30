/**
 * Word (.docx) through mammoth (the maintained DOCX reader; it maps Word's heading styles to
 * <h1>..<h6>), then HTML to text with Markdown headings for the chunker.
 */
import mammoth from 'mammoth';
import { htmlToText } from '../html-text';
import { extracted, type ExtractFn } from '../segment';
import { openZip } from '../zip-xml';
import { SemantikError } from '../../../shared/errors';

/** Reads a Word document. */
export const extractDocx: ExtractFn = async (bytes) => {
  // A ZIP check first, so that a file that is no ZIP at all says so rather than mammoth's message.
  const zip = await openZip(bytes, 'Word document');
  if (zip.file('word/document.xml') === null && zip.file('[Content_Types].xml') === null) {
    throw new SemantikError('BAD_INPUT', 'not a valid Word document: a ZIP without word/document.xml (another kind of ZIP renamed .docx?)');
  }
  const { value: html } = await mammoth.convertToHtml({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
  return extracted('docx', [{ text: htmlToText(html), markup: 'markdown' }]);
};
