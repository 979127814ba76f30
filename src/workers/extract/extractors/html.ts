/**
 * HTML: the charset the page declares (else detection), then text with Markdown headings; the
 * page title becomes the heading of everything in it.
 */
import { decodeText } from '../encoding';
import { htmlTitle, htmlToText } from '../html-text';
import { extracted, type ExtractFn } from '../segment';

/** The charset a page declares in its first bytes (<meta charset> or http-equiv), or null. */
export function declaredCharset(bytes: Uint8Array): string | null {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  const match = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  return match ? match[1]! : null;
}

/** Reads an HTML page. */
export const extractHtml: ExtractFn = async (bytes) => {
  const { text: html } = decodeText(bytes, declaredCharset(bytes));
  const title = htmlTitle(html);
  return extracted('html', [{ text: htmlToText(html), markup: 'markdown', ...(title ? { heading: title } : {}) }]);
};
