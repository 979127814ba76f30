/**
 * The parts of an Office Open XML, OpenDocument or EPUB file: a ZIP (read under the archive
 * limits, archive/zip-archive.ts) of XML documents (fast-xml-parser, in order-preserving mode so
 * that paragraphs keep their order).
 */
import { XMLParser } from 'fast-xml-parser';
import { ZipArchive } from './archive/zip-archive';

/** One XML element (or a text node: `{ '#text': ... }`) as fast-xml-parser's preserveOrder gives it. */
export type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  // Text stays text: "007" must not become 7.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  // Real documents nest lists and tables deeper than the default 100.
  maxNestedTags: 2000,
});

/**
 * Opens a ZIP container under the archive limits; a file that is not one fails with a reason that
 * says what was expected, one that would inflate too far with the limit it breaks.
 */
export function openZip(bytes: Uint8Array, what: string): ZipArchive {
  return ZipArchive.open(bytes, what);
}

/** A part of the container as text, or null when it is missing. */
export function readPart(zip: ZipArchive, path: string): string | null {
  return zip.textOf(path);
}

/** Parses XML into ordered nodes. */
export function parseXml(xml: string): XmlNode[] {
  return parser.parse(xml) as XmlNode[];
}

/** The element name of a node ('#text' for text). */
export function nodeName(node: XmlNode): string {
  for (const key of Object.keys(node)) if (key !== ':@') return key;
  return '';
}

/** The child nodes of an element ([] for text). */
export function childNodes(node: XmlNode): XmlNode[] {
  const value = node[nodeName(node)];
  return Array.isArray(value) ? (value as XmlNode[]) : [];
}

/** An attribute of an element. */
export function attribute(node: XmlNode, name: string): string | undefined {
  const attrs = node[':@'] as Record<string, unknown> | undefined;
  const value = attrs?.[name];
  return value === undefined ? undefined : String(value);
}

/** The text content of a text node, or ''. */
export function textValue(node: XmlNode): string {
  const value = node['#text'];
  return value === undefined ? '' : String(value);
}

/** Every element named `name` under `nodes`, depth first, in document order. */
export function findAll(nodes: readonly XmlNode[], name: string, found: XmlNode[] = []): XmlNode[] {
  for (const node of nodes) {
    if (nodeName(node) === name) found.push(node);
    else findAll(childNodes(node), name, found);
  }
  return found;
}

/**
 * Concatenated text under `nodes`; `inline` maps element names to the text they stand for (a tab,
 * a line break), and elements named in `skip` are left out with their content.
 */
export function innerText(nodes: readonly XmlNode[], inline: Record<string, string> = {}, skip: ReadonlySet<string> = new Set()): string {
  let text = '';
  for (const node of nodes) {
    const name = nodeName(node);
    if (name === '#text') text += textValue(node);
    else if (skip.has(name)) continue;
    else if (name in inline) text += inline[name];
    else text += innerText(childNodes(node), inline, skip);
  }
  return text;
}
