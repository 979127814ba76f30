/**
 * A corpus of real documents of every format the app reads, generated at test time with the
 * libraries that write those formats (pdf-lib, docx, pptxgenjs, exceljs; jszip for ODT and EPUB),
 * each holding a distinctive sentence, plus damaged and unsupported files with the reason each
 * should be given.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document, HeadingLevel, Packer, Paragraph } from 'docx';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import JSZip from 'jszip';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import PptxGenJS from 'pptxgenjs';
import { odtXml, odsXml, odpXml, epubParts, emlMessage, emlWithAttachments, rtfDocument } from './format-corpus-text';

/** A good file: the sentence a search must find it by, and where in the file it is. */
export interface GoodFile {
  name: string;
  format: string;
  sentence: string;
  page?: number;
  heading?: RegExp;
}

/** A bad file and the reason it must be listed with. */
export interface BadFile {
  name: string;
  reason: RegExp;
  state: 'failed' | 'unsupported';
}

export interface FormatCorpus {
  root: string;
  good: GoodFile[];
  bad: BadFile[];
}

/** The sentences, one per file, of words no other file uses. */
export const SENTENCES = {
  pdf: 'The copper lighthouse keeper counted seventeen albatrosses at midnight.',
  docx: 'A violet submarine delivered warm croissants to the harbour.',
  pptx: 'Forty marble elephants rehearsed the quarterly tango routine.',
  xlsx: 'Emerald tractors harvested the frozen pineapple orchard.',
  csv: 'Nine silver kangaroos audited the bakery ledger.',
  odt: 'The patient glacier composed a sonnet about walnuts.',
  html: 'A clockwork heron translated the library catalogue overnight.',
  epub: 'The sleepy volcano borrowed an umbrella from the ferryman.',
  eml: 'Please forward the turquoise giraffe invoice before Thursday.',
  mbox: 'The saxophone committee approved the cinnamon budget.',
  attachment: 'The treasurer proposed a lighthouse for the walnut cooperative.',
  ods: 'Seven amber beehives funded the municipal orchestra.',
  odp: 'The velvet ferry doubled its morning timetable.',
  rtf: 'Our caramel astronaut misplaced the café blueprint.',
  text: 'The ancient tortoise memorised every railway timetable.',
  utf16: 'A bashful octopus painted the observatory dome.',
  latin1: 'The naïve crêpe vendor sold forty éclairs.',
  markdown: 'The midnight gardener pruned the quantum hedges.',
  code: 'The orange compiler whispers prime numbers to the moon.',
  shebang: 'The lazy pelican rebuilds the cathedral index nightly.',
} as const;

async function pdfBytes(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const pages = ['Annual harbour survey, first page of three.', SENTENCES.pdf, 'Closing remarks on the third page.'];
  for (const text of pages) {
    const page = doc.addPage();
    page.drawText(text, { x: 50, y: 700, size: 12, font });
    page.drawText('Filler line about tides and weather.', { x: 50, y: 680, size: 12, font });
  }
  return doc.save();
}

async function docxBytes(): Promise<Buffer> {
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({ text: 'Fleet Report', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ text: 'Deliveries', heading: HeadingLevel.HEADING_2 }),
          new Paragraph(SENTENCES.docx),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

async function pptxBytes(): Promise<Uint8Array> {
  const pptx = new PptxGenJS();
  pptx.addSlide().addText('Opening slide about the circus', { x: 1, y: 1, w: 8, h: 1 });
  const second = pptx.addSlide();
  second.addText('Rehearsals', { x: 1, y: 0.5, w: 8, h: 1 });
  second.addText(SENTENCES.pptx, { x: 1, y: 2, w: 8, h: 1 });
  second.addNotes('Speaker notes mention the velvet curtain.');
  return (await pptx.write({ outputType: 'uint8array' })) as Uint8Array;
}

async function xlsxBytes(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Farm Log');
  sheet.addRow(['Date', 'Note', 'Amount']);
  sheet.addRow(['2025-01-03', 'Seeds bought', 12]);
  sheet.addRow(['2025-02-11', SENTENCES.xlsx, 40]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function zipOf(files: Array<[string, string]>): Promise<Buffer> {
  const zip = new JSZip();
  // OpenDocument and EPUB require the uncompressed mimetype entry first.
  for (const [path, content] of files) zip.file(path, content, path === 'mimetype' ? { compression: 'STORE' } : {});
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** HTML that makes html-to-text's blockquote formatting quadratic: minutes of work, not seconds. */
export function nestedQuotesHtml(depth = 2500, lines = 4): string {
  const level = `<blockquote>${'line of quoted reply text here<br>'.repeat(lines)}`;
  return `<html><body>${level.repeat(depth)}${'</blockquote>'.repeat(depth)}</body></html>`;
}

/** Writes the corpus under `root`. */
export async function makeFormatCorpus(root: string): Promise<FormatCorpus> {
  mkdirSync(join(root, 'docs', 'mail'), { recursive: true });
  mkdirSync(join(root, 'damaged'), { recursive: true });
  const write = (name: string, data: string | Uint8Array): void => writeFileSync(join(root, name), data);
  const pdf = await pdfBytes();
  write('docs/survey.pdf', pdf);
  write('docs/fleet.docx', await docxBytes());
  write('docs/circus.pptx', await pptxBytes());
  write('docs/farm.xlsx', await xlsxBytes());
  write('docs/ledger.csv', `Animal,Task,Count\nkangaroo,"${SENTENCES.csv}",9\nwombat,sleeping,2\n`);
  write('docs/glacier.odt', await zipOf(odtXml(SENTENCES.odt)));
  write('docs/beehives.ods', await zipOf(odsXml(SENTENCES.ods)));
  write('docs/ferry.odp', await zipOf(odpXml(SENTENCES.odp)));
  write(
    'docs/heron.html',
    `<!doctype html><html><head><meta charset="utf-8"><title>Heron &amp; Co</title></head><body><h1>Workshop</h1><h2>Night shift</h2><p>${SENTENCES.html}</p><script>var hidden = "never indexed";</script></body></html>`,
  );
  write('docs/volcano.epub', await zipOf(epubParts(SENTENCES.epub)));
  write('docs/mail/invoice.eml', emlMessage('Giraffe invoice', SENTENCES.eml));
  write(
    'docs/mail/archive.mbox',
    `From alice@example.com Mon Jan  6 09:00:00 2025\n${emlMessage('Welcome', 'Hello and welcome aboard.')}\n\nFrom bob@example.com Tue Jan  7 10:00:00 2025\n${emlMessage('Budget vote', SENTENCES.mbox)}\n`,
  );
  // Attachments: one readable (an OpenDocument text), one damaged (half a PDF), one not a document.
  write(
    'docs/mail/minutes.eml',
    emlWithAttachments('Board minutes', 'The minutes are attached; the scan did not come out well.', [
      { name: 'minutes.odt', type: 'application/vnd.oasis.opendocument.text', bytes: await zipOf(odtXml(SENTENCES.attachment)) },
      { name: 'scan.pdf', type: 'application/pdf', bytes: pdf.subarray(0, Math.floor(pdf.length / 2)) },
      { name: 'photo.png', type: 'image/png', bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
    ]),
  );
  write('docs/astronaut.rtf', rtfDocument(SENTENCES.rtf));
  write('docs/tortoise.txt', `Notes from the zoo.\n\n${SENTENCES.text}\n`);
  write(
    'docs/octopus-utf16.txt',
    Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`Museum log.\n\n${SENTENCES.utf16}\n`, 'utf16le')]),
  );
  write('docs/crepes-latin1.txt', iconv.encode(`Market day in the old town, with many stalls.\n\n${SENTENCES.latin1}\n`, 'windows-1252'));
  write('docs/garden.md', `# Garden Guide\n\n## Night Work\n\n${SENTENCES.markdown}\n\n\`\`\`sh\n# not a heading\nprune --all\n\`\`\`\n`);
  write(
    'docs/primes.py',
    `"""Prime helpers."""\n\n# ${SENTENCES.code}\ndef is_prime(n):\n    return n > 1 and all(n % d for d in range(2, n))\n`,
  );
  write('docs/rebuild-index', `#!/usr/bin/env bash\n# ${SENTENCES.shebang}\nset -e\necho rebuilding\n`);

  write('damaged/truncated.pdf', pdf.subarray(0, Math.floor(pdf.length / 2)));
  write('damaged/not-word.docx', await zipOf([['readme.txt', 'just a zip archive, renamed']]));
  write('damaged/corrupt.xlsx', Buffer.from('PK\u0003\u0004 this is not really a workbook at all'));
  write(
    'damaged/broken-utf8.txt',
    Buffer.concat([Buffer.from('Café naïve résumé — then damage: '), Buffer.from([0xc3, 0x28, 0xff, 0x80]), Buffer.from('\n')]),
  );
  write('damaged/empty.txt', '');
  write('damaged/nested-quotes.html', nestedQuotesHtml());
  write('damaged/photo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
  write('damaged/mystery.dat', Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37) % 256)));

  const good: GoodFile[] = [
    { name: 'docs/survey.pdf', format: 'pdf', sentence: SENTENCES.pdf, page: 2 },
    { name: 'docs/fleet.docx', format: 'docx', sentence: SENTENCES.docx, heading: /Fleet Report > Deliveries/ },
    { name: 'docs/circus.pptx', format: 'pptx', sentence: SENTENCES.pptx, heading: /^Slide 2/ },
    { name: 'docs/farm.xlsx', format: 'xlsx', sentence: SENTENCES.xlsx, heading: /Sheet: Farm Log/ },
    { name: 'docs/ledger.csv', format: 'csv', sentence: SENTENCES.csv },
    { name: 'docs/glacier.odt', format: 'odt', sentence: SENTENCES.odt, heading: /Expedition > Evening/ },
    { name: 'docs/beehives.ods', format: 'ods', sentence: SENTENCES.ods, heading: /^Sheet: Budget/ },
    { name: 'docs/ferry.odp', format: 'odp', sentence: SENTENCES.odp, heading: /^Slide 2: Results/ },
    { name: 'docs/heron.html', format: 'html', sentence: SENTENCES.html, heading: /Heron & Co > Workshop > Night shift/ },
    { name: 'docs/volcano.epub', format: 'epub', sentence: SENTENCES.epub },
    { name: 'docs/mail/invoice.eml', format: 'eml', sentence: SENTENCES.eml, heading: /Giraffe invoice/ },
    { name: 'docs/mail/archive.mbox', format: 'mbox', sentence: SENTENCES.mbox, heading: /Budget vote/ },
    { name: 'docs/mail/minutes.eml', format: 'eml', sentence: SENTENCES.attachment, heading: /^Board minutes > minutes\.odt/ },
    { name: 'docs/astronaut.rtf', format: 'rtf', sentence: SENTENCES.rtf },
    { name: 'docs/tortoise.txt', format: 'text', sentence: SENTENCES.text },
    { name: 'docs/octopus-utf16.txt', format: 'text', sentence: SENTENCES.utf16 },
    { name: 'docs/crepes-latin1.txt', format: 'text', sentence: SENTENCES.latin1 },
    { name: 'docs/garden.md', format: 'markdown', sentence: SENTENCES.markdown, heading: /Garden Guide > Night Work/ },
    { name: 'docs/primes.py', format: 'code', sentence: SENTENCES.code },
    { name: 'docs/rebuild-index', format: 'code', sentence: SENTENCES.shebang },
  ];
  const bad: BadFile[] = [
    { name: 'damaged/truncated.pdf', reason: /PDF/, state: 'failed' },
    { name: 'damaged/not-word.docx', reason: /not a valid Word document/, state: 'failed' },
    { name: 'damaged/corrupt.xlsx', reason: /not a valid Excel workbook/, state: 'failed' },
    { name: 'damaged/broken-utf8.txt', reason: /invalid UTF-8/, state: 'failed' },
    { name: 'damaged/empty.txt', reason: /empty file/, state: 'failed' },
    { name: 'damaged/nested-quotes.html', reason: /timed out after/, state: 'failed' },
    { name: 'damaged/photo.png', reason: /image/, state: 'unsupported' },
    { name: 'damaged/mystery.dat', reason: /binary/, state: 'unsupported' },
  ];
  return { root, good, bad };
}
