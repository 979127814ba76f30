/**
 * Small PDFs written in the test with pdf-lib, for text that lives in odd places: a text layer
 * whose font maps glyphs to control characters (as broken embedded fonts do), a filled-in form
 * field with no text layer, and comments (free-text box and sticky note) with no text layer.
 */
import { beginText, endText, moveText, PDFDocument, PDFHexString, PDFString, setFontAndSize, showText, StandardFonts } from 'pdf-lib';

/**
 * A ToUnicode map that reads codes 0x20 to 0x7E as ASCII, except `!"#$%&` which it maps to
 * U+0002, U+001F, U+0085, U+FFFD, U+007F and U+000B: what pdf.js then reports as the page's text.
 */
const BROKEN_TO_UNICODE = `/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CMapName /Broken def
/CMapType 2 def
1 begincodespacerange
<00> <FF>
endcodespacerange
1 beginbfrange
<20> <7E> <0020>
endbfrange
6 beginbfchar
<21> <0002>
<22> <001F>
<23> <0085>
<24> <FFFD>
<25> <007F>
<26> <000B>
endbfchar
endcmap
CMapName currentdict /CMap defineresource pop
end
end`;

/**
 * One page showing `text` in a font whose map turns `!"#$%&` into control characters and U+FFFD:
 * "Walrus!" reads as "Walrus\u0002".
 */
export async function pdfWithControlCharacters(text: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const toUnicode = doc.context.register(doc.context.stream(BROKEN_TO_UNICODE));
  const font = doc.context.register(doc.context.obj({ Type: 'Font', Subtype: 'Type1', BaseFont: 'Helvetica', ToUnicode: toUnicode }));
  const page = doc.addPage();
  const name = page.node.newFontDictionary('F1', font);
  const hex = Buffer.from(text, 'latin1').toString('hex');
  page.pushOperators(beginText(), setFontAndSize(name, 12), moveText(50, 700), showText(PDFHexString.of(hex)), endText());
  return doc.save();
}

/** `pages` pages, the last with a text field filled in with `value`; no page has a text layer. */
export async function pdfWithFormField(value: string, pages = 1): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < pages; i++) doc.addPage();
  const field = doc.getForm().createTextField('applicant.remarks');
  field.setText(value);
  field.addToPage(doc.getPage(pages - 1), { x: 50, y: 600, width: 400, height: 30, font: await doc.embedFont(StandardFonts.Helvetica) });
  return doc.save();
}

/** One page with a free-text box saying `freeText` and a sticky note saying `note`; no text layer. */
export async function pdfWithAnnotations(freeText: string, note: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage();
  const box = doc.context.obj({
    Type: 'Annot',
    Subtype: 'FreeText',
    Rect: [50, 500, 450, 540],
    Contents: PDFString.of(freeText),
    DA: PDFString.of('/Helv 12 Tf 0 g'),
  });
  const sticky = doc.context.obj({ Type: 'Annot', Subtype: 'Text', Rect: [50, 400, 70, 420], Contents: PDFString.of(note) });
  page.node.addAnnot(doc.context.register(box));
  page.node.addAnnot(doc.context.register(sticky));
  return doc.save();
}
