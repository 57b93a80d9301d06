import { randomUUID } from 'node:crypto';
import addressparser from 'nodemailer/lib/addressparser';
import * as mimeFuncs from 'nodemailer/lib/mime-funcs';
import { cleanLine } from '../../security/human-text.ts';
import type { MailAttachment, OutgoingMessage } from './mail-transport.ts';

// A message as it goes on the wire, written as one string. Nodemailer's composer took more CPU per message
// than everything else a send does together (a MIME tree, stream pipelines, regular expressions per line),
// and a send of 100,000 messages on two cores has well under a millisecond for each. Header words and
// folding are nodemailer's (RFC 2047, RFC 5322); the body encoders here do one pass over the bytes.

/** An address for From, with its display name quoted or encoded as needed. */
export interface Mailbox {
  header: string;
  address: string;
}

/** The headers (one folded line each, no DKIM signature yet) and the body of a message, and its Message-ID. */
export interface RenderedMessage {
  headers: string[];
  body: string;
  messageId: string;
}

/** Per character of a text: how it can be encoded. */
interface Survey {
  ascii: boolean;
  /** A line longer than 76 characters (7bit would need it folded). */
  longLine: boolean;
  /** Fewer non-Latin than Latin characters: quoted-printable rather than base64 (nodemailer's rule). */
  mostlyLatin: boolean;
}

function survey(text: string): Survey {
  // Line lengths by indexOf and plain ASCII by one regular expression (native code); characters are counted only when needed.
  let longLine = false;
  for (let start = 0; !longLine; ) {
    const end = text.indexOf('\n', start);
    longLine = (end === -1 ? text.length : end) - start > 76;
    if (end === -1) break;
    start = end + 1;
  }
  if (!/[^\t\n\x20-\x7e]/.test(text)) return { ascii: true, longLine, mostlyLatin: /[A-Za-z]/.test(text) };
  // Not ASCII (or a control character, counted with them): fewer of those than Latin letters is mostly Latin.
  // Counted in a loop: replace() with these classes was 4-5 times slower.
  let latin = 0;
  let other = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x7f ? c !== 0x7f : c < 0x20 && c !== 9 && c !== 10 && c !== 13) other++;
    else if ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) latin++;
  }
  return { ascii: false, longLine, mostlyLatin: other < latin };
}

const hexDigits = Buffer.from('0123456789ABCDEF', 'latin1');

// Two buffers the encoders reuse, grown when a part needs more. A Buffer a message lives outside V8's heap
// until a garbage collection notices it, and at thousands of messages a second they added tens of MB to the
// worker's RSS between collections; these are written and read within one synchronous call.
const scratchBuffers: Buffer[] = [Buffer.allocUnsafe(16_384), Buffer.allocUnsafe(65_536)];

function scratch(which: 0 | 1, bytes: number): Buffer {
  if (scratchBuffers[which]!.length < bytes) scratchBuffers[which] = Buffer.allocUnsafe(Math.max(bytes, scratchBuffers[which]!.length * 2));
  return scratchBuffers[which]!;
}

// What quoted-printable does with each byte value: 0 as it is, 1 encoded (=XX), 2 a space or tab (as it is
// unless a line end follows), 3 CR, 4 LF, 6, 7 and 8 a UTF-8 lead byte of 2, 3 or 4 bytes (encoded, and
// the whole character kept on one line).
const qpClass = new Uint8Array(256).fill(1);
for (let b = 33; b <= 126; b++) qpClass[b] = 0;
qpClass[61] = 1; // =
qpClass[32] = 2;
qpClass[9] = 2;
qpClass[13] = 3;
qpClass[10] = 4;
for (let b = 0xc0; b < 0xe0; b++) qpClass[b] = 6;
for (let b = 0xe0; b < 0xf0; b++) qpClass[b] = 7;
for (let b = 0xf0; b < 0xf8; b++) qpClass[b] = 8;

/**
 * Quoted-printable (RFC 2045 §6.7) of text with LF or CRLF line ends (written as CRLF): printable ASCII as it
 * is, a space or tab encoded before a line end, lines of at most 76 characters with soft breaks that never
 * split a UTF-8 character or an =XX triplet. A lone CR is data (=0D). Runs of bytes that go as they are are
 * copied a line's worth at a time.
 */
export function quotedPrintable(text: string): string {
  const n = Buffer.byteLength(text, 'utf8');
  // 3 characters a byte at most, plus a soft break ("=\r\n") every 25 bytes at worst.
  const bytes = scratch(0, n);
  bytes.write(text, 'utf8');
  const out = scratch(1, n * 3 + Math.ceil(n / 25) * 3 + 3);
  let o = 0;
  let column = 0;
  let i = 0;
  // Bytes past n are an earlier call's: every look ahead stays below n.
  while (i < n) {
    let end = i;
    for (; end < n; end++) {
      const kind = qpClass[bytes[end]!];
      if (kind === 0) continue;
      if (kind === 2) {
        const next = end + 1 < n ? bytes[end + 1] : 10;
        if (next !== 10 && next !== 13) continue;
      }
      break;
    }
    while (i < end) {
      if (column >= 75) {
        o = softBreak(out, o);
        column = 0;
      }
      const take = Math.min(end - i, 75 - column);
      bytes.copy(out, o, i, i + take);
      o += take;
      i += take;
      column += take;
    }
    if (i >= n) break;
    const b = bytes[i]!;
    const kind = qpClass[b]!;
    if (kind === 4 || (kind === 3 && i + 1 < n && bytes[i + 1] === 10)) {
      i += kind === 3 ? 2 : 1;
      out[o++] = 13;
      out[o++] = 10;
      column = 0;
      continue;
    }
    // Encoded: a lead byte reserves room for its whole character (its continuation bytes then fit).
    if (column + (kind >= 6 ? (kind - 4) * 3 : 3) > 75) {
      o = softBreak(out, o);
      column = 0;
    }
    out[o++] = 61;
    out[o++] = hexDigits[b >> 4]!;
    out[o++] = hexDigits[b & 15]!;
    column += 3;
    i++;
  }
  return out.toString('latin1', 0, o);
}

function softBreak(out: Buffer, o: number): number {
  out[o] = 61;
  out[o + 1] = 13;
  out[o + 2] = 10;
  return o + 3;
}

/** Base64 of the UTF-8 text in lines of 76 characters. */
export function base64Lines(text: string): string {
  const bytes = scratch(0, Buffer.byteLength(text, 'utf8'));
  const encoded = bytes.toString('base64', 0, bytes.write(text, 'utf8'));
  if (encoded.length <= 76) return encoded;
  const lines: string[] = [];
  for (let i = 0; i < encoded.length; i += 76) lines.push(encoded.slice(i, i + 76));
  return lines.join('\r\n');
}

/** A text part: 7bit when it can be, else quoted-printable (mostly Latin) or base64; CRLF line ends. */
function textPart(contentType: string, content: string): string {
  const text = content.includes('\r') ? content.replace(/\r\n?/g, '\n') : content;
  const kind = survey(text);
  // Quoted-printable writes the line ends as CRLF itself; the other two need them in the text.
  if (kind.mostlyLatin && !(kind.ascii && !kind.longLine)) {
    return `Content-Type: ${contentType}; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${quotedPrintable(text)}`;
  }
  const crlf = text.replaceAll('\n', '\r\n');
  if (kind.ascii && !kind.longLine) return `Content-Type: ${contentType}; charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\n${crlf}`;
  return `Content-Type: ${contentType}; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64Lines(crlf)}`;
}

// Printable ASCII words separated by single spaces: what cleanLine leaves as it is and needs no encoding.
const plainHeaderValue = /^[\x21-\x7e]+(?: [\x21-\x7e]+)*$/;
const isAscii = (value: string) => /^\p{ASCII}*$/u.test(value);
// The same subject and List-Id go to every recipient of a variant: their encoded words are made once.
const encodedValues = new Map<string, string>();

/**
 * An unstructured header value: cleaned, then encoded words where it is not plain ASCII. Cleaned here as
 * well as on input: a control character (NUL, ESC, DEL…) is ASCII, so it would go out raw, and the
 * receiver's DKIM check of the header then fails.
 */
function headerText(value: string): string {
  if (plainHeaderValue.test(value)) return value;
  let encoded = encodedValues.get(value);
  if (encoded === undefined) {
    const flat = cleanLine(value);
    encoded = isAscii(flat) ? flat : mimeFuncs.encodeWords(flat, survey(flat).mostlyLatin ? 'Q' : 'B', 52);
    if (encodedValues.size >= 256) encodedValues.clear();
    encodedValues.set(value, encoded);
  }
  return encoded;
}

/** A header line folded at 76 characters (RFC 5322 §2.2.3), when it is that long. */
function headerLine(name: string, value: string): string {
  const line = `${name}: ${value}`;
  return line.length < 76 ? line : mimeFuncs.foldLines(line, 76);
}

/** A mailbox for From: the display name quoted or encoded as needed (RFC 5322, RFC 2047). */
export function mailbox(value: string): Mailbox {
  const [parsed] = addressparser(value) as { name: string; address?: string }[];
  const address = parsed?.address ?? value;
  const name = cleanLine(parsed?.name ?? '');
  if (!name) return { header: address, address };
  const shown = /^[\w ]*$/.test(name)
    ? name
    : isAscii(name)
      ? mimeFuncs.quoteString(name)
      : mimeFuncs.encodeWord(name, survey(name).mostlyLatin ? 'Q' : 'B', 52);
  return { header: `${shown} <${address}>`, address };
}

let dateSecond = -1;
let dateValue = '';

/** The Date header's value (RFC 5322 §3.3), made once a second. */
function dateHeader(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateValue = new Date(now).toUTCString().replace(/GMT$/, '+0000');
  }
  return dateValue;
}

/**
 * A UUID version 7 (RFC 9562): the time in milliseconds, then 74 random bits. Message-IDs made from it are
 * indexed (deliveries_message_id, to match feedback reports) in the order they are made: each one goes at
 * the end of the index, where random UUIDs went anywhere in it and cost the outbox update two to three times
 * as many page writes.
 */
export function timeOrderedUuid(now = Date.now()): string {
  const time = now.toString(16).padStart(12, '0');
  const random = randomUUID(); // xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx: its version digit is replaced
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.slice(15)}`;
}

/** The message as it goes on the wire (without a DKIM signature), and its Message-ID. */
export function renderMessage(message: OutgoingMessage, to: string, from: Mailbox): RenderedMessage {
  const domain = (message.envelopeFrom ?? from.address).split('@').pop() || 'localhost';
  const uuid = timeOrderedUuid();
  const messageId = `${uuid}@${domain}`;
  const headers = [
    headerLine('From', from.header),
    headerLine('To', to),
    headerLine('Subject', headerText(message.subject)),
    headerLine('Message-ID', `<${messageId}>`),
    `Date: ${dateHeader()}`,
    'MIME-Version: 1.0',
  ];
  for (const name in message.headers) headers.push(headerLine(name, headerText(message.headers[name]!)));
  if (message.attachments?.length) return mixedMessage(headers, message, uuid, messageId);
  if (message.html === undefined) {
    const part = textPart('text/plain', message.text);
    const end = part.indexOf('\r\n\r\n');
    headers.push(...part.slice(0, end).split('\r\n'));
    return { headers, body: `${part.slice(end + 4)}\r\n`, messageId };
  }
  // 60 random bits from the UUID's end: enough to never occur in the encoded parts (randomBytes() here cost more than the rest of the headers).
  const boundary = `--_Plenary-${uuid.slice(-16)}-Part_1`;
  headers.push(`Content-Type: multipart/alternative;\r\n boundary="${boundary}"`);
  const body = `--${boundary}\r\n${textPart('text/plain', message.text)}\r\n--${boundary}\r\n${textPart('text/html', message.html)}\r\n--${boundary}--\r\n`;
  return { headers, body, messageId };
}

/** The text and HTML alternatives as one part (its own headers first), for a message with attachments. */
function alternativePart(message: OutgoingMessage, uuid: string): string {
  if (message.html === undefined) return textPart('text/plain', message.text);
  const boundary = `--_Plenary-${uuid.slice(-16)}-Part_2`;
  return `Content-Type: multipart/alternative;\r\n boundary="${boundary}"\r\n\r\n--${boundary}\r\n${textPart('text/plain', message.text)}\r\n--${boundary}\r\n${textPart('text/html', message.html)}\r\n--${boundary}--`;
}

/** One attachment: base64 in lines of 76, its name kept to safe ASCII (anything else becomes "_"). */
function attachmentPart(attachment: MailAttachment): string {
  const name = attachment.filename.replace(/[^A-Za-z0-9._-]/g, '_') || 'attachment';
  const type = /^[a-z]+\/[a-z0-9.+-]+$/i.test(attachment.contentType) ? attachment.contentType : 'application/octet-stream';
  const encoded = attachment.content.toString('base64').replace(/.{76}(?=.)/g, '$&\r\n');
  return `Content-Type: ${type}; name="${name}"\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename="${name}"\r\n\r\n${encoded}`;
}

/** A message with files: multipart/mixed of the text (and HTML) part, then each attachment. */
function mixedMessage(headers: string[], message: OutgoingMessage, uuid: string, messageId: string): RenderedMessage {
  const boundary = `--_Plenary-${uuid.slice(-16)}-Part_1`;
  headers.push(`Content-Type: multipart/mixed;\r\n boundary="${boundary}"`);
  const parts = [alternativePart(message, uuid), ...(message.attachments ?? []).map(attachmentPart)];
  return { headers, body: `${parts.map((part) => `--${boundary}\r\n${part}\r\n`).join('')}--${boundary}--\r\n`, messageId };
}
