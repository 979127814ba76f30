/**
 * Splits text into chunks for embedding: paragraphs kept whole where they fit, Markdown headings
 * start a new chunk and give it its heading path, long paragraphs are cut at line or word
 * boundaries, and each chunk overlaps the previous by a little text so a sentence on a border is
 * still found.
 */

export interface TextChunk {
  text: string;
  lineStart: number;
  lineEnd: number;
  heading: string | null;
}

export interface ChunkOptions {
  /** Target characters per chunk (about 200 tokens of English). */
  targetChars: number;
  /** Never more than this many characters. */
  maxChars: number;
  /** Characters carried over from the end of the previous chunk. */
  overlapChars: number;
}

export const DEFAULT_CHUNK_OPTIONS: ChunkOptions = { targetChars: 900, maxChars: 1500, overlapChars: 120 };

interface Line {
  text: string;
  no: number;
}

const HEADING = /^(#{1,6})\s+(.+?)\s*#*\s*$/;

/** Splits `text` (lines numbered from 1) into chunks. Blank text gives no chunks. */
export function chunkText(text: string, options: ChunkOptions = DEFAULT_CHUNK_OPTIONS): TextChunk[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const chunks: TextChunk[] = [];
  const headings: string[] = [];
  let current: Line[] = [];
  let size = 0;
  let inFence = false;

  const emit = (): void => {
    const body = current
      .map((line) => line.text)
      .join('\n')
      .trim();
    if (body.length > 0) {
      // `current` is non-empty whenever body is.
      chunks.push({
        text: body,
        lineStart: current[0]!.no,
        lineEnd: current[current.length - 1]!.no,
        heading: headings.filter(Boolean).join(' > ') || null,
      });
    }
    const tail: Line[] = [];
    let carried = 0;
    for (let i = current.length - 1; i >= 0 && carried < options.overlapChars; i--) {
      const line = current[i]!;
      if (line.text.length + carried > options.overlapChars && tail.length > 0) break;
      if (line.text.length > options.overlapChars) break;
      tail.unshift(line);
      carried += line.text.length + 1;
    }
    current = body.length > 0 ? tail : [];
    size = carried;
  };

  lines.forEach((raw, index) => {
    const no = index + 1;
    if (/^\s*(```|~~~)/.test(raw)) inFence = !inFence;
    const heading = inFence ? null : HEADING.exec(raw);
    if (heading) {
      if (size > 0) emit();
      current = [];
      size = 0;
      // The regular expression has two groups when it matches.
      const level = heading[1]!.length;
      headings.length = level;
      headings[level - 1] = heading[2]!;
    }
    for (const piece of splitLong(raw, options.maxChars)) {
      if (size + piece.length + 1 > options.maxChars && size > 0) emit();
      current.push({ text: piece, no });
      size += piece.length + 1;
    }
    const paragraphEnd = raw.trim() === '' && !inFence;
    if (size >= options.targetChars && paragraphEnd) emit();
  });
  const leftover = current
    .map((line) => line.text)
    .join('\n')
    .trim();
  const alreadyEmitted = chunks.length > 0 && current.every((line) => line.no <= chunks[chunks.length - 1]!.lineEnd);
  if (leftover.length > 0 && !alreadyEmitted) emit();
  return chunks;
}

/** Cuts a line longer than `max` at word boundaries (or hard, for text without spaces). */
function splitLong(line: string, max: number): string[] {
  if (line.length <= max) return [line];
  const pieces: string[] = [];
  let rest = line;
  while (rest.length > max) {
    let cut = rest.lastIndexOf(' ', max);
    if (cut < max / 2) cut = max;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length > 0) pieces.push(rest);
  return pieces;
}
