/**
 * Splits a document's segments into chunks for embedding, following its structure.
 *
 * - A chunk never spans two segments, so never two PDF pages, slides, sheets or messages.
 * - A Markdown heading starts a new chunk, and each chunk keeps its heading path ("Guide > Setup").
 * - Paragraphs and fenced code blocks are kept whole when they fit; a longer one is cut at lines,
 *   then sentences, then words.
 * - Sizes are in (estimated) model tokens, and a chunk cut for size repeats the last few tokens of
 *   the previous one, so that a sentence on the border is still found.
 * - Every extractor's text passes through here, so it is cleaned here (clean-text.ts), and a chunk
 *   left without a letter or a digit is dropped.
 */
import { parseBlocks, type Block } from './blocks';
import { cleanText, hasWords } from './clean-text';
import type { Segment } from './segment';
import { estimateTokens, splitLine, tailTokens } from './tokens';

/** One chunk, with where it sits in the file. */
export interface TextChunk {
  text: string;
  lineStart: number | null;
  lineEnd: number | null;
  heading: string | null;
  page: number | null;
}

/** Chunk sizes in estimated tokens. */
export interface ChunkOptions {
  /** A chunk is closed at the first paragraph end past this size. */
  targetTokens: number;
  /** Never more than this (the embedding model reads 256 tokens; more would be cut off). */
  maxTokens: number;
  /** Tokens of the previous chunk repeated at the start of a chunk cut for size. */
  overlapTokens: number;
}

/** @defaultValue sized for 256-token sentence-transformer models such as all-MiniLM-L6-v2. */
export const DEFAULT_CHUNK_OPTIONS: ChunkOptions = { targetTokens: 180, maxTokens: 240, overlapTokens: 32 };

interface Piece {
  text: string;
  first: number | null;
  last: number | null;
  tokens: number;
  /** What joins it to the piece before it in a chunk: a blank line between blocks, else a newline or a space. */
  joiner: string;
  /** False for text carried over from the previous chunk. */
  fresh: boolean;
  /** A heading line: alone it makes no chunk, it goes with the text under it. */
  heading: boolean;
}

/** A block as pieces of at most `max` tokens: itself if it fits, else its lines, cut further if needed. */
function piecesOf(block: Block, max: number): Piece[] {
  const whole = block.lines.join('\n');
  const tokens = estimateTokens(whole);
  const lineOf = (k: number): number | null => (block.firstLine === null ? null : block.firstLine + k);
  const heading = block.kind === 'heading';
  if (tokens <= max)
    return [{ text: whole, first: lineOf(0), last: lineOf(block.lines.length - 1), tokens, joiner: '\n\n', fresh: true, heading }];
  const pieces: Piece[] = [];
  block.lines.forEach((line, k) => {
    splitLine(line, max).forEach((part, j) => {
      pieces.push({
        text: part,
        first: lineOf(k),
        last: lineOf(k),
        tokens: estimateTokens(part),
        joiner: j === 0 ? '\n' : ' ',
        fresh: true,
        heading,
      });
    });
  });
  if (pieces[0]) pieces[0].joiner = '\n\n';
  return pieces;
}

/** Packs pieces of one segment into chunks. */
class Packer {
  private pieces: Piece[] = [];
  private tokens = 0;
  heading: string | null = null;

  constructor(
    private readonly options: ChunkOptions,
    private readonly page: number | null,
    private readonly out: TextChunk[],
  ) {}

  add(piece: Piece): void {
    const max = this.options.maxTokens;
    if (this.tokens + piece.tokens > max && this.pieces.some((p) => p.fresh)) this.close(true);
    // The carried overlap and this piece do not fit together: the piece matters more.
    if (this.tokens + piece.tokens > max) this.reset();
    this.pieces.push(piece);
    this.tokens += piece.tokens;
  }

  /** True once the chunk has reached its target size. */
  get full(): boolean {
    return this.tokens >= this.options.targetTokens;
  }

  /**
   * Emits the chunk (if it holds new text); `overlap` carries its tail into the next one. Headings
   * with no text under them yet stay for the next chunk, unless the segment is `final`ly done.
   */
  close(overlap: boolean, final = false): void {
    const fresh = this.pieces.filter((p) => p.fresh);
    if (fresh.length === 0) {
      if (!overlap) this.reset();
      return;
    }
    if (!final && fresh.every((p) => p.heading)) return;
    const text = this.pieces.map((p, i) => (i === 0 ? p.text : p.joiner + p.text)).join('');
    const firsts = this.pieces.map((p) => p.first).filter((n): n is number => n !== null);
    const lasts = this.pieces.map((p) => p.last).filter((n): n is number => n !== null);
    this.out.push({
      text: text.trim(),
      lineStart: firsts.length > 0 ? Math.min(...firsts) : null,
      lineEnd: lasts.length > 0 ? Math.max(...lasts) : null,
      heading: this.heading,
      page: this.page,
    });
    const carried = overlap ? this.tail() : [];
    this.reset();
    for (const piece of carried) {
      this.pieces.push(piece);
      this.tokens += piece.tokens;
    }
  }

  private tail(): Piece[] {
    const budget = this.options.overlapTokens;
    const carried: Piece[] = [];
    let size = 0;
    for (let i = this.pieces.length - 1; i >= 0; i--) {
      // The loop bound keeps i in range.
      const piece = this.pieces[i]!;
      if (size + piece.tokens > budget) {
        if (carried.length === 0) {
          const text = tailTokens(piece.text, budget);
          if (text !== '') carried.unshift({ ...piece, text, first: piece.last, tokens: estimateTokens(text), fresh: false });
        }
        break;
      }
      carried.unshift({ ...piece, fresh: false });
      size += piece.tokens;
    }
    return carried;
  }

  private reset(): void {
    this.pieces = [];
    this.tokens = 0;
  }
}

function chunkSegment(segment: Segment, options: ChunkOptions, out: TextChunk[]): void {
  const packer = new Packer(options, segment.page ?? null, out);
  const headings: string[] = [];
  const headingPath = (): string | null => [segment.heading, ...headings].filter((h) => h !== undefined && h !== '').join(' > ') || null;
  packer.heading = headingPath();
  for (const block of parseBlocks(segment)) {
    if (block.kind === 'heading') {
      packer.close(false);
      // Headings always carry a level and a title (see parseBlocks).
      headings.length = block.level! - 1;
      headings[block.level! - 1] = block.title!;
      packer.heading = headingPath();
    }
    const pieces = piecesOf(block, options.maxTokens);
    pieces.forEach((piece, i) => {
      packer.add(piece);
      const atLineEnd = pieces[i + 1]?.joiner !== ' ';
      if (block.kind !== 'heading' && packer.full && atLineEnd) packer.close(true);
    });
  }
  packer.close(false, true);
}

/** The segment with its text and heading cleaned; its line breaks stay where they were. */
function cleanSegment(segment: Segment): Segment {
  const heading = segment.heading === undefined ? {} : { heading: cleanText(segment.heading).replace(/\s+/g, ' ').trim() };
  return { ...segment, ...heading, text: cleanText(segment.text) };
}

/** Chunks a document's segments in order. Segments without text give no chunks, nor does garbage. */
export function chunkSegments(segments: readonly Segment[], options: ChunkOptions = DEFAULT_CHUNK_OPTIONS): TextChunk[] {
  const out: TextChunk[] = [];
  for (const segment of segments) chunkSegment(cleanSegment(segment), options, out);
  return out.filter((chunk) => hasWords(chunk.text));
}
