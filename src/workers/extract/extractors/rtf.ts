/**
 * RTF to text with a small reader written here, not rtf-parser: rtf-parser (last released 2017)
 * prints the fallback character that follows every `\uN` escape ("€?"), so every non-Latin letter
 * of a Word-made RTF would come out followed by "?", and it reads the whole document into a
 * style tree this app does not need. This reader follows the RTF 1.9 rules that matter for text:
 * groups, ignorable destinations, `\ucN` fallback skipping, `\'hh` bytes in the document's code
 * page (iconv-lite), `\binN` data, paragraph, line, tab and cell breaks.
 */
import iconv from 'iconv-lite';
import { SemantikError } from '../../../shared/errors';
import { extracted, type ExtractFn } from '../segment';

/** Destinations whose content is not text: fonts, colours, styles, metadata, pictures, fields' code. */
const SKIPPED = new Set(
  (
    'fonttbl colortbl stylesheet info pict object objdata fldinst listtable listoverridetable rsidtbl generator ' +
    'xmlnstbl themedata colorschememapping datastore latentstyles pgdsctbl filetbl revtbl header headerl headerr ' +
    'headerf footer footerl footerr footerf bkmkstart bkmkend nonshppict shpinst sp xe tc mmathPr'
  ).split(' '),
);

const SYMBOLS: Record<string, string> = {
  par: '\n\n',
  sect: '\n\n',
  page: '\n\n',
  line: '\n',
  row: '\n',
  cell: ' | ',
  tab: '\t',
  emdash: '—',
  endash: '–',
  bullet: '•',
  lquote: '‘',
  rquote: '’',
  ldblquote: '“',
  rdblquote: '”',
  emspace: ' ',
  enspace: ' ',
};

interface GroupState {
  skip: boolean;
  uc: number;
}

/** The text of an RTF document (decoded as latin1: RTF itself is 7-bit, bytes come as escapes). */
export function rtfToText(rtf: string): string {
  if (!rtf.startsWith('{\\rtf')) throw new SemantikError('BAD_INPUT', 'not a valid RTF file: it does not start with {\\rtf');
  let codepage = 'windows-1252';
  const stack: GroupState[] = [];
  let state: GroupState = { skip: false, uc: 1 };
  let out = '';
  let bytes: number[] = [];
  let pendingSkip = 0;
  const flushBytes = (): void => {
    if (bytes.length > 0 && !state.skip) out += iconv.decode(Buffer.from(bytes), codepage);
    bytes = [];
  };
  const emit = (text: string): void => {
    flushBytes();
    if (!state.skip) out += text;
  };
  let i = 0;
  while (i < rtf.length) {
    const ch = rtf[i]!;
    if (ch === '{' || ch === '}') {
      flushBytes();
      pendingSkip = 0;
      if (ch === '{') {
        stack.push(state);
        state = { ...state };
      } else {
        const outer = stack.pop();
        if (!outer) throw new SemantikError('BAD_INPUT', `damaged RTF: unbalanced "}" at offset ${i}`);
        state = outer;
      }
      i += 1;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      i += 1;
      continue;
    }
    if (ch !== '\\') {
      if (pendingSkip > 0) pendingSkip -= 1;
      else emit(ch);
      i += 1;
      continue;
    }
    const next = rtf[i + 1] ?? '';
    if (next === "'") {
      const byte = Number.parseInt(rtf.slice(i + 2, i + 4), 16);
      i += 4;
      if (pendingSkip > 0) pendingSkip -= 1;
      else if (!Number.isNaN(byte)) bytes.push(byte);
      continue;
    }
    if (!/[a-zA-Z]/.test(next)) {
      // Control symbols: escaped characters, the ignorable-destination mark, special spaces.
      i += 2;
      if (next === '*') {
        state.skip = true;
      } else if (next === '\\' || next === '{' || next === '}') {
        if (pendingSkip > 0) pendingSkip -= 1;
        else emit(next);
      } else if (next === '~') emit('\u00a0');
      else if (next === '_') emit('-');
      else if (next === '\n' || next === '\r') emit('\n\n');
      continue;
    }
    const word = /^\\([a-zA-Z]{1,32})(-?\d{1,10})? ?/.exec(rtf.slice(i, i + 48));
    // `next` is a letter, so the expression matches at least "\x".
    const [all, name, digits] = word!;
    const param = digits === undefined ? null : Number(digits);
    i += all.length;
    if (name === 'bin' && param !== null) {
      i += Math.max(0, param);
      continue;
    }
    if (pendingSkip > 0) {
      pendingSkip -= 1;
      continue;
    }
    if (name === 'u' && param !== null) {
      emit(String.fromCharCode(param < 0 ? param + 65536 : param));
      pendingSkip = state.uc;
    } else if (name === 'uc' && param !== null) state.uc = param;
    else if (name === 'ansicpg' && param !== null && iconv.encodingExists(`cp${param}`)) codepage = `cp${param}`;
    else if (SKIPPED.has(name!)) {
      flushBytes();
      state.skip = true;
    } else if (name! in SYMBOLS) emit(SYMBOLS[name!]!);
  }
  flushBytes();
  return out.replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n');
}

/** Reads an RTF document. */
export const extractRtf: ExtractFn = async (bytes) => {
  const text = rtfToText(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'));
  return extracted('rtf', [{ text, markup: 'plain' }]);
};
