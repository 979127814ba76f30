/**
 * The extractor registry: which reader handles a file, by extension, file name, shebang or magic
 * bytes, and the reader itself, loaded on first use (pdf.js alone takes a second to load).
 */
import { basename, extname } from 'node:path';
import type { AttachmentReader, ExtractFn } from '../segment';
import { BINARY_EXTENSIONS, CODE_EXTENSIONS, CODE_FILE_NAMES, TEXT_EXTENSIONS } from './extensions';

/** Every format the app reads. */
export type Format =
  | 'pdf'
  | 'docx'
  | 'pptx'
  | 'xlsx'
  | 'csv'
  | 'odt'
  | 'ods'
  | 'odp'
  | 'html'
  | 'epub'
  | 'eml'
  | 'mbox'
  | 'rtf'
  | 'text'
  | 'markdown'
  | 'code';

/** A format to read, a reason to skip the file, or "look at its bytes" (no telling extension). */
export type Detection = { format: Format } | { unsupported: string } | { sniff: true };

const BY_EXTENSION: Record<string, Format> = {
  pdf: 'pdf',
  docx: 'docx',
  docm: 'docx',
  pptx: 'pptx',
  pptm: 'pptx',
  xlsx: 'xlsx',
  xlsm: 'xlsx',
  csv: 'csv',
  tsv: 'csv',
  odt: 'odt',
  ods: 'ods',
  odp: 'odp',
  html: 'html',
  htm: 'html',
  xhtml: 'html',
  epub: 'epub',
  eml: 'eml',
  mbox: 'mbox',
  mbx: 'mbox',
  rtf: 'rtf',
  md: 'markdown',
  markdown: 'markdown',
  mdx: 'markdown',
};

/** Decides from the file name alone, so that a video is skipped without reading it. */
export function detectByName(path: string): Detection {
  const name = basename(path);
  const ext = extname(name).slice(1).toLowerCase();
  const format = BY_EXTENSION[ext];
  if (format) return { format };
  if (TEXT_EXTENSIONS.has(ext)) return { format: 'text' };
  if (CODE_EXTENSIONS.has(ext) || CODE_FILE_NAMES.has(name)) return { format: 'code' };
  const binary = BINARY_EXTENSIONS.get(ext);
  if (binary) return { unsupported: `unsupported format .${ext} (${binary})` };
  return { sniff: true };
}

function startsWith(bytes: Uint8Array, text: string): boolean {
  if (bytes.length < text.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[i] !== text.charCodeAt(i)) return false;
  return true;
}

/** Decides from the first bytes, for a file whose name says nothing. */
export function detectByContent(head: Uint8Array): Format | null {
  if (startsWith(head, '%PDF-')) return 'pdf';
  if (startsWith(head, '{\\rtf')) return 'rtf';
  if (startsWith(head, '#!')) return 'code';
  // An mbox starts with a "From " separator line followed by mail headers; plain prose may start
  // with "From " too, so the next line must look like a header.
  if (startsWith(head, 'From ') && /^From [^\n]*\r?\n[A-Za-z][\w-]*: /.test(new TextDecoder('latin1').decode(head.subarray(0, 2048))))
    return 'mbox';
  return null;
}

/**
 * A reader's module, imported on first use and kept: an `import()` of a module already loaded
 * still goes through the module loader's resolution, which costs more than reading a small file.
 * A failed import is tried again next time.
 */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | null = null;
  return () =>
    (loaded ??= load().catch((error: unknown) => {
      loaded = null;
      throw error;
    }));
}

const pdf = once(() => import('./pdf'));
const docx = once(() => import('./docx'));
const pptx = once(() => import('./pptx'));
const xlsx = once(() => import('./xlsx'));
const csv = once(() => import('./csv'));
const odt = once(() => import('./odt'));
const odfSheetsSlides = once(() => import('./odf-sheets-slides'));
const html = once(() => import('./html'));
const epub = once(() => import('./epub'));
const email = once(() => import('./email'));
const rtf = once(() => import('./rtf'));
const text = once(() => import('./text'));

const LOADERS: Record<Format, (attachments: AttachmentReader) => Promise<ExtractFn>> = {
  pdf: async () => (await pdf()).extractPdf,
  docx: async () => (await docx()).extractDocx,
  pptx: async () => (await pptx()).extractPptx,
  xlsx: async () => (await xlsx()).extractXlsx,
  csv: async () => (await csv()).extractCsv,
  odt: async () => (await odt()).extractOdt,
  ods: async () => (await odfSheetsSlides()).extractOds,
  odp: async () => (await odfSheetsSlides()).extractOdp,
  html: async () => (await html()).extractHtml,
  epub: async () => (await epub()).extractEpub,
  eml: async (attachments) => (await email()).emailExtractors(attachments).eml,
  mbox: async (attachments) => (await email()).emailExtractors(attachments).mbox,
  rtf: async () => (await rtf()).extractRtf,
  text: async () => (await text()).extractPlainText,
  markdown: async () => (await text()).extractMarkdown,
  code: async () => (await text()).extractCode,
};

/** The reader of a format; mail readers read attachments with `attachments`. */
export function loadExtractor(format: Format, attachments: AttachmentReader): Promise<ExtractFn> {
  return LOADERS[format](attachments);
}
