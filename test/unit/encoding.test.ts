import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeText, looksBinary, utf8Census } from '../../src/workers/extract/encoding';

const RUSSIAN =
  'Съешь же ещё этих мягких французских булок, да выпей чаю. Широкая электрификация южных губерний даст мощный толчок подъёму сельского хозяйства.';
const JAPANESE = '日本語の文字コード検出テストです。今日は良い天気ですね。明日も晴れるでしょう。';

describe('decodeText', () => {
  it('reads UTF-8 with and without a byte-order mark', () => {
    expect(decodeText(Buffer.from('naïve café'))).toEqual({ text: 'naïve café', encoding: 'utf-8' });
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('bom')])).text).toBe('bom');
  });

  it('reads UTF-16 by its mark, and little-endian UTF-16 without one', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('octopus ñ', 'utf16le')]);
    expect(decodeText(le)).toEqual({ text: 'octopus ñ', encoding: 'utf-16le' });
    const be = Buffer.from('octopus ñ', 'utf16le').swap16();
    expect(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toEqual({ text: 'octopus ñ', encoding: 'utf-16be' });
    expect(decodeText(Buffer.from('no mark here at all', 'utf16le'))).toEqual({ text: 'no mark here at all', encoding: 'utf-16le' });
  });

  it('detects legacy 8-bit and multi-byte encodings instead of assuming UTF-8', () => {
    expect(decodeText(iconv.encode('The naïve crêpe vendor sold forty éclairs.', 'windows-1252'))).toEqual({
      text: 'The naïve crêpe vendor sold forty éclairs.',
      encoding: 'windows-1252',
    });
    expect(decodeText(iconv.encode(RUSSIAN, 'windows-1251'))).toEqual({ text: RUSSIAN, encoding: 'windows-1251' });
    expect(decodeText(iconv.encode(JAPANESE, 'shift_jis')).text).toBe(JAPANESE);
  });

  it('uses an encoding the file declares', () => {
    expect(decodeText(iconv.encode('Grüße', 'iso-8859-15'), 'iso-8859-15').text).toBe('Grüße');
  });

  it('refuses damaged UTF-8 with the offset of the first bad byte', () => {
    const bytes = Buffer.concat([Buffer.from('Café naïve — '), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(' end')]);
    expect(() => decodeText(bytes)).toThrow(/invalid UTF-8: byte 0xc3 at offset 17/);
    expect(utf8Census(bytes)).toEqual({ valid: 3, invalid: 2, firstInvalid: 17 });
  });
});

describe('looksBinary', () => {
  it('tells binary bytes from text', () => {
    expect(looksBinary(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0]))).toBe(true);
    expect(looksBinary(Buffer.from('plain text\twith tabs\r\n'))).toBe(false);
    expect(looksBinary(Buffer.alloc(0))).toBe(false);
  });
});
