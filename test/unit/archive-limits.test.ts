import { describe, expect, it } from 'vitest';
import { archiveLimitsFor, checkArchiveDirectory } from '../../src/workers/extract/archive/archive-limits';
import { mammothZipFile, storedZip } from '../../src/workers/extract/archive/zip-adapters';
import { ZipArchive } from '../../src/workers/extract/archive/zip-archive';
import { readZipDirectory, type ZipEntry } from '../../src/workers/extract/archive/zip-directory';
import { extractDocument } from '../../src/workers/extract/extract-document';
import { buildDocx, buildZip, wordDocumentXml } from '../helpers/zip-builder';

const MIB = 1024 * 1024;
const limits = archiveLimitsFor(256 * MIB);

function entry(name: string, compressedSize: number, uncompressedSize: number): ZipEntry {
  return { name, method: 8, flags: 0, compressedSize, uncompressedSize, localOffset: 0 };
}

describe('checkArchiveDirectory', () => {
  it('derives the limits from the extraction memory limit', () => {
    expect(limits).toEqual({ maxTotalBytes: 128 * MIB, maxRatio: 200, ratioFloorBytes: MIB, maxEntries: 20_000 });
  });

  it('passes an ordinary document', () => {
    const entries = [entry('word/document.xml', 200_000, 2 * MIB), entry('word/media/image1.png', 3 * MIB, 3 * MIB)];
    expect(() => checkArchiveDirectory(entries, 5 * MIB, 'Word document', limits)).not.toThrow();
  });

  it('refuses an entry that would inflate too many times, before inflating it', () => {
    expect(() => checkArchiveDirectory([entry('word/document.xml', 50_000, 50 * MIB)], 50_100, 'Word document', limits)).toThrow(
      'Word document refused: word/document.xml would inflate 1049 times (0.0 MB to 50.0 MB; limit 200 times) (a zip bomb?)',
    );
  });

  it('lets a small entry compress as well as it likes', () => {
    expect(() => checkArchiveDirectory([entry('styles.xml', 100, 900_000)], 1_000, 'Word document', limits)).not.toThrow();
  });

  it('refuses a total over half the memory limit, and many small entries that add up to a bomb', () => {
    const big = Array.from({ length: 3 }, (_, i) => entry(`ppt/media/v${i}.mp4`, 50 * MIB, 50 * MIB));
    expect(() => checkArchiveDirectory(big, 150 * MIB, 'PowerPoint file', limits)).toThrow(
      /PowerPoint file refused: its content would inflate to 150.0 MB \(limit 128.0 MB, half of SEMANTIK_EXTRACT_MEMORY\)/,
    );
    // Each entry under the floor, so none is held to the ratio alone; together they are.
    const many = Array.from({ length: 2_000 }, (_, i) => entry(`x/${i}.xml`, 1_000, 900_000));
    expect(() => checkArchiveDirectory(many, 2_000_000, 'EPUB book', limits)).toThrow(/EPUB book refused: .*inflate/);
    const tooMany = Array.from({ length: 20_001 }, (_, i) => entry(`x/${i}.xml`, 10, 10));
    expect(() => checkArchiveDirectory(tooMany, 1_000_000, 'EPUB book', limits)).toThrow(
      'EPUB book refused: 20001 entries (limit 20000) (a zip bomb?)',
    );
  });
});

describe('ZipArchive', () => {
  it('reads the directory and the entries of an honest archive, stored or deflated', () => {
    const zip = buildZip([
      { name: 'a.xml', data: '<a>alpha</a>' },
      { name: 'dir/', data: '', stored: true },
      { name: 'dir/b.txt', data: 'beta', stored: true },
    ]);
    expect(readZipDirectory(zip).map((e) => [e.name, e.method, e.uncompressedSize])).toEqual([
      ['a.xml', 8, 12],
      ['dir/', 0, 0],
      ['dir/b.txt', 0, 4],
    ]);
    const archive = ZipArchive.open(zip, 'test archive', limits);
    expect(archive.names()).toEqual(['a.xml', 'dir/b.txt']);
    expect(archive.textOf('a.xml')).toBe('<a>alpha</a>');
    expect(archive.textOf('dir/b.txt')).toBe('beta');
    expect(archive.textOf('missing')).toBeNull();
  });

  it('stops inflating an entry at the size its directory declares', () => {
    // 16 MB of zeros that claim to be 1,000 bytes: the ratio check sees nothing wrong.
    const zip = buildZip([{ name: 'word/document.xml', data: new Uint8Array(16 * MIB), declaredSize: 1_000 }]);
    const archive = ZipArchive.open(zip, 'Word document', limits);
    expect(() => archive.bytesOf('word/document.xml')).toThrow(
      'Word document refused: word/document.xml inflates past the 1000 bytes its directory declares (a zip bomb?)',
    );
  });

  it('says what a file that is no ZIP was expected to be', () => {
    expect(() => ZipArchive.open(Buffer.from('just some text, long enough to look for a directory'), 'Word document', limits)).toThrow(
      'not a valid Word document: not a readable ZIP container (no end of central directory record)',
    );
  });

  it('feeds mammoth and exceljs the checked entries', async () => {
    const archive = ZipArchive.open(buildZip([{ name: 'x.xml', data: '<x/>' }]), 'test archive', limits);
    const file = mammothZipFile(archive);
    expect(file.exists('x.xml')).toBe(true);
    expect(await file.read('x.xml', 'utf-8')).toBe('<x/>');
    const rewritten = ZipArchive.open(storedZip(archive), 'test archive', limits);
    expect(readZipDirectory(storedZip(archive))[0]).toMatchObject({ name: 'x.xml', method: 0, uncompressedSize: 4 });
    expect(rewritten.textOf('x.xml')).toBe('<x/>');
  });
});

describe('zip bombs through the extractors', () => {
  it('fails a bomb Word document, a lying one, and an attachment bomb with the reason; reads an honest one', async () => {
    const honest = await extractDocument('/t/honest.docx', buildDocx([], 'The quiet harbour report.'));
    expect(honest).toMatchObject({ kind: 'chunks', chunks: [{ text: 'The quiet harbour report.' }] });
    const bomb = buildDocx([{ name: 'word/document.xml', data: wordDocumentXml('boom', 20 * MIB) }]);
    expect(await extractDocument('/t/bomb.docx', bomb)).toEqual({
      kind: 'failed',
      reason: expect.stringMatching(/^Word document refused: word\/document.xml would inflate \d+ times .*\(a zip bomb\?\)$/),
    });
    const lying = buildDocx([{ name: 'word/document.xml', data: wordDocumentXml('boom', 8 * MIB), declaredSize: 2_000 }]);
    expect(await extractDocument('/t/lying.docx', lying)).toEqual({
      kind: 'failed',
      reason: 'Word document refused: word/document.xml inflates past the 2000 bytes its directory declares (a zip bomb?)',
    });
    const lyingSheet = buildZip([{ name: 'xl/workbook.xml', data: new Uint8Array(8 * MIB), declaredSize: 500 }]);
    expect(await extractDocument('/t/lying.xlsx', lyingSheet)).toMatchObject({
      kind: 'failed',
      reason: expect.stringMatching(/^Excel workbook refused/),
    });
    const mail = [
      'From: a@example.org',
      'Subject: Report',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain',
      '',
      'See the attachment.',
      '--b',
      'Content-Type: application/octet-stream; name="bomb.docx"',
      'Content-Disposition: attachment; filename="bomb.docx"',
      'Content-Transfer-Encoding: base64',
      '',
      bomb.toString('base64'),
      '--b--',
      '',
    ].join('\r\n');
    const read = await extractDocument('/t/mail.eml', Buffer.from(mail));
    expect(read).toMatchObject({ kind: 'chunks' });
    const text = read.kind === 'chunks' ? read.chunks.map((c) => c.text).join('\n') : '';
    expect(text).toMatch(/Attachments: bomb\.docx \(Word document refused: .*zip bomb/);
  });
});
