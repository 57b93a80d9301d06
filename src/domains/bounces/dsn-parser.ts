import { type ParsedMail, simpleParser } from 'mailparser';

/** Hard: the address does not work (no such user, no such domain). Soft: it may work later (full, greylisted, blocked). */
export type BounceKind = 'hard' | 'soft';

/** What a bounce says about one failed delivery. */
export interface Bounce {
  kind: BounceKind;
  /** The RFC 3463 enhanced status ("5.1.1"); "5.0.0"/"4.0.0" when only a basic SMTP reply code was given. */
  statusCode: string | null;
  /** The remote server's reply or the report's explanation, whitespace collapsed, at most 500 characters. */
  diagnostic: string | null;
  /** The recipient the report names; informational only, since the VERP address identifies the delivery. */
  recipient: string | null;
}

const maxDiagnosticLength = 500;

// A reply code followed by an enhanced status ("550 5.1.1", "550-5.1.1", "452 4.2.2"). The look-behind keeps
// IP addresses (192.0.2.550…) and longer numbers out; the subject is 0–7 (RFC 3463), which keeps most version numbers out too.
// Postfix may fold the line between the two ("said: 550\n    5.1.1 …").
const replyWithStatus = /(?<![\d.])([245]\d\d)(?:[ \t-]|\n[ \t]+)+#?([245]\.[0-7]\.\d{1,3})(?!\d|\.\d)/;
// An enhanced status alone, as qmail writes it ("(#5.1.1)") or a report quotes it ("Status code: 550 5.1.10").
const statusAlone = /(?<![\d.\w])#?([245]\.[0-7]\.\d{1,3})(?!\d|\.\d)/;
// A basic reply code where an MTA quotes a remote reply: at the start of a line, or after "said:", "]:" and the like.
const basicReply = /(?:^[ \t>]*|(?:said|returned(?: was)?|error|reason|response|\])[:\s'"]+)([45][0-5]\d)[ -](?=\S)/im;

// Where a non-standard bounce starts quoting the returned message: nothing below is the mail system talking.
const returnedMessageMarkers = [
  /^-+ ?Below this line is a copy of the message/im,
  /^-+ ?This is a copy of the message/im,
  /^-+ ?Original message ?-+/im,
  /^-+ ?Original Message Details/im,
  /^-+ ?(?:The )?(?:original|returned|undelivered) message (?:follows|headers follow)/im,
  /^-+ ?Message header follows/im,
];

// Written only by mail systems, never by a person's auto-reply.
const mailSystemMarkers = [
  /This is the qmail-send program/i,
  /This is the mail system at host/i,
  /This message was created automatically by mail delivery software/i,
  /Delivery to the following recipients? (?:failed permanently|has been delayed)/i,
  /could not be delivered to one or more (?:of its )?recipients/i,
  /(?:message|mail) (?:to .{1,200} )?(?:couldn't|could not|cannot|can't) be delivered/i,
  /has not yet been delivered to one or more of its recipients/i,
  /The following addresses had permanent fatal errors/i,
  /Delivery has failed to these recipients or groups/i,
];

const bounceSubjects =
  /^(?:Undeliver(?:ed|able)|Mail delivery failed|Delivery Status Notification|Returned mail|failure notice|Delivery failure|Delayed Mail|Warning: message .* delayed|Mail System Error|Nondeliverable)/i;
const mailSystemSenders = /^(?:mailer-daemon|postmaster|mail-daemon|mailerdaemon|microsoftexchange[0-9a-f]*)@/i;

// With a generic status (X.0.0) or none, these words say the address itself is fine: the mailbox is full or
// the message was refused for what it is or who sent it.
const notAboutTheAddress =
  /mailbox (?:is )?full|over ?quota|quota exceeded|exceeded (?:the )?(?:storage|quota)|insufficient (?:system )?storage|spam|blocked|block ?list|black ?list|policy|reputation|rate limit|too many|temporar|try again later|greylist|message (?:is )?too (?:big|large)|size limit/i;
// With no code at all, a bounce counts as hard only when it says the address does not exist.
const addressDoesNotExist =
  /no such (?:user|mailbox|recipient|address)|user unknown|unknown (?:user|recipient|address)|does not exist|doesn't exist|no mailbox|mailbox unavailable|not found|invalid (?:recipient|mailbox|address)|address rejected/i;

const emailToken = /[^\s<>"'()[\],;:@]+@[^\s<>"'()[\],;:@]+\.[^\s<>"'()[\],;:@]*[^\s<>"'()[\],;:@.]/u;

/**
 * Reads a message received at a VERP address and says whether it is a bounce, and of which kind. RFC 3464
 * delivery status reports are read field by field; the common non-standard bounces (qmail, old Exim, old
 * Gmail, plain Postfix) are read from their text. Null when the message is not a bounce: an auto-reply,
 * a person's reply, a report that the message was delivered or relayed.
 */
export async function parseBounce(raw: Buffer | string): Promise<Bounce | null> {
  const mail = await parse(raw);
  const report = deliveryStatusPart(mail);
  if (report !== null) {
    // Null: a report whose recipients were all delivered, relayed or expanded is a success notice, not a bounce.
    const fromReport = readDeliveryStatus(report);
    if (fromReport !== undefined) return fromReport;
  }
  return readPlainBounce(mail);
}

/** True when the message says it was sent by a machine (RFC 3834 Auto-Submitted, or the usual auto-reply headers). */
export async function isAutomatedMessage(raw: Buffer | string): Promise<boolean> {
  const mail = await parse(raw);
  const autoSubmitted = headerText(mail, 'auto-submitted').toLowerCase();
  if (autoSubmitted && autoSubmitted !== 'no') return true;
  if (mail.headers.has('x-autoreply') || mail.headers.has('x-autorespond')) return true;
  return /^(?:bulk|junk|auto_reply)$/i.test(headerText(mail, 'precedence'));
}

function parse(raw: Buffer | string): Promise<ParsedMail> {
  // Returned messages stay attachments (ignoreEmbedded), so their text never mixes with the report's.
  return simpleParser(raw, { keepDeliveryStatus: true, ignoreEmbedded: true, skipTextToHtml: true, skipImageLinks: true, checksumAlgo: false });
}

function headerText(mail: ParsedMail, name: string): string {
  const value = mail.headers.get(name);
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value.trim();
  if (Array.isArray(value)) return value.map(String).join(', ').trim();
  if (typeof value === 'object' && 'value' in value) return String((value as { value: unknown }).value).trim();
  if (typeof value === 'object' && 'text' in value) return String((value as { text: unknown }).text).trim();
  return String(value).trim();
}

/** The body of the message/delivery-status (or RFC 6533 global) part, when the message has one. */
function deliveryStatusPart(mail: ParsedMail): string | null {
  const part = mail.attachments.find((a) => a.contentType === 'message/delivery-status' || a.contentType === 'message/global-delivery-status');
  return part ? part.content.toString('utf8') : null;
}

/** The field groups of a delivery-status body: the per-message group first, then one per recipient. */
function fieldGroups(body: string): Map<string, string>[] {
  return body
    .replace(/\r\n/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((block) => {
      const fields = new Map<string, string>();
      for (const line of block.replace(/\n[ \t]+/g, ' ').split('\n')) {
        const match = /^([A-Za-z0-9-]+)[ \t]*:[ \t]*(.*)$/.exec(line);
        if (match && !fields.has(match[1]!.toLowerCase())) fields.set(match[1]!.toLowerCase(), match[2]!.trim());
      }
      return fields;
    })
    .filter((fields) => fields.size > 0);
}

/** "rfc822; user@example.org" → "user@example.org"; "smtp; 550 …" → "550 …". */
function withoutTypePrefix(value: string | undefined): string | null {
  if (!value) return null;
  const text = value.replace(/^[A-Za-z0-9-]+[ \t]*;[ \t]*/, '').trim();
  return text === '' ? null : text;
}

function cleanAddress(value: string | null): string | null {
  if (!value) return null;
  const inBrackets = /<([^<>]+)>/.exec(value);
  const text = (inBrackets ? inBrackets[1]! : value).trim();
  return text.includes('@') ? text : null;
}

function collapse(text: string | null): string | null {
  if (!text) return null;
  const collapsed = text.replace(/\s+/g, ' ').trim();
  return collapsed === '' ? null : collapsed.slice(0, maxDiagnosticLength);
}

/**
 * The bounce in a delivery status report; null when every recipient it names was delivered, relayed or
 * expanded; undefined when it names no recipient at all (a broken report: read the text instead). Only the
 * first failed (or else delayed) recipient counts: a VERP address belongs to one delivery, so one recipient.
 */
function readDeliveryStatus(body: string): Bounce | null | undefined {
  const recipients = fieldGroups(body).filter((g) => g.has('final-recipient') || g.has('original-recipient') || g.has('action') || g.has('status'));
  if (recipients.length === 0) return undefined;
  const actionOf = (g: Map<string, string>) => (g.get('action') ?? '').toLowerCase().split(/[\s(]/)[0] ?? '';
  const failed = recipients.find((g) => actionOf(g) === 'failed' || (actionOf(g) === '' && /^5/.test(g.get('status') ?? '')));
  const chosen = failed ?? recipients.find((g) => actionOf(g) === 'delayed' || (actionOf(g) === '' && /^4/.test(g.get('status') ?? '')));
  if (!chosen) return null;
  const diagnostic = collapse(withoutTypePrefix(chosen.get('diagnostic-code')));
  let statusCode = /([245]\.\d{1,3}\.\d{1,3})/.exec(chosen.get('status') ?? '')?.[1] ?? null;
  // Some MTAs report a generic X.0.0 and keep the remote's specific status in the diagnostic: use that one.
  const fromDiagnostic = diagnostic ? enhancedStatusIn(diagnostic) : null;
  if (!statusCode || (/\.0\.0$/.test(statusCode) && fromDiagnostic?.[0] === statusCode[0])) statusCode = fromDiagnostic ?? statusCode;
  const recipient = cleanAddress(withoutTypePrefix(chosen.get('final-recipient'))) ?? cleanAddress(withoutTypePrefix(chosen.get('original-recipient')));
  const action = actionOf(chosen) === 'delayed' ? 'delayed' : 'failed';
  return { kind: classify(statusCode, diagnostic ?? '', action), statusCode, diagnostic, recipient };
}

/** The enhanced status a reply text carries, or "5.0.0"/"4.0.0" from its basic reply code, or null. */
function enhancedStatusIn(text: string): string | null {
  const withReply = replyWithStatus.exec(text);
  if (withReply) return withReply[2]!;
  const alone = statusAlone.exec(text);
  if (alone) return alone[1]!;
  const basic = basicReply.exec(text);
  return basic ? `${basic[1]![0]}.0.0` : null;
}

/**
 * Hard or soft. 4.x.x and delayed reports are soft. 5.x.x is hard (the address does not work) except when the
 * subject says the address is fine and the message or its sender was refused: mailbox full (5.2.2), message too
 * big (5.2.3, 5.3.4), content (5.6.x) and policy or reputation blocks (5.7.x). A generic 5.0.0 is read with
 * the diagnostic's words.
 */
export function classify(statusCode: string | null, diagnostic: string, action: 'failed' | 'delayed'): BounceKind {
  if (action === 'delayed') return 'soft';
  if (!statusCode) return addressDoesNotExist.test(diagnostic) && !notAboutTheAddress.test(diagnostic) ? 'hard' : 'soft';
  const [klass, subject, detail] = statusCode.split('.');
  if (klass !== '5') return 'soft';
  if (subject === '7' || subject === '6') return 'soft';
  if (subject === '2' && (detail === '2' || detail === '3')) return 'soft';
  if (subject === '3' && detail === '4') return 'soft';
  if (subject === '0' && notAboutTheAddress.test(diagnostic)) return 'soft';
  return 'hard';
}

/** The part of a non-standard bounce's text written by the mail system, without the returned message. */
function mailSystemText(mail: ParsedMail): string {
  let text = (mail.text ?? '').replace(/\r\n/g, '\n');
  for (const marker of returnedMessageMarkers) {
    const at = text.search(marker);
    if (at >= 0) text = text.slice(0, at);
  }
  return text;
}

/** A non-standard bounce, read from its text; null when nothing says a mail system wrote it. */
function readPlainBounce(mail: ParsedMail): Bounce | null {
  const text = mailSystemText(mail);
  const from = mail.from?.value[0]?.address ?? '';
  const failedRecipients = headerText(mail, 'x-failed-recipients');
  const subject = mail.subject ?? '';
  const byMailSystem = mailSystemSenders.test(from) || failedRecipients !== '' || mailSystemMarkers.some((m) => m.test(text));
  const failure = findFailure(text);
  if (!byMailSystem && !(bounceSubjects.test(subject) && failure)) return null;

  const delayed =
    /Delivery to the following recipients? has been delayed|has not yet been delivered|THIS IS A WARNING ONLY|will (?:continue to )?(?:be )?retr(?:y|ied)|Delivery attempts will continue/i.test(
      text,
    ) || /^(?:Warning: message .* delayed|Delayed Mail|Delivery Status Notification \(Delay\))/i.test(subject);
  const statusCode = failure?.statusCode ?? null;
  const diagnostic = failure?.diagnostic ?? null;
  let kind = classify(statusCode, diagnostic ?? text, delayed ? 'delayed' : 'failed');
  // With no code, "permanent" and a missing address together make it hard; either alone is not enough.
  if (!statusCode && !delayed && /permanent/i.test(text) && addressDoesNotExist.test(text) && !notAboutTheAddress.test(text)) kind = 'hard';
  return { kind, statusCode, diagnostic, recipient: firstRecipient(failedRecipients, text) };
}

/** The first remote reply quoted in the text: its status and the reply from the code to the end of its paragraph. */
function findFailure(text: string): { statusCode: string; diagnostic: string } | null {
  const candidates = [replyWithStatus.exec(text), statusAlone.exec(text), basicReply.exec(text)];
  const [withReply, alone, basic] = candidates;
  const match = withReply ?? basic ?? alone;
  if (!match) return null;
  const statusCode = withReply ? withReply[2]! : alone ? alone[1]! : `${basic![1]![0]}.0.0`;
  const start = withReply ? withReply.index : basic ? basic.index + basic[0].length - basic[1]!.length - 1 : alone!.index;
  let paragraph = text.slice(Math.max(0, start)).split(/\n[ \t]*\n/)[0] ?? '';
  // qmail puts the explanation before the code: "Sorry, no mailbox here by that name. (#5.1.1)".
  if (!withReply && !basic && alone) paragraph = lineAround(text, alone.index);
  // Multi-line replies repeat the code on every line ("550-5.1.1 …"): keep it once.
  const diagnostic = paragraph.replace(/\n[ \t]*[245]\d\d[ -](?:[245]\.\d{1,3}\.\d{1,3} )?/g, ' ');
  return { statusCode, diagnostic: collapse(diagnostic) ?? statusCode };
}

function lineAround(text: string, index: number): string {
  const start = text.lastIndexOf('\n', index) + 1;
  const end = text.indexOf('\n', index);
  return text.slice(start, end < 0 ? undefined : end);
}

/** The failed recipient: X-Failed-Recipients, "<user@host>:" (Postfix, qmail), or the line after the heading that lists them. */
function firstRecipient(failedRecipients: string, text: string): string | null {
  const fromHeader = emailToken.exec(failedRecipients)?.[0];
  if (fromHeader) return fromHeader;
  const bracketed = /^[ \t]*<([^<>\s]+@[^<>\s]+)>:/m.exec(text)?.[1];
  if (bracketed) return bracketed;
  const heading =
    /(?:following recipients? failed permanently|following address\(es\) failed|has not yet been delivered is|following addresses? had permanent fatal errors|Your message to)\s*:?\s*([^\n]*(?:\n[^\n]*)?)/i.exec(
      text,
    );
  const listed = heading ? emailToken.exec(heading[1]!)?.[0] : undefined;
  if (listed) return listed;
  return /RCPT TO:\s*<([^<>\s]+@[^<>\s]+)>/i.exec(text)?.[1] ?? null;
}
