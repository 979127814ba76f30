/**
 * The central directory of a ZIP file (Office Open XML, OpenDocument and EPUB are ZIPs): each
 * entry's name, compression method and declared sizes, read without inflating anything, so that
 * the archive limits can be checked before a byte is decompressed.
 */
import { SemantikError } from '../../../shared/errors';

/** One file of the archive as its central directory declares it. */
export interface ZipEntry {
  name: string;
  /** 0: stored, 8: deflated; anything else is refused when read. */
  method: number;
  /** General purpose flags (bit 0: encrypted). */
  flags: number;
  compressedSize: number;
  /** Declared, not proven: inflation stops at this size (zip-archive.ts). */
  uncompressedSize: number;
  /** Offset of the entry's local header. */
  localOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;
const U32_MAX = 0xffffffff;
const U16_MAX = 0xffff;

function damaged(what: string): SemantikError {
  return new SemantikError('BAD_INPUT', `not a readable ZIP container (${what})`);
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A 64-bit little-endian size as a number (sizes above 2^53 cannot be real here). */
function u64(data: DataView, at: number): number {
  return Number(data.getBigUint64(at, true));
}

/** Where the central directory starts and how many entries it holds. */
function findDirectory(bytes: Uint8Array): { offset: number; size: number; count: number } {
  const data = view(bytes);
  const lowest = Math.max(0, bytes.length - EOCD_SIZE - MAX_COMMENT);
  for (let at = bytes.length - EOCD_SIZE; at >= lowest; at--) {
    if (data.getUint32(at, true) !== EOCD_SIGNATURE) continue;
    let count = data.getUint16(at + 10, true);
    let size = data.getUint32(at + 12, true);
    let offset = data.getUint32(at + 16, true);
    // ZIP64: the real figures are in the ZIP64 end record, found through its locator.
    const locator = at - 20;
    if ((count === U16_MAX || size === U32_MAX || offset === U32_MAX) && locator >= 0) {
      if (data.getUint32(locator, true) !== ZIP64_LOCATOR_SIGNATURE) throw damaged('ZIP64 locator missing');
      const record = u64(data, locator + 8);
      if (record + 56 > bytes.length || data.getUint32(record, true) !== ZIP64_EOCD_SIGNATURE) throw damaged('ZIP64 end record missing');
      count = u64(data, record + 32);
      size = u64(data, record + 40);
      offset = u64(data, record + 48);
    }
    if (offset + size > bytes.length) throw damaged('the central directory lies outside the file');
    return { offset, size, count };
  }
  throw damaged('no end of central directory record');
}

/** The ZIP64 extra field's sizes and offset, for the fields the fixed header marks 0xFFFFFFFF. */
function zip64Extra(data: DataView, start: number, end: number, entry: ZipEntry): void {
  for (let at = start; at + 4 <= end;) {
    const id = data.getUint16(at, true);
    const length = data.getUint16(at + 2, true);
    if (id === 0x0001) {
      let field = at + 4;
      const next = (): number => {
        if (field + 8 > at + 4 + length) throw damaged('short ZIP64 extra field');
        const value = u64(data, field);
        field += 8;
        return value;
      };
      if (entry.uncompressedSize === U32_MAX) entry.uncompressedSize = next();
      if (entry.compressedSize === U32_MAX) entry.compressedSize = next();
      if (entry.localOffset === U32_MAX) entry.localOffset = next();
      return;
    }
    at += 4 + length;
  }
}

/** Every entry of the archive's central directory, folders included (names ending in "/"). */
export function readZipDirectory(bytes: Uint8Array): ZipEntry[] {
  if (bytes.length < EOCD_SIZE) throw damaged('too short');
  const { offset, size, count } = findDirectory(bytes);
  const data = view(bytes);
  const decoder = new TextDecoder('utf-8');
  const entries: ZipEntry[] = [];
  const end = offset + size;
  let at = offset;
  for (let index = 0; index < count; index++) {
    if (at + 46 > end || data.getUint32(at, true) !== CENTRAL_SIGNATURE) throw damaged(`central directory entry ${index + 1} is damaged`);
    const nameLength = data.getUint16(at + 28, true);
    const extraLength = data.getUint16(at + 30, true);
    const commentLength = data.getUint16(at + 32, true);
    const entry: ZipEntry = {
      // Names are UTF-8 in every format read here (and ASCII in practice).
      name: decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength)),
      method: data.getUint16(at + 10, true),
      flags: data.getUint16(at + 8, true),
      compressedSize: data.getUint32(at + 20, true),
      uncompressedSize: data.getUint32(at + 24, true),
      localOffset: data.getUint32(at + 42, true),
    };
    zip64Extra(data, at + 46 + nameLength, at + 46 + nameLength + extraLength, entry);
    entries.push(entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Where an entry's compressed bytes start (after its local header), checked against the file. */
export function entryDataOffset(bytes: Uint8Array, entry: ZipEntry): number {
  const data = view(bytes);
  if (entry.localOffset + 30 > bytes.length || data.getUint32(entry.localOffset, true) !== 0x04034b50) {
    throw damaged(`the local header of ${entry.name} is missing`);
  }
  const start = entry.localOffset + 30 + data.getUint16(entry.localOffset + 26, true) + data.getUint16(entry.localOffset + 28, true);
  if (start + entry.compressedSize > bytes.length) throw damaged(`${entry.name} runs past the end of the file`);
  return start;
}
