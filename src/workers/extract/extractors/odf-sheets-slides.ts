/**
 * OpenDocument spreadsheets (.ods) and presentations (.odp), read like their OOXML cousins:
 * jszip + fast-xml-parser over content.xml. A sheet is one segment ("Sheet: name"), its rows lines
 * of cells joined by " | "; a slide is one segment ("Slide N", with its name when it has one).
 */
import { SemantikError } from '../../../shared/errors';
import { extracted, type ExtractFn, type Segment } from '../segment';
import { attribute, childNodes, findAll, innerText, nodeName, openZip, parseXml, readPart, type XmlNode } from '../zip-xml';

const INLINE = { 'text:tab': '\t', 'text:line-break': '\n', 'text:s': ' ' };
const SKIP = new Set(['office:annotation', 'text:tracked-changes']);
/**
 * Spreadsheets repeat cells and rows by count (a blank row "repeated" a million times ends most
 * sheets); a repeated cell with text is written at most this many times.
 */
const MAX_REPEAT = 50;

async function contentOf(bytes: Uint8Array, what: string): Promise<XmlNode[]> {
  const zip = openZip(bytes, what);
  const content = readPart(zip, 'content.xml');
  if (content === null) throw new SemantikError('BAD_INPUT', `not a valid ${what}: the ZIP has no content.xml`);
  return parseXml(content);
}

function paragraphsOf(nodes: readonly XmlNode[]): string {
  return findAll(nodes, 'text:p')
    .map((paragraph) =>
      innerText(childNodes(paragraph), INLINE, SKIP)
        .replace(/[ \t\r\n]+/g, ' ')
        .trim(),
    )
    .filter(Boolean)
    .join('\n');
}

function repeat(node: XmlNode, attributeName: string): number {
  return Math.min(MAX_REPEAT, Math.max(1, Number(attribute(node, attributeName) ?? 1) || 1));
}

/** One row's non-empty cells, repeated cells written out (up to MAX_REPEAT). */
function rowText(row: XmlNode): string {
  const cells: string[] = [];
  for (const cell of childNodes(row)) {
    const name = nodeName(cell);
    if (name !== 'table:table-cell' && name !== 'table:covered-table-cell') continue;
    const text = paragraphsOf(childNodes(cell)).replace(/\n/g, ' ');
    if (text !== '') for (let i = repeat(cell, 'table:number-columns-repeated'); i > 0; i--) cells.push(text);
  }
  return cells.join(' | ');
}

/** Reads an OpenDocument spreadsheet: one segment per sheet with text. */
export const extractOds: ExtractFn = async (bytes) => {
  const segments: Segment[] = [];
  for (const table of findAll(await contentOf(bytes, 'OpenDocument spreadsheet'), 'table:table')) {
    const lines: string[] = [];
    for (const row of findAll(childNodes(table), 'table:table-row')) {
      const text = rowText(row);
      if (text !== '') for (let i = repeat(row, 'table:number-rows-repeated'); i > 0; i--) lines.push(text);
    }
    if (lines.length > 0)
      segments.push({ text: lines.join('\n'), markup: 'plain', heading: `Sheet: ${attribute(table, 'table:name') ?? '?'}` });
  }
  return extracted('ods', segments);
};

/** Reads an OpenDocument presentation: one segment per slide with text (its speaker notes left out). */
export const extractOdp: ExtractFn = async (bytes) => {
  const segments: Segment[] = [];
  for (const [index, page] of findAll(await contentOf(bytes, 'OpenDocument presentation'), 'draw:page').entries()) {
    const shapes = childNodes(page).filter((node) => nodeName(node) !== 'presentation:notes');
    const text = paragraphsOf(shapes);
    if (text === '') continue;
    const name = attribute(page, 'draw:name');
    // Generated names ("page1") say nothing; a name the author gave does.
    const titled = name && !/^page\d+$/i.test(name) ? `: ${name}` : '';
    segments.push({ text, markup: 'plain', heading: `Slide ${index + 1}${titled}` });
  }
  return extracted('odp', segments);
};
