/**
 * OpenDocument text (.odt): jszip + fast-xml-parser over content.xml. Headings (text:h with their
 * outline level) become Markdown headings, so chunks keep the heading path; paragraphs, list items
 * and table cells become paragraphs.
 */
import { SemantikError } from '../../../shared/errors';
import { extracted, type ExtractFn } from '../segment';
import { attribute, childNodes, innerText, nodeName, openZip, parseXml, readPart, type XmlNode } from '../zip-xml';

const INLINE = { 'text:tab': '\t', 'text:line-break': '\n', 'text:s': ' ' };
/** Tracked deletions and annotations are not the document's text. */
const SKIP = new Set(['text:tracked-changes', 'office:annotation', 'text:note-citation']);

function collect(nodes: readonly XmlNode[], paragraphs: string[]): void {
  for (const node of nodes) {
    const name = nodeName(node);
    if (SKIP.has(name)) continue;
    if (name === 'text:h' || name === 'text:p') {
      // ODF collapses white space in paragraphs, as HTML does.
      const text = innerText(childNodes(node), INLINE, SKIP)
        .replace(/[ \t\r\n]+/g, ' ')
        .trim();
      if (text === '') continue;
      const level = Math.min(6, Math.max(1, Number(attribute(node, 'text:outline-level') ?? 1) || 1));
      paragraphs.push(name === 'text:h' ? `${'#'.repeat(level)} ${text}` : text);
      continue;
    }
    collect(childNodes(node), paragraphs);
  }
}

/** Reads an OpenDocument text file. */
export const extractOdt: ExtractFn = async (bytes) => {
  const zip = openZip(bytes, 'OpenDocument text file');
  const content = readPart(zip, 'content.xml');
  if (content === null) throw new SemantikError('BAD_INPUT', 'not a valid OpenDocument text file: the ZIP has no content.xml');
  const paragraphs: string[] = [];
  collect(parseXml(content), paragraphs);
  return extracted('odt', [{ text: paragraphs.join('\n\n'), markup: 'markdown' }]);
};
