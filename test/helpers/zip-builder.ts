/**
 * Writes ZIP files by hand, so that tests can make archives that no honest zipper writes: zip
 * bombs, and central directories that lie about their entries' sizes.
 */
import { crc32, deflateRawSync } from 'node:zlib';

/** One entry: its content, and optionally the uncompressed size the directory should claim. */
export interface ZipInput {
  name: string;
  data: Uint8Array | string;
  /** The size written in the headers instead of the real one (a lying directory). */
  declaredSize?: number;
  /** Stored instead of deflated. @defaultValue false */
  stored?: boolean;
}

/** A ZIP of `entries`, deflated (level 9) unless stored. */
export function buildZip(entries: readonly ZipInput[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const data = typeof entry.data === 'string' ? Buffer.from(entry.data) : Buffer.from(entry.data);
    const packed = entry.stored ? data : deflateRawSync(data, { level: 9 });
    const name = Buffer.from(entry.name);
    const size = entry.declaredSize ?? data.length;
    const method = entry.stored ? 0 : 8;
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(method, 10);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(packed.length, 20);
    header.writeUInt32LE(size, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE(offset, 42);
    parts.push(local, name, packed);
    central.push(header, name);
    offset += 30 + name.length + packed.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}

const WORD_TYPES =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
const WORD_RELS =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>';

/** A minimal Word document's XML holding `text` in one paragraph, padded with `padding` spaces. */
export function wordDocumentXml(text: string, padding = 0): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
    `<w:body><w:p><w:r><w:t>${text}</w:t></w:r></w:p>${' '.repeat(padding)}</w:body></w:document>`
  );
}

/** A .docx whose entries are `extra` besides the package parts (document.xml included unless given). */
export function buildDocx(extra: readonly ZipInput[], text = 'A small honest document.'): Buffer {
  const hasDocument = extra.some((entry) => entry.name === 'word/document.xml');
  return buildZip([
    { name: '[Content_Types].xml', data: WORD_TYPES },
    { name: '_rels/.rels', data: WORD_RELS },
    ...(hasDocument ? [] : [{ name: 'word/document.xml', data: wordDocumentXml(text) }]),
    ...extra,
  ]);
}
