/**
 * The XML and text bodies of the generated corpus's OpenDocument, EPUB, mail and RTF files.
 */

const ODF_NS =
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" ' +
  'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" ' +
  'xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0"';

/** The parts of a minimal valid .odt with two headings and the sentence under the second. */
export function odtXml(sentence: string): Array<[string, string]> {
  return [
    ['mimetype', 'application/vnd.oasis.opendocument.text'],
    [
      'META-INF/manifest.xml',
      `<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>`,
    ],
    [
      'content.xml',
      `<?xml version="1.0" encoding="UTF-8"?><office:document-content ${ODF_NS} office:version="1.2"><office:body><office:text>` +
        `<text:h text:outline-level="1">Expedition</text:h><text:p>Morning notes with <text:span>tea &amp; maps</text:span>.</text:p>` +
        `<text:h text:outline-level="2">Evening</text:h><text:p>${sentence.replace(' composed', '<text:s/>composed')}</text:p>` +
        `</office:text></office:body></office:document-content>`,
    ],
  ];
}

/** The parts of a minimal valid EPUB 3 with two chapters; the sentence is in the second. */
export function epubParts(sentence: string): Array<[string, string]> {
  const chapter = (title: string, body: string): string =>
    `<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>${title}</title></head><body><h1>${title}</h1><p>${body}</p></body></html>`;
  return [
    ['mimetype', 'application/epub+zip'],
    [
      'META-INF/container.xml',
      `<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>`,
    ],
    [
      'OEBPS/content.opf',
      `<?xml version="1.0" encoding="UTF-8"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">urn:uuid:1</dc:identifier><dc:title>Island Tales</dc:title><dc:language>en</dc:language></metadata><manifest><item id="c1" href="text/one.xhtml" media-type="application/xhtml+xml"/><item id="c2" href="text/two.xhtml" media-type="application/xhtml+xml"/></manifest><spine><itemref idref="c1"/><itemref idref="c2"/></spine></package>`,
    ],
    ['OEBPS/text/one.xhtml', chapter('Arrival', 'The boat reached the island at dawn.')],
    ['OEBPS/text/two.xhtml', chapter('Eruption', sentence)],
  ];
}

/** An RFC 5322 message with a quoted-printable body (so the parser must decode it). */
export function emlMessage(subject: string, sentence: string): string {
  const qp = sentence.replace(/=/g, '=3D').replace(/ before /, ' before=\r\n ');
  return [
    'From: Dana Smith <dana@example.com>',
    'To: accounts@example.com',
    `Subject: ${subject}`,
    'Date: Mon, 06 Jan 2025 09:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    qp,
    '',
  ].join('\r\n');
}

/** An OpenDocument spreadsheet: a sheet with repeated blank rows and cells, as LibreOffice writes them. */
export function odsXml(sentence: string): Array<[string, string]> {
  const cell = (text: string): string => `<table:table-cell office:value-type="string"><text:p>${text}</text:p></table:table-cell>`;
  return [
    ['mimetype', 'application/vnd.oasis.opendocument.spreadsheet'],
    [
      'content.xml',
      `<?xml version="1.0" encoding="UTF-8"?><office:document-content ${ODF_NS} office:version="1.2"><office:body><office:spreadsheet>` +
        `<table:table table:name="Budget"><table:table-row>${cell('Item')}${cell('Note')}</table:table-row>` +
        `<table:table-row>${cell('Seeds')}<table:table-cell table:number-columns-repeated="3"/>${cell(sentence)}</table:table-row>` +
        `<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>` +
        `</table:table></office:spreadsheet></office:body></office:document-content>`,
    ],
  ];
}

/** An OpenDocument presentation: two slides, the second named, with speaker notes that are not indexed. */
export function odpXml(sentence: string): Array<[string, string]> {
  const frame = (text: string): string => `<draw:frame><draw:text-box><text:p>${text}</text:p></draw:text-box></draw:frame>`;
  return [
    ['mimetype', 'application/vnd.oasis.opendocument.presentation'],
    [
      'content.xml',
      `<?xml version="1.0" encoding="UTF-8"?><office:document-content ${ODF_NS} office:version="1.2"><office:body><office:presentation>` +
        `<draw:page draw:name="page1">${frame('Welcome')}</draw:page>` +
        `<draw:page draw:name="Results">${frame(sentence)}<presentation:notes>${frame('Speaker notes, never indexed.')}</presentation:notes></draw:page>` +
        `</office:presentation></office:body></office:document-content>`,
    ],
  ];
}

/** A multipart message with a plain body and base64 attachments (as mail programs send files). */
export function emlWithAttachments(
  subject: string,
  body: string,
  attachments: Array<{ name: string; type: string; bytes: Uint8Array }>,
): string {
  const boundary = 'semantik-boundary-42';
  const parts = attachments.map((file) =>
    [
      `--${boundary}`,
      `Content-Type: ${file.type}; name="${file.name}"`,
      `Content-Disposition: attachment; filename="${file.name}"`,
      'Content-Transfer-Encoding: base64',
      '',
      (
        Buffer.from(file.bytes)
          .toString('base64')
          .match(/.{1,76}/g) ?? []
      ).join('\r\n'),
    ].join('\r\n'),
  );
  return [
    'From: Dana Smith <dana@example.com>',
    'To: board@example.com',
    `Subject: ${subject}`,
    'Date: Tue, 07 Jan 2025 10:00:00 +0000',
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
    ...parts,
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

/** An RTF document as Word writes one: font and colour tables, \uN escapes with fallbacks, \'hh bytes. */
export function rtfDocument(sentence: string): string {
  const escaped = sentence.replace('é', "\\'e9");
  return (
    '{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fswiss Helvetica;}}{\\colortbl;\\red255\\green0\\blue0;}' +
    '{\\*\\generator Semantik test;}{\\info{\\title Hidden metadata title}}\n' +
    `\\pard\\plain\\f0\\fs24 Mission log \\u8364\\'3f 42 and \\u1087\\'3f\\u1088\\'3f.\\par\n{\\b ${escaped}}\\par\n}`
  );
}
