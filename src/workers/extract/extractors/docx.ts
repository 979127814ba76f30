/**
 * Word (.docx) through mammoth (the maintained DOCX reader; it maps Word's heading styles to
 * <h1>..<h6>), then HTML to text with Markdown headings for the chunker.
 */
import mammoth from 'mammoth';
import { htmlToText } from '../html-text';
import { extracted, type ExtractFn } from '../segment';
import { mammothZipFile, type MammothZipFile } from '../archive/zip-adapters';
import { openZip } from '../zip-xml';
import { SemantikError } from '../../../shared/errors';

/** mammoth's input, with the opened-zip form its code accepts (lib/unzip.js) but its types omit. */
type MammothInput = Parameters<typeof mammoth.convertToHtml>[0] | { file: MammothZipFile };
const convertToHtml = mammoth.convertToHtml as (
  input: MammothInput,
  options?: Parameters<typeof mammoth.convertToHtml>[1],
) => ReturnType<typeof mammoth.convertToHtml>;

/** Images are left out of the text: they are never read, so never inflated. */
const NO_IMAGES = mammoth.images.imgElement(() => Promise.resolve({ src: '' }));

/** Reads a Word document. */
export const extractDocx: ExtractFn = async (bytes) => {
  // Opened here, under the archive limits, and handed to mammoth already open: mammoth's own
  // unzipper would inflate whatever the file claims. A file that is no ZIP says so here too.
  const zip = openZip(bytes, 'Word document');
  if (!zip.has('word/document.xml') && !zip.has('[Content_Types].xml')) {
    throw new SemantikError('BAD_INPUT', 'not a valid Word document: a ZIP without word/document.xml (another kind of ZIP renamed .docx?)');
  }
  const { value: html } = await convertToHtml({ file: mammothZipFile(zip) }, { convertImage: NO_IMAGES });
  return extracted('docx', [{ text: htmlToText(html), markup: 'markdown' }]);
};
