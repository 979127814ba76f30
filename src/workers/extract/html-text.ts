/**
 * HTML to text through html-to-text (the maintained HTML-to-plain-text converter, on htmlparser2),
 * with headings written as Markdown (`## Title`) so that the chunker keeps the heading path.
 * Shared by the HTML, DOCX (mammoth gives HTML) and EPUB (XHTML chapters) extractors.
 */
import { convert, type FormatCallback, type HtmlToTextOptions } from 'html-to-text';

function markdownHeading(level: number): FormatCallback {
  return (elem, walk, builder) => {
    builder.openBlock({ leadingLineBreaks: 2 });
    builder.addInline(`${'#'.repeat(level)} `);
    walk(elem.children ?? [], builder);
    builder.closeBlock({ trailingLineBreaks: 2 });
  };
}

const LEVELS = [1, 2, 3, 4, 5, 6] as const;

const OPTIONS: HtmlToTextOptions = {
  // Long lines stay whole: the chunker, not the converter, decides where text is cut.
  wordwrap: false,
  formatters: Object.fromEntries(LEVELS.map((level) => [`mdHeading${level}`, markdownHeading(level)])),
  selectors: [
    ...LEVELS.map((level) => ({ selector: `h${level}`, format: `mdHeading${level}` })),
    // Link targets and images say nothing a person would search for.
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'script', format: 'skip' },
    { selector: 'style', format: 'skip' },
    { selector: 'nav', format: 'skip' },
  ],
};

/** The text of an HTML document or fragment, headings as Markdown. */
export function htmlToText(html: string): string {
  return convert(html, OPTIONS);
}

/** The document's <title>, as text, or undefined. */
export function htmlTitle(html: string): string | undefined {
  const match = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html.slice(0, 64 * 1024));
  const title = match ? convert(match[1]!, { wordwrap: false }).trim() : '';
  return title === '' ? undefined : title;
}
