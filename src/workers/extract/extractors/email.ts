/**
 * Mail: .eml messages and .mbox mailboxes through postal-mime (a maintained MIME parser: charsets,
 * encoded words, quoted-printable and base64 bodies). An mbox is split on its "From " separator
 * lines; each message is one segment headed by its subject. Attachments in a format the app reads
 * (by their file name: a PDF, a spreadsheet, a text file…) are read too, each a segment headed
 * "subject > attachment name"; one that cannot be read is named with why, and the message is kept.
 */
import PostalMime, { type Address, type Attachment } from 'postal-mime';
import { SemantikError } from '../../../shared/errors';
import { htmlToText } from '../html-text';
import { extracted, type AttachmentReader, type ExtractFn, type Segment } from '../segment';

function formatAddress(address: Address): string {
  if ('group' in address && address.group) return `${address.name}: ${address.group.map(formatAddress).join(', ')}`;
  return address.name ? `${address.name} <${address.address ?? ''}>` : (address.address ?? '');
}

/** One message as text: the headers people search by, then the body; then its attachments. */
async function messageSegments(raw: Uint8Array, fallbackHeading: string, readAttachment: AttachmentReader): Promise<Segment[]> {
  const email = await PostalMime.parse(raw);
  if (email.headers.length === 0) throw new SemantikError('BAD_INPUT', 'not an email message: it has no mail headers');
  const lines = [
    email.from ? `From: ${formatAddress(email.from)}` : '',
    email.to?.length ? `To: ${email.to.map(formatAddress).join(', ')}` : '',
    email.cc?.length ? `Cc: ${email.cc.map(formatAddress).join(', ')}` : '',
    email.date ? `Date: ${email.date}` : '',
    email.subject ? `Subject: ${email.subject}` : '',
  ].filter(Boolean);
  const heading = email.subject?.trim() || fallbackHeading;
  const body = email.text ?? (email.html ? htmlToText(email.html) : '');
  const attached = await attachmentSegments(email.attachments, heading, readAttachment);
  const names = email.attachments.map((file) => file.filename).filter((name): name is string => Boolean(name));
  const described = names.map((name) => (attached.notRead.has(name) ? `${name} (${attached.notRead.get(name)})` : name));
  const text = [lines.join('\n'), body, names.length > 0 ? `Attachments: ${described.join(', ')}` : ''].filter(Boolean).join('\n\n');
  return [{ text, markup: 'plain', heading }, ...attached.segments];
}

/**
 * The readable attachments' segments, headed "message > file name" (and the attachment's own place:
 * a page, a sheet). Page numbers and lines belong to the attachment, not the mail file, so they go
 * into the heading rather than onto the chunks. Parts without a name (signatures, images in the
 * body) and attached mail are left out: the message is what is indexed.
 */
async function attachmentSegments(
  attachments: readonly Attachment[],
  heading: string,
  readAttachment: AttachmentReader,
): Promise<{ segments: Segment[]; notRead: Map<string, string> }> {
  const segments: Segment[] = [];
  const notRead = new Map<string, string>();
  for (const file of attachments) {
    const name = file.filename;
    if (!name || /\.(eml|mbox|mbx)$/i.test(name)) continue;
    const bytes = typeof file.content === 'string' ? new TextEncoder().encode(file.content) : new Uint8Array(file.content);
    const read = await readAttachment(bytes, name);
    if (!Array.isArray(read)) {
      notRead.set(name, read.notRead);
      continue;
    }
    for (const segment of read) {
      const place = [segment.page !== undefined ? `page ${segment.page}` : '', segment.heading ?? ''].filter(Boolean).join(' > ');
      segments.push({ text: segment.text, markup: segment.markup, heading: `${heading} > ${name}${place ? ` > ${place}` : ''}` });
    }
  }
  return { segments, notRead };
}

/** The .eml and .mbox readers, reading attachments with `readAttachment`. */
export function emailExtractors(readAttachment: AttachmentReader): { eml: ExtractFn; mbox: ExtractFn } {
  return {
    eml: async (bytes) => extracted('eml', await messageSegments(bytes, 'Message', readAttachment)),
    mbox: async (bytes) => {
      const messages = splitMbox(bytes);
      if (messages.length === 0) throw new SemantikError('BAD_INPUT', 'not a valid mbox mailbox: no "From " separator line');
      const segments: Segment[] = [];
      for (const [index, raw] of messages.entries()) segments.push(...(await messageSegments(raw, `Message ${index + 1}`, readAttachment)));
      return extracted('mbox', segments);
    },
  };
}

/**
 * Splits an mbox into its messages' bytes. A message starts after a separator line: "From ", the
 * sender, then a date with a time ("From jo@x.org Mon Jan  6 09:00:00 2025"). Requiring the time
 * keeps a body line such as "From me, hello" (unquoted by careless writers) inside its message.
 */
export function splitMbox(bytes: Uint8Array): Uint8Array[] {
  // latin1 maps each byte to one character, so offsets in the string are offsets in the bytes.
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const separators = [...text.matchAll(/^From \S+[^\n]*\d{1,2}:\d{2}[^\n]*\n/gm)];
  return separators.map((match, i) => {
    const next = separators[i + 1];
    return bytes.subarray(match.index + match[0].length, next === undefined ? bytes.length : next.index);
  });
}
