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
  return new RtfReader(rtf).read();
}

/** One pass over an RTF document: each step reads one group mark, character, escape or control word. */
class RtfReader {
  private codepage = 'windows-1252';
  private readonly stack: GroupState[] = [];
  private state: GroupState = { skip: false, uc: 1 };
  private out = '';
  /** `\'hh` bytes not decoded yet: a character of a multi-byte code page may take several. */
  private bytes: number[] = [];
  /** Fallback characters still to skip after a `\uN`. */
  private pendingSkip = 0;
  private i = 0;

  constructor(private readonly rtf: string) {}

  read(): string {
    const { rtf } = this;
    while (this.i < rtf.length) {
      const ch = rtf[this.i]!;
      if (ch === '{' || ch === '}') this.group(ch);
      else if (ch === '\r' || ch === '\n') this.i += 1;
      else if (ch !== '\\') {
        if (this.pendingSkip > 0) this.pendingSkip -= 1;
        else this.emit(ch);
        this.i += 1;
      } else {
        const next = rtf[this.i + 1] ?? '';
        if (next === "'") this.hexByte();
        else if (!/[a-zA-Z]/.test(next)) this.controlSymbol(next);
        else this.controlWord();
      }
    }
    this.flushBytes();
    return this.out.replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n');
  }

  private flushBytes(): void {
    if (this.bytes.length > 0 && !this.state.skip) this.out += iconv.decode(Buffer.from(this.bytes), this.codepage);
    this.bytes = [];
  }

  private emit(text: string): void {
    this.flushBytes();
    if (!this.state.skip) this.out += text;
  }

  /** `{` opens a group with a copy of the current state; `}` returns to the outer one. */
  private group(ch: '{' | '}'): void {
    this.flushBytes();
    this.pendingSkip = 0;
    if (ch === '{') {
      this.stack.push(this.state);
      this.state = { ...this.state };
    } else {
      const outer = this.stack.pop();
      if (!outer) throw new SemantikError('BAD_INPUT', `damaged RTF: unbalanced "}" at offset ${this.i}`);
      this.state = outer;
    }
    this.i += 1;
  }

  /** `\'hh`: one byte in the document's code page. */
  private hexByte(): void {
    const byte = Number.parseInt(this.rtf.slice(this.i + 2, this.i + 4), 16);
    this.i += 4;
    if (this.pendingSkip > 0) this.pendingSkip -= 1;
    else if (!Number.isNaN(byte)) this.bytes.push(byte);
  }

  /** Control symbols: escaped characters, the ignorable-destination mark, special spaces. */
  private controlSymbol(next: string): void {
    this.i += 2;
    if (next === '*') {
      this.state.skip = true;
    } else if (next === '\\' || next === '{' || next === '}') {
      if (this.pendingSkip > 0) this.pendingSkip -= 1;
      else this.emit(next);
    } else if (next === '~') this.emit('\u00a0');
    else if (next === '_') this.emit('-');
    else if (next === '\n' || next === '\r') this.emit('\n\n');
  }

  /** A control word (`\name` with an optional number): text it stands for, or a change of state. */
  private controlWord(): void {
    const word = /^\\([a-zA-Z]{1,32})(-?\d{1,10})? ?/.exec(this.rtf.slice(this.i, this.i + 48));
    // The character after the backslash is a letter, so the expression matches at least "\x".
    const [all, name, digits] = word!;
    const param = digits === undefined ? null : Number(digits);
    this.i += all.length;
    if (name === 'bin' && param !== null) {
      this.i += Math.max(0, param);
      return;
    }
    if (this.pendingSkip > 0) {
      this.pendingSkip -= 1;
      return;
    }
    if (name === 'u' && param !== null) {
      this.emit(String.fromCharCode(param < 0 ? param + 65536 : param));
      this.pendingSkip = this.state.uc;
    } else if (name === 'uc' && param !== null) this.state.uc = param;
    else if (name === 'ansicpg' && param !== null && iconv.encodingExists(`cp${param}`)) this.codepage = `cp${param}`;
    else if (SKIPPED.has(name!)) {
      this.flushBytes();
      this.state.skip = true;
    } else if (name! in SYMBOLS) this.emit(SYMBOLS[name!]!);
  }
}

/** Reads an RTF document. */
export const extractRtf: ExtractFn = async (bytes) => {
  const text = rtfToText(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'));
  return extracted('rtf', [{ text, markup: 'plain' }]);
};
