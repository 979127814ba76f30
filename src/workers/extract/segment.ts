/**
 * What an extractor returns: the document's text as segments, each with where it came from.
 */

/** A run of text from one place in a document (a page, a slide, a sheet, a chapter, a message). */
export interface Segment {
  text: string;
  /**
   * 'markdown': lines starting with `#` are headings and fenced blocks are code, so the chunker
   * follows them. 'plain': every line is text (a `# comment` in a shell script is no heading).
   */
  markup: 'markdown' | 'plain';
  /** Where the segment sits ("Sheet: Budget", "Slide 3", an email's subject); headings found inside are appended. */
  heading?: string;
  /** 1-based page number (PDF): a chunk never spans two pages. */
  page?: number;
  /**
   * Line (or sheet row) in the source file of the segment's first line, when the lines of `text`
   * are the file's own lines; absent when the text was rebuilt from markup (HTML, DOCX, PDF).
   */
  firstLine?: number;
}

/** The result of reading one file: its text, or why it is skipped (not a failure: it is not a document). */
export type ExtractOutcome = { kind: 'extracted'; format: string; segments: Segment[] } | { kind: 'unsupported'; reason: string };

/** Reads one file's bytes; throws SemantikError('BAD_INPUT', reason) when the file is damaged. */
export type ExtractFn = (bytes: Uint8Array, path: string) => Promise<ExtractOutcome>;

/**
 * Reads a file found inside another (an e-mail attachment) as if it were a file of that name: its
 * segments, or why it is not read (no reader for its kind, or damaged). See extract-document.ts.
 */
export type AttachmentReader = (bytes: Uint8Array, name: string) => Promise<Segment[] | { notRead: string }>;

/** Shorthand for an extractor's successful result. */
export function extracted(format: string, segments: Segment[]): ExtractOutcome {
  return { kind: 'extracted', format, segments };
}
