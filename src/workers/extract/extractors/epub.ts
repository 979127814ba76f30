/**
 * EPUB: jszip + fast-xml-parser to follow container.xml to the package (OPF) and its spine, then
 * each XHTML chapter through html-to-text. One segment per chapter, under the book's title.
 */
import { posix } from 'node:path';
import { SemantikError } from '../../../shared/errors';
import { htmlToText } from '../html-text';
import { extracted, type ExtractFn, type Segment } from '../segment';
import { attribute, findAll, innerText, openZip, parseXml, readPart } from '../zip-xml';

const NOT_EPUB = 'not a valid EPUB book';

/** Reads a book. */
export const extractEpub: ExtractFn = async (bytes) => {
  const zip = openZip(bytes, 'EPUB book');
  const container = readPart(zip, 'META-INF/container.xml');
  if (container === null) throw new SemantikError('BAD_INPUT', `${NOT_EPUB}: the ZIP has no META-INF/container.xml`);
  const opfPath = attribute(findAll(parseXml(container), 'rootfile')[0] ?? {}, 'full-path');
  const opf = opfPath ? readPart(zip, opfPath) : null;
  if (!opfPath || opf === null) throw new SemantikError('BAD_INPUT', `${NOT_EPUB}: its package document is missing`);
  const root = parseXml(opf);
  const base = posix.dirname(opfPath);
  const title = innerText(findAll(root, 'dc:title')).trim() || undefined;
  const manifest = new Map<string, string>();
  for (const item of findAll(root, 'item')) {
    const id = attribute(item, 'id');
    const href = attribute(item, 'href');
    if (id && href) manifest.set(id, posix.normalize(posix.join(base, decodeURIComponent(href))));
  }
  const segments: Segment[] = [];
  for (const ref of findAll(root, 'itemref')) {
    const path = manifest.get(attribute(ref, 'idref') ?? '');
    const chapter = path ? readPart(zip, path) : null;
    if (chapter === null) continue;
    segments.push({ text: htmlToText(chapter), markup: 'markdown', ...(title ? { heading: title } : {}) });
  }
  return extracted('epub', segments);
};
