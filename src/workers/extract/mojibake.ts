/**
 * Repairs text that was UTF-8 but got decoded as Windows-1252 or Latin-1 somewhere upstream
 * ("cafÃ©" for "café", "itâ€™s" for "it's"): each such sequence is turned back into its bytes and
 * read as UTF-8. A sequence is replaced only when its bytes are valid UTF-8, so ordinary accented
 * Latin-1 text (where a lead letter is not followed by the right continuation characters) stays.
 */
import iconv from 'iconv-lite';

/**
 * The byte each character stands for in Windows-1252 or Latin-1 text, for bytes 0x80 to 0xFF.
 * iconv-lite, not TextDecoder: Node's decoder reads 'windows-1252' as Latin-1 (no "€" for 0x80).
 */
const BYTE_OF = new Map<string, number>();
for (let byte = 0x80; byte <= 0xff; byte++) {
  BYTE_OF.set(String.fromCharCode(byte), byte);
  const char = iconv.decode(Buffer.of(byte), 'windows-1252');
  // The five bytes Windows-1252 leaves undefined come back as U+FFFD: that stands for no byte.
  if (char !== '\ufffd') BYTE_OF.set(char, byte);
}

/** Every character standing for a UTF-8 continuation byte (0x80 to 0xBF), as a class body. */
const CONTINUATION = [...BYTE_OF]
  .filter(([, byte]) => byte <= 0xbf)
  .map(([char]) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
  .join('');

/** A UTF-8 lead byte (as Latin-1) followed by as many continuation characters as it announces. */
const SEQUENCE = new RegExp(
  `[\\u00c2-\\u00df][${CONTINUATION}]|[\\u00e0-\\u00ef][${CONTINUATION}]{2}|[\\u00f0-\\u00f4][${CONTINUATION}]{3}`,
  'g',
);

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The text with UTF-8-read-as-Windows-1252 sequences decoded again; other text unchanged. */
export function repairMojibake(text: string): string {
  // Fast path: mojibake always holds a lead character from U+00C2 to U+00F4.
  if (!/[\u00c2-\u00f4]/.test(text)) return text;
  return text.replace(SEQUENCE, (sequence) => {
    // Every character of a match is a key of BYTE_OF (the expression is built from them).
    const bytes = Uint8Array.from(sequence, (char) => BYTE_OF.get(char)!);
    try {
      return utf8.decode(bytes);
    } catch {
      return sequence;
    }
  });
}
