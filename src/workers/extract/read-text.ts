/**
 * Turns a file's bytes into text, or says why it cannot (binary content).
 *
 * Plain text, Markdown and source code only for now; other formats arrive with their parsers.
 */

const SNIFF_BYTES = 8192;

export type TextResult = { kind: 'text'; text: string } | { kind: 'unsupported'; reason: string };

/** True when the first bytes hold a NUL or mostly control characters: not a text file. */
export function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, SNIFF_BYTES);
  if (sample.length === 0) return false;
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if (byte < 8 || (byte > 13 && byte < 32)) control += 1;
  }
  return control / sample.length > 0.1;
}

/**
 * Decodes UTF-8 (with or without BOM) and UTF-16 with a BOM; other bytes that are not valid UTF-8
 * are read as Windows-1252, the most common legacy encoding of Western text files.
 */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** Reads a file's bytes as text, or reports it unsupported with the reason. */
export function bytesToText(bytes: Uint8Array): TextResult {
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  if (!utf16 && looksBinary(bytes)) return { kind: 'unsupported', reason: 'binary file: not text' };
  return { kind: 'text', text: decodeText(bytes) };
}
