/**
 * Mail: .eml messages and .mbox mailboxes through postal-mime (a maintained MIME parser: charsets,
 * encoded words, quoted-printable and base64 bodies). An mbox is split on its "From " separator
 * lines; each message is one segment headed by its subject. Attachments are named, not read.
 */
import PostalMime, { type Address } from 'postal-mime';
import { SemantikError } from '../../../shared/errors';
import { htmlToText } from '../html-text';
import { extracted, type ExtractFn, type Segment } from '../segment';

function formatAddress(address: Address): string {
  if ('group' in address && address.group) return `${address.name}: ${address.group.map(formatAddress).join(', ')}`;
  return address.name ? `${address.name} <${address.address ?? ''}>` : (address.address ?? '');
}

/** One message as text: the headers people search by, then the body. */
async function messageSegment(raw: Uint8Array, fallbackHeading: string): Promise<Segment> {
  const email = await PostalMime.parse(raw);
  if (email.headers.length === 0) throw new SemantikError('BAD_INPUT', 'not an email message: it has no mail headers');
  const lines = [
    email.from ? `From: ${formatAddress(email.from)}` : '',
    email.to?.length ? `To: ${email.to.map(formatAddress).join(', ')}` : '',
    email.cc?.length ? `Cc: ${email.cc.map(formatAddress).join(', ')}` : '',
    email.date ? `Date: ${email.date}` : '',
    email.subject ? `Subject: ${email.subject}` : '',
  ].filter(Boolean);
  const body = email.text ?? (email.html ? htmlToText(email.html) : '');
  const attachments = email.attachments.map((file) => file.filename).filter((name): name is string => Boolean(name));
  const text = [lines.join('\n'), body, attachments.length > 0 ? `Attachments: ${attachments.join(', ')}` : '']
    .filter(Boolean)
    .join('\n\n');
  return { text, markup: 'plain', heading: email.subject?.trim() || fallbackHeading };
}

/** Reads one message. */
export const extractEml: ExtractFn = async (bytes) => extracted('eml', [await messageSegment(bytes, 'Message')]);

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

/** Reads a mailbox: one segment per message. */
export const extractMbox: ExtractFn = async (bytes) => {
  const messages = splitMbox(bytes);
  if (messages.length === 0) throw new SemantikError('BAD_INPUT', 'not a valid mbox mailbox: no "From " separator line');
  const segments: Segment[] = [];
  for (const [index, raw] of messages.entries()) segments.push(await messageSegment(raw, `Message ${index + 1}`));
  return extracted('mbox', segments);
};
