/**
 * Feeding a checked archive (zip-archive.ts) to the libraries that would otherwise unzip the file
 * themselves, without limits (both use jszip, which inflates whatever the file holds):
 *
 * - mammoth takes an already opened zip (`{ file }`: exists/read), so it reads parts from the
 *   checked archive, one at a time, as it needs them;
 * - exceljs takes only the file's bytes: it gets the checked entries written back as a ZIP of
 *   stored (uncompressed) entries, which jszip copies out without inflating anything.
 */
import { crc32 } from 'node:zlib';
import { SemantikError } from '../../../shared/errors';
import type { ZipArchive } from './zip-archive';

/** The zip object mammoth's `{ file }` input expects (mammoth/lib/zipfile.js). */
export interface MammothZipFile {
  exists(name: string): boolean;
  read(name: string, encoding?: string): Promise<string | Uint8Array>;
  write(name: string, contents: string): void;
  toArrayBuffer(): Promise<ArrayBuffer>;
}

/** The archive as mammoth's zip object (reading only: converting never writes). */
export function mammothZipFile(archive: ZipArchive): MammothZipFile {
  return {
    exists: (name) => archive.has(name),
    read: async (name, encoding) => {
      const bytes = archive.bytesOf(name);
      if (bytes === null) throw new SemantikError('BAD_INPUT', `not a valid Word document: ${name} is missing`);
      if (encoding === 'base64') return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
      return encoding ? new TextDecoder(encoding).decode(bytes) : bytes;
    },
    write: () => {
      throw new SemantikError('INTERNAL', 'the document reader tried to change the file');
    },
    toArrayBuffer: () => Promise.reject(new SemantikError('INTERNAL', 'the document reader tried to rewrite the file')),
  };
}

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;
/** Bit 11: names are UTF-8. */
const UTF8_NAMES = 0x0800;

/**
 * The archive's files as a ZIP of stored entries. Its size is the archive's inflated size, which
 * the limits bound; archives that need ZIP64 (over 65,535 entries or 4 GB) are beyond them anyway.
 */
export function storedZip(archive: ZipArchive): Uint8Array<ArrayBuffer> {
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  const names = archive.names();
  for (const name of names) {
    // names() lists only files the archive holds.
    const data = archive.bytesOf(name)!;
    const nameBytes = encoder.encode(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(UTF8_NAMES, 6);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(CENTRAL, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(UTF8_NAMES, 8);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(data.length, 20);
    header.writeUInt32LE(data.length, 24);
    header.writeUInt16LE(nameBytes.length, 28);
    header.writeUInt32LE(offset, 42);
    central.push(header, Buffer.from(nameBytes));
    parts.push(local, nameBytes, data);
    offset += 30 + nameBytes.length + data.length;
  }
  const directorySize = central.reduce((sum, part) => sum + part.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END, 0);
  end.writeUInt16LE(names.length, 8);
  end.writeUInt16LE(names.length, 10);
  end.writeUInt32LE(directorySize, 12);
  end.writeUInt32LE(offset, 16);
  const all = [...parts, ...central, end];
  const zip = new Uint8Array(all.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of all) {
    zip.set(part, at);
    at += part.length;
  }
  return zip;
}
