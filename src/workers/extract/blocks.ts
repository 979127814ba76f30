/**
 * Splits a segment's text into structural blocks: headings, paragraphs and fenced code blocks
 * (Markdown), or paragraphs only (plain text and code, where `#` starts a comment, not a heading).
 */
import type { Segment } from './segment';

/** A heading, a paragraph or a code block, with its line numbers in the source file when known. */
export interface Block {
  kind: 'heading' | 'paragraph' | 'code';
  /** The block's lines, as in the file. */
  lines: string[];
  /** Source line of lines[0] (null when the segment's lines are not the file's). */
  firstLine: number | null;
  /** Heading level 1 to 6 and title, for headings. */
  level?: number;
  title?: string;
}

const ATX_HEADING = /^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** The blocks of a segment in order. Blank lines separate paragraphs and are dropped. */
export function parseBlocks(segment: Segment): Block[] {
  const lines = segment.text.split(/\r\n?|\n/);
  const markdown = segment.markup === 'markdown';
  const blocks: Block[] = [];
  const lineNo = (index: number): number | null => (segment.firstLine === undefined ? null : segment.firstLine + index);
  let paragraph: string[] = [];
  let paragraphStart = 0;

  const endParagraph = (): void => {
    if (paragraph.length > 0) blocks.push({ kind: 'paragraph', lines: paragraph, firstLine: lineNo(paragraphStart) });
    paragraph = [];
  };

  for (let i = 0; i < lines.length; i++) {
    // The loop bound keeps i in range.
    const line = lines[i]!;
    const fence = markdown ? FENCE.exec(line) : null;
    if (fence) {
      endParagraph();
      // The group matched: a run of three or more backticks or tildes.
      const marker = fence[1]!;
      const start = i;
      const closing = new RegExp(`^ {0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}\\s*$`);
      let end = i + 1;
      while (end < lines.length && !closing.test(lines[end]!)) end += 1;
      // An unclosed fence runs to the end of the segment, as CommonMark says.
      const last = Math.min(end, lines.length - 1);
      blocks.push({ kind: 'code', lines: lines.slice(start, last + 1), firstLine: lineNo(start) });
      i = last;
      continue;
    }
    const heading = markdown ? ATX_HEADING.exec(line) : null;
    if (heading) {
      endParagraph();
      // Both groups exist when the expression matches.
      blocks.push({ kind: 'heading', lines: [line], firstLine: lineNo(i), level: heading[1]!.length, title: heading[2]!.trim() });
      continue;
    }
    if (line.trim() === '') {
      endParagraph();
      continue;
    }
    if (paragraph.length === 0) paragraphStart = i;
    paragraph.push(line);
  }
  endParagraph();
  return blocks;
}
