/**
 * Plain text, Markdown and source code: decoded with encoding detection, lines kept as in the file
 * so that each chunk knows its line range.
 */
import { decodeText, isUtf16, looksBinary } from '../encoding';
import { extracted, type ExtractFn, type ExtractOutcome, type Segment } from '../segment';

function readText(bytes: Uint8Array, format: string, markup: Segment['markup']): ExtractOutcome {
  if (!isUtf16(bytes) && looksBinary(bytes)) return { kind: 'unsupported', reason: 'binary content: not a text file' };
  const { text } = decodeText(bytes);
  return extracted(format, [{ text, markup, firstLine: 1 }]);
}

/** Plain text: paragraphs only. */
export const extractPlainText: ExtractFn = async (bytes) => readText(bytes, 'text', 'plain');

/** Markdown: headings and fenced code blocks guide the chunks. */
export const extractMarkdown: ExtractFn = async (bytes) => readText(bytes, 'markdown', 'markdown');

/** Source code (by extension, file name or shebang): blank-line-separated blocks, `#` is no heading. */
export const extractCode: ExtractFn = async (bytes) => readText(bytes, 'code', 'plain');
