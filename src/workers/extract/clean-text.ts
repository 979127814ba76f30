/**
 * Cleans extracted text before it is chunked, whatever the format it came from: garbage that a
 * reader passes through (control characters from a PDF's broken font map, U+FFFD from a bad
 * decode, zero-width marks, text decoded twice) shows as boxes and still matches searches.
 *
 * Line breaks are kept one for one ("\r\n" and a lone "\r" become "\n"), so line numbers of the
 * cleaned text are those of the file.
 */
import { repairMojibake } from './mojibake';

/**
 * Characters that are not text: C0 controls but tab and line breaks, DEL, C1 controls, U+FFFD
 * (what a decoder puts for bytes it cannot read), the noncharacters U+FFFE and U+FFFF, and lone
 * surrogates (half of a character). A run of them between two words becomes one space, so that
 * the words stay apart; elsewhere it is removed.
 */
// Matching control characters is the point here.
/* eslint-disable no-control-regex */
const JUNK =
  /(?:[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffd\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff])+/g;
/* eslint-enable no-control-regex */

/**
 * Invisible format characters that split a word for search without showing: zero-width space,
 * word joiner, byte-order mark, soft hyphen, Mongolian vowel separator, and the bidirectional
 * marks and embeddings. They are removed.
 */
const INVISIBLE = /[\u00ad\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]+/g;

/** Zero-width (non-)joiners: part of the spelling in Indic and Arabic scripts and of emoji, noise beside ASCII. */
const JOINER = /[\u200c\u200d]+/g;

const NON_ASCII = /[\u0080-\uffff]/;
const SPACE = /\s/;

/** True when `char` exists and is not whitespace. */
function isWordChar(char: string | undefined): boolean {
  return char !== undefined && !SPACE.test(char);
}

/** The text without garbage characters, line breaks normalized to "\n" and kept one for one. */
export function cleanText(text: string): string {
  return repairMojibake(text.replace(/\r\n?/g, '\n'))
    .replace(JOINER, (run, at: number, whole: string) => {
      const before = whole[at - 1];
      const after = whole[at + run.length];
      return before !== undefined && after !== undefined && NON_ASCII.test(before) && NON_ASCII.test(after) ? run : '';
    })
    .replace(INVISIBLE, '')
    .replace(JUNK, (run, at: number, whole: string) => (isWordChar(whole[at - 1]) && isWordChar(whole[at + run.length]) ? ' ' : ''));
}

/** True when the text holds a letter or a digit: anything else (punctuation, symbols, blanks) is not worth a chunk. */
export function hasWords(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}
