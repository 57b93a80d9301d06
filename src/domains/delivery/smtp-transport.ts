import { createHash, createPrivateKey, sign as cryptoSign, type KeyObject, randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser';
import * as base64 from 'nodemailer/lib/base64';
import * as mimeFuncs from 'nodemailer/lib/mime-funcs';
import * as qp from 'nodemailer/lib/qp';
import { parseEmailAddress } from '../../address/email-address.ts';
import { DeliveryError } from './delivery-error.ts';
import { probeEhlo } from './ehlo-probe.ts';
import type { DkimOptions, MailTransport, OutgoingMessage, SendResult } from './mail-transport.ts';

export interface SmtpOptions {
  url: string;
  dkim: DkimOptions | null;
  maxConnections: number;
  /** Messages per second across the pool; 0 means no limit. */
  rate: number;
  /**
   * Longest wait for the relay to connect, greet or answer (default 30 s). Kept well below the delivery
   * lease: nodemailer's own socket timeout is 10 minutes, long enough for a stalled relay to outlive the
   * lease and have another sender send the same batch again.
   */
  timeoutMs?: number;
}

interface SmtpFailure {
  responseCode?: number;
  response?: string;
  code?: string;
  message: string;
}

/** 5xx replies and refused envelopes are permanent; 4xx, timeouts and dropped connections are worth retrying. */
function classify(error: SmtpFailure): DeliveryError {
  const permanent = error.responseCode !== undefined ? error.responseCode >= 500 : error.code === 'EENVELOPE';
  return new DeliveryError(error.response ?? error.message, permanent, error.response ?? null);
}

// ---------------------------------------------------------------------------------------------
// The message on the wire. Nodemailer's composer and its DKIM signer took more of the main thread per
// message than everything else a send does together (profiled: a MIME tree, stream pipelines, a
// synchronous RSA signature), and 1,000 messages/s on 2 cores leaves ~1 ms of CPU a message. So it is written
// here as one string, with nodemailer's own encoders (RFC 2047 words, quoted-printable, base64, header
// folding), DKIM-signed (rsa-sha256, relaxed/relaxed) with the RSA operation in libuv's thread pool, and
// handed to nodemailer's pool as raw bytes: the pool still does the SMTP.

/** Headers signed when present: nodemailer's default list (RFC 6376 §5.4.1, plus List-Unsubscribe-Post for RFC 8058). */
const signedHeaders = new Set([
  'from',
  'sender',
  'reply-to',
  'subject',
  'date',
  'message-id',
  'to',
  'cc',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
  'in-reply-to',
  'references',
  'list-id',
  'list-help',
  'list-unsubscribe',
  'list-unsubscribe-post',
  'list-subscribe',
  'list-post',
  'list-owner',
  'list-archive',
]);

/** Q for mostly-Latin text, B otherwise (nodemailer's rule). */
function wordEncoding(value: string): 'Q' | 'B' {
  let latin = 0;
  let other = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0x80 || c < 0x09 || c === 0x0b || c === 0x0c || (c >= 0x0e && c < 0x20)) other++;
    else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) latin++;
  }
  return other < latin ? 'Q' : 'B';
}

const isAscii = (value: string) => /^\p{ASCII}*$/u.test(value);

/** An unstructured header value: encoded words where it is not plain ASCII. */
function headerText(value: string): string {
  const flat = value.replace(/[\r\n]+/g, ' ');
  return isAscii(flat) ? flat : mimeFuncs.encodeWords(flat, wordEncoding(flat), 52);
}

/** A mailbox for From: the display name quoted or encoded as needed (RFC 5322, RFC 2047). */
function mailbox(value: string): { header: string; address: string } {
  const [parsed] = addressparser(value) as { name: string; address?: string }[];
  const address = parsed?.address ?? value;
  const name = parsed?.name ?? '';
  if (!name) return { header: address, address };
  const shown = /^[\w ]*$/.test(name) ? name : isAscii(name) ? mimeFuncs.quoteString(name) : mimeFuncs.encodeWord(name, wordEncoding(name), 52);
  return { header: `${shown} <${address}>`, address };
}

/** A text part: 7bit when it can be, else quoted-printable (mostly Latin) or base64; CRLF line ends. */
function textPart(contentType: string, content: string): string {
  const crlf = content.replace(/\r?\n|\r/g, '\r\n');
  if (isAscii(crlf) && !/[^\r\n]{77}/.test(crlf)) return `Content-Type: ${contentType}; charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\n${crlf}`;
  if (wordEncoding(crlf) === 'Q') {
    return `Content-Type: ${contentType}; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${qp.wrap(qp.encode(crlf), 76)}`;
  }
  return `Content-Type: ${contentType}; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64.wrap(Buffer.from(crlf).toString('base64'), 76)}`;
}

/** RFC 6376 §3.4.4: relaxed body canonicalization. */
function relaxedBody(body: string): string {
  // The usual case, a body written above: no runs of whitespace, none at a line end; only empty lines to drop.
  if (!/[ \t][ \t\r]|\t/.test(body)) {
    const trimmed = body.replace(/(\r\n)*$/, '');
    return trimmed ? `${trimmed}\r\n` : '';
  }
  const lines = body.split('\r\n').map((l) => l.replace(/[ \t]+/g, ' ').replace(/ $/, ''));
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines.length ? `${lines.join('\r\n')}\r\n` : '';
}

/** RFC 6376 §3.4.2: relaxed header canonicalization of one (possibly folded) header line. */
function relaxedHeader(line: string): string {
  const colon = line.indexOf(':');
  const value = line
    .slice(colon + 1)
    .replace(/\r\n(?=[ \t])/g, '')
    .replace(/[ \t]+/g, ' ')
    .trim();
  return `${line.slice(0, colon).trim().toLowerCase()}:${value}`;
}

/** The message as it goes on the wire (without a DKIM signature), and its Message-ID. */
function renderMessage(
  message: OutgoingMessage,
  to: string,
  from: { header: string; address: string },
): { headers: string[]; body: string; messageId: string } {
  const domain = (message.envelopeFrom ?? from.address).split('@').pop() || 'localhost';
  const uuid = randomUUID();
  const messageId = `<${uuid}@${domain}>`;
  const headers = [
    `From: ${from.header}`,
    `To: ${to}`,
    `Subject: ${headerText(message.subject)}`,
    `Message-ID: ${messageId}`,
    `Date: ${new Date().toUTCString().replace(/GMT$/, '+0000')}`,
    'MIME-Version: 1.0',
    ...Object.entries(message.headers ?? {}).map(([name, value]) => `${name}: ${headerText(value)}`),
  ].map((line) => mimeFuncs.foldLines(line, 76));
  let body: string;
  if (message.html === undefined) {
    const [contentHeaders, content] = splitPart(textPart('text/plain', message.text));
    headers.push(...contentHeaders);
    body = content;
  } else {
    // Random enough to never occur in the encoded parts; randomBytes() here cost more than the rest of the headers.
    const boundary = `--_Plenary-${uuid.replaceAll('-', '').slice(0, 16)}-Part_1`;
    headers.push(`Content-Type: multipart/alternative;\r\n boundary="${boundary}"`);
    body = `--${boundary}\r\n${textPart('text/plain', message.text)}\r\n--${boundary}\r\n${textPart('text/html', message.html)}\r\n--${boundary}--\r\n`;
  }
  return { headers, body, messageId: messageId.slice(1, -1) };
}

function splitPart(part: string): [string[], string] {
  const end = part.indexOf('\r\n\r\n');
  return [part.slice(0, end).split('\r\n'), `${part.slice(end + 4)}\r\n`];
}

/** Prepends a DKIM-Signature (rsa-sha256, relaxed/relaxed) over the headers nodemailer would sign. */
async function dkimSigned(headers: string[], body: string, dkim: { domainName: string; keySelector: string; key: KeyObject }): Promise<string[]> {
  const bodyHash = createHash('sha256').update(relaxedBody(body)).digest('base64');
  const signed = headers.filter((h) => signedHeaders.has(h.slice(0, h.indexOf(':')).trim().toLowerCase()));
  const names = signed.map((h) => h.slice(0, h.indexOf(':')).trim().toLowerCase()).join(':');
  const field = mimeFuncs.foldLines(
    `DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=${dkim.domainName}; q=dns/txt; s=${dkim.keySelector}; bh=${bodyHash}; h=${names}; b=`,
    76,
  );
  const data = `${signed.map((h) => `${relaxedHeader(h)}\r\n`).join('')}${relaxedHeader(field)}`;
  // The callback form runs the RSA operation in libuv's thread pool: the main thread keeps the sockets busy.
  const signature = await new Promise<Buffer>((resolve, reject) =>
    cryptoSign('sha256', Buffer.from(data), dkim.key, (error, sig) => (error ? reject(error) : resolve(sig))),
  );
  return [`${field}${signature.toString('base64').replace(/(.{72})(?=.)/g, '$1\r\n ')}`, ...headers];
}

/**
 * Sends through an SMTP relay with pooled connections (STARTTLS when offered). The recipient goes out in
 * ASCII form (A-label domain) whenever the local part allows; a non-ASCII local part needs SMTPUTF8, and
 * when the relay does not offer it the delivery fails permanently with that reason rather than sending
 * a raw UTF-8 address the relay never agreed to.
 */
export function smtpTransport(options: SmtpOptions): MailTransport {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const pool = nodemailer.createTransport({
    url: options.url,
    pool: true,
    maxConnections: options.maxConnections,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    ...(options.rate > 0 ? { rateDelta: 1000, rateLimit: options.rate } : {}),
  } as Parameters<typeof nodemailer.createTransport>[0]);
  // Parsed once: given the PEM text, every signature would parse it again (profiled: ~0.9 ms, 2–3× the RSA operation).
  const dkim = options.dkim
    ? { domainName: options.dkim.domainName, keySelector: options.dkim.keySelector, key: createPrivateKey(options.dkim.privateKey) }
    : null;
  const senders = new Map<string, { header: string; address: string }>();
  let extensions: Promise<Set<string>> | null = null;
  const relayExtensions = () => {
    extensions ??= probeEhlo(options.url, timeoutMs).catch((error) => {
      extensions = null;
      throw new DeliveryError(`cannot reach the SMTP relay: ${(error as Error).message}`, false);
    });
    return extensions;
  };

  return {
    async send(message: OutgoingMessage): Promise<SendResult> {
      const parsed = parseEmailAddress(message.to);
      if (!parsed.ok) throw new DeliveryError(`invalid recipient address (${parsed.code})`, true);
      const recipient = parsed.address;
      if (!recipient.ascii && !(await relayExtensions()).has('SMTPUTF8')) {
        throw new DeliveryError('the recipient address needs SMTPUTF8 (RFC 6531), which the relay does not offer', true);
      }
      const to = recipient.ascii ?? recipient.display;
      let from = senders.get(message.from);
      if (!from) {
        from = mailbox(message.from);
        senders.set(message.from, from);
      }
      const { headers, body, messageId } = renderMessage(message, to, from);
      const raw = `${(dkim ? await dkimSigned(headers, body, dkim) : headers).join('\r\n')}\r\n\r\n${body}`;
      try {
        const info = await pool.sendMail({
          raw: Buffer.from(raw),
          envelope: { from: message.envelopeFrom ?? from.address, to },
          messageId: `<${messageId}>`, // already in `raw`; given, so nodemailer does not make one up
          disableFileAccess: true,
          disableUrlAccess: true,
        });
        return { messageId, reply: info.response };
      } catch (error) {
        throw classify(error as SmtpFailure);
      }
    },
    async close() {
      pool.close();
    },
  };
}
