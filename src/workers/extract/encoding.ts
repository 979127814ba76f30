/**
 * Turns a text file's bytes into a string without assuming UTF-8.
 *
 * Order: a byte-order mark decides; then UTF-16 without a mark (NUL in every other byte); then
 * valid UTF-8; then, for bytes that are not valid UTF-8, jschardet (a port of Python's chardet, the
 * detector the field uses) names a legacy encoding and iconv-lite decodes it. Node's own
 * TextDecoder knows only the WHATWG encodings; iconv-lite also has the DOS and Mac code pages.
 */
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { detect } from 'jschardet';
import { SemantikError } from '../../shared/errors';

/** Bytes looked at for binary sniffing and encoding detection: enough for a confident guess. */
const SNIFF_BYTES = 64 * 1024;

/** Decoded text and the encoding it was read as. */
export interface DecodedText {
  text: string;
  encoding: string;
}

/** True when the first bytes hold a NUL or many control characters: not a text file. */
export function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, SNIFF_BYTES);
  if (sample.length === 0) return false;
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if (byte < 8 || (byte > 13 && byte < 32 && byte !== 27)) control += 1;
  }
  return control / sample.length > 0.1;
}

/** 'utf-16le' / 'utf-16be' when NULs sit in every other byte of mostly-ASCII text, else null. */
function utf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const sample = bytes.subarray(0, Math.min(bytes.length, SNIFF_BYTES) & ~1);
  if (sample.length < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < sample.length; i += 2) {
    if (sample[i] === 0) evenZeros += 1;
    if (sample[i + 1] === 0) oddZeros += 1;
  }
  const pairs = sample.length / 2;
  if (oddZeros > pairs * 0.4 && evenZeros < pairs * 0.05) return 'utf-16le';
  if (evenZeros > pairs * 0.4 && oddZeros < pairs * 0.05) return 'utf-16be';
  return null;
}

/** Length of the UTF-8 sequence starting at `i` if it is valid, else 0. */
function utf8SequenceLength(bytes: Uint8Array, i: number): number {
  const lead = bytes[i]!;
  let length: number;
  let min: number;
  if (lead >= 0xc2 && lead <= 0xdf) [length, min] = [2, 0x80];
  else if (lead >= 0xe0 && lead <= 0xef) [length, min] = [3, 0x800];
  else if (lead >= 0xf0 && lead <= 0xf4) [length, min] = [4, 0x10000];
  else return 0;
  if (i + length > bytes.length) return 0;
  let code = lead & (0x7f >> length);
  for (let k = 1; k < length; k++) {
    const next = bytes[i + k]!;
    if ((next & 0xc0) !== 0x80) return 0;
    code = (code << 6) | (next & 0x3f);
  }
  const surrogate = code >= 0xd800 && code <= 0xdfff;
  return code < min || code > 0x10ffff || surrogate ? 0 : length;
}

/** Counts valid multi-byte UTF-8 sequences and invalid bytes; remembers the first invalid offset. */
export function utf8Census(bytes: Uint8Array): { valid: number; invalid: number; firstInvalid: number } {
  let valid = 0;
  let invalid = 0;
  let firstInvalid = -1;
  for (let i = 0; i < bytes.length;) {
    if (bytes[i]! < 0x80) {
      i += 1;
      continue;
    }
    const length = utf8SequenceLength(bytes, i);
    if (length > 0) {
      valid += 1;
      i += length;
    } else {
      if (firstInvalid < 0) firstInvalid = i;
      invalid += 1;
      i += 1;
    }
  }
  return { valid, invalid, firstInvalid };
}

/** The legacy encoding jschardet finds, if iconv-lite can decode it; Windows-1252 otherwise. */
function legacyEncoding(bytes: Uint8Array): string {
  const guess = detect(bytes.subarray(0, SNIFF_BYTES));
  const name = guess.encoding;
  // UTF-8 and ASCII are excluded by the caller's check; a guess of them here is noise.
  if (name && !/^(utf-?8|ascii)$/i.test(name) && iconv.encodingExists(name)) return name.toLowerCase();
  return 'windows-1252';
}

/**
 * Decodes a text file; `declared` is an encoding the file names itself (an HTML meta charset).
 *
 * Throws SemantikError('BAD_INPUT') for damaged UTF-8: bytes that are not UTF-8 in a file that
 * otherwise is (as many valid multi-byte sequences as bad bytes). Reading it as a legacy encoding
 * would turn every accented letter of the good part into mojibake.
 */
export function decodeText(bytes: Uint8Array, declared?: string | null): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) return { text: new TextDecoder(utf16).decode(bytes), encoding: utf16 };
  if (isUtf8(bytes)) return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'utf-8' };
  if (declared && !/^utf-?8$/i.test(declared) && iconv.encodingExists(declared)) {
    return {
      text: iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), declared),
      encoding: declared.toLowerCase(),
    };
  }
  const census = utf8Census(bytes);
  if (census.valid > 0 && census.valid >= census.invalid) {
    throw new SemantikError(
      'BAD_INPUT',
      `invalid UTF-8: byte 0x${bytes[census.firstInvalid]!.toString(16).padStart(2, '0')} at offset ${census.firstInvalid} ` +
        `(${census.invalid} bad byte${census.invalid === 1 ? '' : 's'} in a UTF-8 file: damaged or mixed encodings)`,
    );
  }
  const encoding = legacyEncoding(bytes);
  return { text: iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), encoding), encoding };
}

/** True for UTF-16 by mark or by NUL pattern: such text is not binary although it holds NULs. */
export function isUtf16(bytes: Uint8Array): boolean {
  const bom = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  return bom || utf16WithoutBom(bytes) !== null;
}
