/**
 * Reads one file's bytes into chunks: picks the extractor (name, then content), runs it, chunks the
 * segments. Runs inside the extraction thread (extract-thread.ts); tests call it directly.
 */
import { SemantikError } from '../../shared/errors';
import { chunkSegments, DEFAULT_CHUNK_OPTIONS, type ChunkOptions, type TextChunk } from './chunk-text';
import { isUtf16, looksBinary } from './encoding';
import { detectByContent, detectByName, loadExtractor, type Format } from './extractors/index';
import type { AttachmentReader, ExtractOutcome } from './segment';

/** What became of a file: chunks, a reason to skip it, or the reason it failed. */
export type DocumentResult =
  { kind: 'chunks'; format: string; chunks: TextChunk[] } | { kind: 'unsupported'; reason: string } | { kind: 'failed'; reason: string };

const FORMAT_NAMES: Record<Format, string> = {
  pdf: 'PDF',
  docx: 'Word document',
  pptx: 'PowerPoint file',
  xlsx: 'Excel workbook',
  csv: 'CSV file',
  odt: 'OpenDocument text',
  ods: 'OpenDocument spreadsheet',
  odp: 'OpenDocument presentation',
  html: 'HTML page',
  epub: 'EPUB book',
  eml: 'email message',
  mbox: 'mbox mailbox',
  rtf: 'RTF document',
  text: 'text file',
  markdown: 'Markdown file',
  code: 'source file',
};

/** The format to read `bytes` as, or why the file is skipped. */
export function detectFormat(path: string, bytes: Uint8Array): { format: Format } | { unsupported: string } {
  const byName = detectByName(path);
  if (!('sniff' in byName)) return byName;
  const byContent = detectByContent(bytes.subarray(0, 4096));
  if (byContent) return { format: byContent };
  if (isUtf16(bytes) || !looksBinary(bytes)) return { format: 'text' };
  return { unsupported: 'binary file of an unknown type' };
}

/**
 * Extracts a file's text (throws on damage; the caller turns that into a reason). `onParse` is
 * called once the reader's code is loaded, just before it reads the file: the time limit starts there.
 */
export async function extractFile(path: string, bytes: Uint8Array, onParse: () => void = () => undefined): Promise<ExtractOutcome> {
  if (bytes.length === 0) throw new SemantikError('BAD_INPUT', 'empty file (0 bytes)');
  const detected = detectFormat(path, bytes);
  if ('unsupported' in detected) return { kind: 'unsupported', reason: detected.unsupported };
  const extract = await loadExtractor(detected.format, readAttachment);
  onParse();
  try {
    return await extract(bytes, path);
  } catch (error) {
    // Our own reasons are already worded for people; a library's message gets the format named.
    if (error instanceof SemantikError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new SemantikError('BAD_INPUT', `damaged or invalid ${FORMAT_NAMES[detected.format]}: ${message}`, { cause: error });
  }
}

/**
 * An e-mail attachment read like a file of its name, under the same thread's time and memory
 * limits as its message; a damaged one is named with its reason, and the message is still indexed.
 */
const readAttachment: AttachmentReader = async (bytes, name) => {
  try {
    const outcome = await extractFile(name, bytes);
    return outcome.kind === 'extracted' ? outcome.segments : { notRead: outcome.reason };
  } catch (error) {
    return { notRead: error instanceof Error ? error.message : String(error) };
  }
};

/** Extracts and chunks a file; never throws: failures come back as data with their reason. */
export async function extractDocument(
  path: string,
  bytes: Uint8Array,
  options: ChunkOptions = DEFAULT_CHUNK_OPTIONS,
  onParse?: () => void,
): Promise<DocumentResult> {
  try {
    const outcome = await extractFile(path, bytes, onParse);
    if (outcome.kind === 'unsupported') return outcome;
    return { kind: 'chunks', format: outcome.format, chunks: chunkSegments(outcome.segments, options) };
  } catch (error) {
    return { kind: 'failed', reason: error instanceof Error ? error.message : String(error) };
  }
}
