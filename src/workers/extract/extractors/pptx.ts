/**
 * PowerPoint (.pptx): jszip + fast-xml-parser over the slide XML. One segment per slide, in
 * presentation order, headed "Slide N: title", with the speaker notes after the slide's text.
 */
import { posix } from 'node:path';
import type { ZipArchive } from '../archive/zip-archive';
import { SemantikError } from '../../../shared/errors';
import { extracted, type ExtractFn, type Segment } from '../segment';
import { attribute, childNodes, findAll, innerText, nodeName, openZip, parseXml, readPart, type XmlNode } from '../zip-xml';

const INLINE = { 'a:br': '\n', 'a:tab': '\t' };

/** Paragraph texts of a shape tree; a blank line after each shape or table, so each is a paragraph. */
function slideLines(nodes: readonly XmlNode[], lines: string[], skipPlaceholders: ReadonlySet<string>): void {
  for (const node of nodes) {
    const name = nodeName(node);
    if (name === 'a:p') {
      lines.push(innerText(childNodes(node), INLINE));
      continue;
    }
    if (name === 'p:sp' && skipPlaceholders.has(placeholderType(node) ?? '')) continue;
    slideLines(childNodes(node), lines, skipPlaceholders);
    if (name === 'p:sp' || name === 'p:graphicFrame') lines.push('');
  }
}

function placeholderType(shape: XmlNode): string | undefined {
  const placeholder = findAll(childNodes(shape), 'p:ph')[0];
  return placeholder ? (attribute(placeholder, 'type') ?? 'body') : undefined;
}

function slideTitle(root: readonly XmlNode[]): string | undefined {
  const shape = findAll(root, 'p:sp').find((sp) => ['title', 'ctrTitle'].includes(placeholderType(sp) ?? ''));
  const title = shape ? innerText(findAll(childNodes(shape), 'a:t')).trim() : '';
  return title === '' ? undefined : title;
}

/** Relationship id to target path (resolved against `base`) of a .rels part. */
async function relationships(zip: ZipArchive, relsPath: string, base: string): Promise<Map<string, { target: string; type: string }>> {
  const xml = readPart(zip, relsPath);
  const map = new Map<string, { target: string; type: string }>();
  if (!xml) return map;
  for (const rel of findAll(parseXml(xml), 'Relationship')) {
    const id = attribute(rel, 'Id');
    const target = attribute(rel, 'Target');
    if (id && target) map.set(id, { target: posix.normalize(posix.join(base, target)), type: attribute(rel, 'Type') ?? '' });
  }
  return map;
}

/** Slide paths in presentation order (sldIdLst), falling back to slide numbers. */
async function slidePaths(zip: ZipArchive): Promise<string[]> {
  const presentation = readPart(zip, 'ppt/presentation.xml');
  if (presentation === null) throw new SemantikError('BAD_INPUT', 'not a valid PowerPoint file: the ZIP has no ppt/presentation.xml');
  const rels = await relationships(zip, 'ppt/_rels/presentation.xml.rels', 'ppt');
  const ordered = findAll(parseXml(presentation), 'p:sldId')
    .map((slide) => rels.get(attribute(slide, 'r:id') ?? '')?.target)
    .filter((path): path is string => path !== undefined && zip.has(path));
  if (ordered.length > 0) return ordered;
  const number = (path: string): number => Number(/(\d+)\.xml$/.exec(path)?.[1] ?? 0);
  return zip
    .names()
    .filter((name) => /^ppt\/slides\/slide\d+\.xml$/.test(name))
    .sort((a, b) => number(a) - number(b));
}

/** Reads a presentation. */
export const extractPptx: ExtractFn = async (bytes) => {
  const zip = openZip(bytes, 'PowerPoint file');
  const segments: Segment[] = [];
  for (const [index, path] of (await slidePaths(zip)).entries()) {
    // slidePaths returns only paths that exist in the ZIP.
    const root = parseXml(readPart(zip, path)!);
    const lines: string[] = [];
    slideLines(root, lines, new Set());
    const rels = await relationships(zip, posix.join(posix.dirname(path), '_rels', `${posix.basename(path)}.rels`), posix.dirname(path));
    const notes = [...rels.values()].find((rel) => rel.type.endsWith('/notesSlide'));
    const notesXml = notes ? readPart(zip, notes.target) : null;
    if (notesXml) {
      const noteLines: string[] = [];
      // The notes page repeats the slide image and its number: keep only what the speaker wrote.
      slideLines(parseXml(notesXml), noteLines, new Set(['sldNum', 'sldImg', 'hdr', 'ftr', 'dt']));
      if (noteLines.some((line) => line.trim() !== '')) lines.push('Notes:', ...noteLines);
    }
    const title = slideTitle(root);
    segments.push({ text: lines.join('\n'), markup: 'plain', heading: `Slide ${index + 1}${title ? `: ${title}` : ''}` });
  }
  return extracted('pptx', segments);
};
