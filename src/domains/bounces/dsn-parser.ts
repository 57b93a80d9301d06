import { type ParsedMail, simpleParser } from 'mailparser';

/**
 * Hard: the recipient's address does not work (no such user, no such domain); the member is marked bounced at
 * once. Soft: anything else — the address may work later, or what was refused was the message or its sender.
 */
export type BounceKind = 'hard' | 'soft';

/**
 * What was refused. Only mailbox_unknown and domain_unknown are about the recipient's address (and so can be
 * hard); every other category is about the mailbox's state, the message, the sender (us), or the way between.
 */
export type BounceCategory =
  | 'mailbox_unknown'
  | 'domain_unknown'
  | 'mailbox_disabled'
  | 'mailbox_full'
  | 'message_too_large'
  | 'rate_limit'
  | 'policy_sender'
  | 'policy_content'
  | 'network'
  | 'other';

/** What a bounce says about one failed delivery. */
export interface Bounce {
  kind: BounceKind;
  category: BounceCategory;
  /** The RFC 3463 enhanced status ("5.1.1"); "5.0.0"/"4.0.0" when only a basic SMTP reply code was given. */
  statusCode: string | null;
  /** The remote server's reply or the report's explanation, whitespace collapsed, at most 500 characters. */
  diagnostic: string | null;
  /** The recipient the report names; informational only, since the VERP address identifies the delivery. */
  recipient: string | null;
}

// Input bounds. Every pattern below is linear in the text it sees, and the text is bounded too, so a hostile
// message costs little: the report comes before the returned message, so nothing past the first MiB matters,
// the mail system's own words fit in 64 KiB, and no SMTP reply line is longer than 1,000 characters (RFC 5321).
const maxParsedBytes = 1024 * 1024;
const maxScannedChars = 64 * 1024;
const maxLineChars = 2000;
const maxDiagnosticLength = 500;

/**
 * Categories by what the text says was refused, first match wins. The soft categories come before the two
 * hard ones on purpose: "550 5.1.1 … blocked using spamhaus" is a refusal of us, whatever the status says.
 * Patterns see lower-cased text whose runs of white space are one space; gaps are bounded ({0,n}) so that no
 * pattern backtracks over the whole text. Phrases are those of the mail systems in the sisimai corpus.
 */
export const categoryPatterns: readonly { category: BounceCategory; pattern: RegExp }[] = [
  // Office 365 with directory-based edge blocking says this for an address that does not exist.
  { category: 'mailbox_unknown', pattern: /recipient address rejected: access denied|resolver\.adr\.recipient ?not ?found/ },
  // The mailbox exists and will take mail again once emptied.
  {
    category: 'mailbox_full',
    pattern:
      /mailbox (?:is )?full|mailbox (?:is )?over|over ?quota|quota (?:exceeded|exceed|full)|exceed(?:s|ed)? (?:the |your |its )?(?:storage|quota|mailbox)|insufficient (?:system )?storage|not enough (?:disk )?space|disk quota|mailbox size limit|storage (?:limit|allocation)|user has exhausted|full mailbox|mailbox (?:has )?(?:exceeded|reached)|メールボックスが一杯/,
  },
  {
    category: 'message_too_large',
    pattern:
      /message (?:is )?too (?:big|large|long)|message size|size (?:limit|exceeds)|exceeds? (?:the )?(?:maximum|max|size)|line limit exceeded|line (?:is )?too long|too (?:big|large) for/,
  },
  {
    category: 'rate_limit',
    pattern:
      /too many (?:connections|recipients|messages|sessions|concurrent|mails|emails)|rate limit|rate that|at a rate|relay quota|sending (?:quota|limit)|(?:daily|hourly) (?:sending )?(?:limit|quota)|throttl|connection limit|gr[ae]ylist|too fast|has sent to too many|exceeded (?:the )?(?:maximum )?number/,
  },
  // The account exists but is switched off; it may come back, and three soft bounces mark the member anyway.
  {
    category: 'mailbox_disabled',
    pattern:
      /(?:account|mailbox|user|address)(?: [^ ]{1,64}){0,3} (?:is|has been|was) (?:disabled|inactive|suspended|deactivated|frozen|locked|blocked|bloque|discontinued|closed)|(?:account|mailbox) (?:disabled|suspended|inactive|frozen|locked)|disabled ?user|not an active (?:user|account|mailbox)/,
  },
  // Refusals of us: our sender address or domain, our servers' IP, name or reputation, our authentication.
  {
    category: 'policy_sender',
    pattern:
      /sender (?:address |domain )?(?:rejected|denied|refused|blocked|verify failed|unknown|not allowed|invalid)|domain of sender|sender domain|unroutable sender|from: domain|invalid (?:sender|from)|envelope sender|mail from (?:rejected|refused)|not allowed to send|address is not verified|identities failed|\bspf\b|dkim|dmarc|sender policy|sender-id|authentication (?:required|is required|failed)|smtp auth|unauthenticated|must (?:authenticate|be authenticated)|\bptr\b|reverse dns|rdns|reverse (?:lookup|mapping|record)|mismatches client|client host|block ?list|black ?list|blocked using|(?<!not )listed (?:at|in|on|by)|spamhaus|spamcop|sorbs|\bdnsbl\b|\brbl\b|\(bl\)|reputation|your ip|ip (?:address )?(?:is )?(?:blocked|rejected|listed|banned|not allowed)|ip for sending|host network not allowed|access denied|relay(?:ing)? (?:denied|not permitted|not allowed|access denied|prohibited)|unable to relay|relaying|not permitted to relay|open relay|not accepting (?:mail|connections|messages)|service unavailable; client/,
  },
  // Refusals of the message itself: its content, its form, a filter of the recipient's choosing.
  {
    category: 'policy_content',
    pattern:
      /spam|virus|malware|infected|phish|content (?:rejected|filter|policy)|message (?:rejected|filtered|refused|blocked)|mail rejected|rejected due to content|suspicious|bulk|not compliant|rfc ?(?:5322|2822|822|5321)|duplicate header|header (?:error|syntax)|recipient preferences|filtered|junk|prohibited attachment|protocol violation/,
  },
  // A local delivery program failed on their side ("procmail: Couldn't create …"): not the address.
  { category: 'other', pattern: /procmail|mailer error|x-unix|internal (?:system )?error|system error|command died|transaction failed/ },
  {
    category: 'mailbox_unknown',
    pattern:
      /user unknown|unknown (?:user|recipient|mailbox|address|local|e-?mail)|no such (?:user|mailbox|recipient|address|person|account|local user)|(?:user|mailbox|recipient|address|account)(?: [^ ]{1,64}){0,3} (?:does not|doesn't|did not|not|no longer) exists?|(?:user|mailbox|recipient|address|account) (?:not found|unknown|invalid|not known|not valid|unavailable)|invalid (?:recipient|mailbox|address|user|e-?mail)|not a (?:valid|known) (?:recipient|mailbox|user|address)|is not a known user|no mailbox|mailbox (?:not found|not present|unavailable|is unavailable|invalid)|recipient (?:rejected|not found|not ok|does not exist|is not local|not exist)|bad (?:destination )?(?:recipient|mailbox|address)|address (?:invalid|unknown|not present|no longer)|no longer (?:valid|accepts mail|in use|exists)|has moved|not our customer|no account by that name|there is no one at this address|utilisateur inconnu|usuario desconocido|nessun utente|no existe|tried to reach does not exist|badrcptto|recipientnotfound|recipnotfound|doesn't have an? [^ ]{1,64} account|not listed in|recipient name is not recognized|invalid (?:final )?delivery userid|no valid recipients/,
  },
  {
    category: 'domain_unknown',
    pattern:
      /host (?:or domain name )?not found|host unknown|unknown host|domain (?:not found|unknown|does not exist|name not found|is not valid)|no such domain|unknown domain|no (?:mx|dns) (?:record|entry)|no mx|nxdomain|unroutable (?:mail )?(?:domain|address)|unrouteable (?:mail )?(?:domain|address)|host [^ ]{1,255} not found|(?:does|do) not accept (?:any )?mail|null ?mx|indicated no smtp service|domain (?:[^ ]{1,64} )?does not exist|domain is not reachable|couldn't find a mail exchanger|not accepting network messages|^5(?:21|56)[ -]/,
  },
  {
    category: 'network',
    pattern:
      /expired|timed? ?out|connection (?:refused|reset|closed|lost|dropped)|could not deliver for the last|retry (?:time|timeout)|in the queue too long|too many hops|hop count|routing loop|mail loop|loops back|dns (?:query )?fail|name service error|name server|lookup fail|\btls\b|starttls|\bssl\b|unreachable|no route to|not responding|giving up|could not find a gateway|aborted after/,
  },
];

// The category a status code gives when the text names none (RFC 3463 subjects and details). X.1.7 and X.1.8
// are the sender's address; X.6 the message's content; X.7 security and policy.
const statusCategories: readonly [RegExp, BounceCategory][] = [
  [/^\d\.1\.(?:1|3|6|10)$/, 'mailbox_unknown'],
  [/^\d\.1\.2$/, 'domain_unknown'],
  [/^\d\.1\.[78]$/, 'policy_sender'],
  [/^\d\.2\.1$/, 'mailbox_disabled'],
  [/^\d\.2\.2$/, 'mailbox_full'],
  [/^\d\.(?:2\.3|3\.4)$/, 'message_too_large'],
  [/^\d\.4\.\d{1,3}$/, 'network'],
  [/^\d\.6\.\d{1,3}$/, 'policy_content'],
  [/^\d\.7\.\d{1,3}$/, 'policy_sender'],
];
// Statuses that say the refusal concerns the sender, the message or the mailbox's state: no wording of the
// reply makes them a hard bounce ("553 5.1.7 No such domain" is about our own domain).
const statusNeverAboutTheAddress = /^\d\.(?:1\.[78]|2\.[23]|3\.4|6\.\d{1,3}|7\.\d{1,3})$/;
const hardCategories: ReadonlySet<BounceCategory> = new Set(['mailbox_unknown', 'domain_unknown']);
const commandsBeforeRecipient: ReadonlySet<string> = new Set(['mail from', 'helo', 'ehlo']);

// A reply code followed by an enhanced status ("550 5.1.1", "550-5.1.1", "501: 5.1.8"). The look-behind keeps
// IP addresses (192.0.2.550…) and longer numbers out; the subject is 0–7 (RFC 3463), which keeps most version
// numbers out too. Postfix may fold the line between the two ("said: 550\n 5.1.1 …"): at most three separators.
const replyWithStatus = /(?<![\d.])([245]\d\d)(?:[ :-]|\n ?){1,3}#?([245]\.[0-7]\.\d{1,3})(?!\d|\.\d)/;
// An enhanced status alone, as qmail writes it ("(#5.1.1)") or a report quotes it ("Status code: 550 5.1.10").
const statusAlone = /(?<![\d.\w])#?([245]\.[0-7]\.\d{1,3})(?!\d|\.\d)/;
// A basic reply code where an MTA quotes a remote reply: at the start of a line, or after "said:", "]:" and the like.
const basicReply = /(?:^[ >]{0,8}|(?:said|returned(?: was)?|error|reason|response|\])[:\s'"]{1,4})([45][0-5]\d)[ -](?=\S)/im;
// Multi-line replies repeat the code on every line ("550-5.1.1 …"): the diagnostic keeps it once.
const repeatedReplyCode = /\n ?[245]\d\d[ -](?:[245]\.\d{1,3}\.\d{1,3} )?/g;
// The SMTP command a refusal answered: Postfix and Exim say "in reply to … command", Sendmail's transcript shows
// ">>> DATA" before the "<<< 550" reply. After DATA the address had been accepted already, so a "user unknown"
// then is a filter refusing the message, not a missing mailbox.
const commandInReply = /in reply to (?:end of )?(data|rcpt to|mail from|helo|ehlo)|refused to accept your message \((data)\)/i;
const transcriptReply = /^<<< ?[45]\d\d/m;
const transcriptCommand = /^>>> ?(data|rcpt to|mail from|helo|ehlo)\b/gim;
const pipelinedData = /^<<< ?5\d\d[ -][^\n]{0,200}(?:rcpt|recipient)/im;
// In a list of failed recipients ("a@x: 550 …\nb@y: 552 …") the next one's line ends the first one's reply.
const nextRecipientLine = /\n ?<?[^\s@<>]{1,64}@[^\s:<>]{1,255}>? ?: /;

// Where a non-standard bounce starts quoting the returned message: nothing below is the mail system talking.
const returnedMessageMarkers = [
  /^-+ ?Below this line is a copy of the message/im,
  /^-+ ?This is a copy of the message/im,
  /^-+ ?Original message ?-+/im,
  /^-+ ?Original Message Details/im,
  /^-+ ?(?:The )?(?:original|returned|undelivered) message (?:follows|headers follow)/im,
  /^-+ ?Message header follows/im,
  /^-+ ?Returned Message ?-+/im,
  /^ ?Below is a copy of the original message/im,
  // Exchange inlines the returned message's headers in the notice itself (in the sender's language).
  /^ ?(?:Original message headers|En-têtes de message d'origine|Originale Nachrichtenkopfzeilen) ?:/im,
];

// Written only by mail systems, never by a person's auto-reply.
const mailSystemMarkers = [
  /This is the qmail-send program/i,
  /This is the mail system at host/i,
  /This is the MAILER-DAEMON/i,
  /This message was created automatically by mail delivery software/i,
  /This is an automatically generated (?:message|Delivery Status Notification)/i,
  /Delivery to the following recipients? (?:failed permanently|has been delayed)/i,
  /could not be delivered to one or more (?:of its )?recipients/i,
  /(?:message|mail) (?:to .{1,200} )?(?:couldn't|could not|cannot|can't) be delivered/i,
  /has not yet been delivered to one or more of its recipients/i,
  /The following addresses had (?:permanent fatal errors|delivery errors)/i,
  /Delivery has failed to these recipients or groups/i,
  /An error has occurred while attempting to deliver/i,
  /There was an error delivering your mail/i,
  /We had trouble delivering your message/i,
  /Could not be delivered to:/i,
];

const bounceSubjects =
  /^(?:Undeliver(?:ed|able)|Mail delivery failed|Delivery Status Notification|Delivery status notification|Returned mail|failure notice|Delivery failure|Delayed Mail|Warning: message .{0,200} delayed|Mail System Error|Nondeliverable|There was an error sending your mail|メールエラー通知)/i;
const mailSystemSenders = /^(?:mailer-?daemon|postmaster|post_master|mail-daemon|mail\.delivery\.system|microsoftexchange[0-9a-f]{0,40})(?:@|$)/i;
const mailSystemNames = /^(?:mailer[- ]?daemon|mail delivery (?:system|subsystem)|mail deliver system)$/i;
const delayedWords =
  /Delivery to the following recipients? has been delayed|has not yet been delivered|THIS IS A WARNING ONLY|will (?:continue to )?(?:be )?retr(?:y|ied)|Delivery attempts will continue/i;
const delayedSubjects = /^(?:Warning: message .{0,200} delayed|Delayed Mail|Delivery Status Notification \(Delay\))/i;

// Amazon SES bounce notifications arrive as JSON, bare or wrapped in an SNS notification.
const sesNotification = /"notificationType"\s{0,4}:\s{0,4}"Bounce"|\\"notificationType\\"\s{0,4}:\s{0,4}\\"Bounce\\"/;

const emailToken = /[^\s<>"'()[\],;:@]{1,64}@(?:[^\s<>"'()[\],;:@.]{1,63}\.){1,10}[^\s<>"'()[\],;:@.]{1,63}/u;
const bracketedRecipient = /^ ?<([^<>\s]{1,64}@[^<>\s]{1,255})> ?:/m;
const recipientHeading =
  /(?:following recipients? failed permanently|following address\(es\) failed|has not yet been delivered is|following addresses? had (?:permanent fatal|delivery) errors|following list of recipients|delivered to|Your message to|error delivering your mail to|returned permanent errors)\s{0,4}:?\s{0,4}([^\n]{0,300}(?:\n[^\n]{0,300}){0,2})/i;
const addresses = new RegExp(emailToken.source, 'gu');
const links = /\b(?:https?|ftp):\/\/([^\s/<>"'?#]{1,255})[^\s<>"']{0,2000}/gi;
const rcptToRecipient = /RCPT TO: ?<([^<>\s]{1,64}@[^<>\s]{1,255})>/i;

// Text normalisation: line endings, runs of white space, delivery-status fields and paragraphs.
const lineBreaks = /\r\n?/g;
const newlines = /\n/g;
const horizontalSpace = /[^\S\n]+/g;
const anySpace = /\s+/g;
const paragraphBreak = /\n ?\n/;
const foldedLine = /\n /g;
const statusField = /^([A-Za-z0-9-]{1,64}) ?: ?(.*)$/;
const typePrefix = /^[A-Za-z0-9-]{1,64} ?; ?/;
const angleAddress = /<([^<>]{1,320})>/;
const enhancedStatus = /([245]\.\d{1,3}\.\d{1,3})/;
const genericStatus = /\.0\.0$/;
const actionWord = /[\s(]/;

/** Every pattern of this file, so that a test can run each one against hostile input. */
export const allPatterns: readonly RegExp[] = [
  ...categoryPatterns.map((c) => c.pattern),
  ...statusCategories.map(([p]) => p),
  statusNeverAboutTheAddress,
  replyWithStatus,
  statusAlone,
  basicReply,
  repeatedReplyCode,
  commandInReply,
  transcriptReply,
  transcriptCommand,
  pipelinedData,
  nextRecipientLine,
  ...returnedMessageMarkers,
  ...mailSystemMarkers,
  bounceSubjects,
  mailSystemSenders,
  mailSystemNames,
  delayedWords,
  delayedSubjects,
  sesNotification,
  emailToken,
  bracketedRecipient,
  recipientHeading,
  rcptToRecipient,
  addresses,
  links,
  lineBreaks,
  newlines,
  horizontalSpace,
  anySpace,
  paragraphBreak,
  foldedLine,
  statusField,
  typePrefix,
  angleAddress,
  enhancedStatus,
  genericStatus,
  actionWord,
];

/**
 * Reads a message received at a VERP address and says whether it is a bounce, and of which kind and category.
 * RFC 3464 delivery status reports are read field by field; Amazon SES notifications from their JSON; the common
 * non-standard bounces (qmail, old Exim, old Gmail, plain Postfix…) from their text. Null when the message is not
 * a bounce (an auto-reply, a person's reply, a report that the message was delivered or relayed) or cannot be
 * parsed at all (mailparser refuses, for instance, more than 1,000 nested parts).
 */
export async function parseBounce(raw: Buffer | string): Promise<Bounce | null> {
  const mail = await parse(raw);
  if (!mail) return null;
  const report = deliveryStatusPart(mail);
  if (report !== null) {
    // Null: a report whose recipients were all delivered, relayed or expanded is a success notice, not a bounce.
    const fromReport = readDeliveryStatus(report, mailSystemText(mail));
    if (fromReport !== undefined) return fromReport;
  }
  return readSesNotification(mail) ?? readPlainBounce(mail);
}

/** True when the message says it was sent by a machine (RFC 3834 Auto-Submitted, or the usual auto-reply headers). */
export async function isAutomatedMessage(raw: Buffer | string): Promise<boolean> {
  const mail = await parse(raw);
  if (!mail) return false;
  const autoSubmitted = headerText(mail, 'auto-submitted').toLowerCase();
  if (autoSubmitted && autoSubmitted !== 'no') return true;
  if (mail.headers.has('x-autoreply') || mail.headers.has('x-autorespond')) return true;
  return /^(?:bulk|junk|auto_reply)$/i.test(headerText(mail, 'precedence'));
}

/**
 * What was refused, from the reply's words first and its status second. A status about the sender, the message
 * or the mailbox's state (X.1.7, X.1.8, X.2.2, X.2.3, X.3.4, X.6.x, X.7.x) is never overridden by words about a
 * missing address; a missing address reported after DATA (the address had been accepted) is a filter, and one
 * reported before RCPT TO (no address had been named yet) is a refusal of the sender.
 */
export function categorize(statusCode: string | null, text: string, command: string | null = null): BounceCategory {
  const fromText = textCategory(text);
  const fromStatus = statusCode ? (statusCategories.find(([pattern]) => pattern.test(statusCode))?.[1] ?? null) : null;
  let category = fromText ?? fromStatus ?? 'other';
  if (statusCode && statusNeverAboutTheAddress.test(statusCode) && hardCategories.has(category)) category = fromStatus ?? 'other';
  if (category === 'mailbox_unknown' && command === 'data') category = 'policy_content';
  // Before RCPT TO no recipient has been named: a refusal then is of our server or our sender address.
  if (hardCategories.has(category) && command !== null && commandsBeforeRecipient.has(command)) category = 'policy_sender';
  return category;
}

/** Hard only for a permanent (5.x.x or uncoded) failure about the recipient's address; everything else is soft. */
export function kindOf(category: BounceCategory, statusCode: string | null, action: 'failed' | 'delayed'): BounceKind {
  if (action === 'delayed' || (statusCode !== null && statusCode[0] !== '5')) return 'soft';
  return hardCategories.has(category) ? 'hard' : 'soft';
}

/** Hard or soft for a status and a diagnostic; the kind categorize and kindOf give together. */
export function classify(statusCode: string | null, diagnostic: string, action: 'failed' | 'delayed'): BounceKind {
  return kindOf(categorize(statusCode, diagnostic), statusCode, action);
}

function textCategory(text: string): BounceCategory | null {
  if (text === '') return null;
  // Addresses and links are not words of the reply ("<filtered@example.org>", "…/reason/#filtered"); a link's
  // host still is ("http://www.spamhaus.org/query/bl?ip=…" says who blocked us).
  const words = scannable(text).replace(links, ' $1 ').replace(addresses, ' ').replace(horizontalSpace, ' ');
  const lower = words.toLowerCase();
  return categoryPatterns.find(({ pattern }) => pattern.test(lower))?.category ?? null;
}

/** Bounded text with LF line endings, each run of white space one space and no line longer than maxLineChars. */
function scannable(text: string): string {
  const lines = text.slice(0, maxScannedChars).replace(lineBreaks, '\n').replace(horizontalSpace, ' ').split('\n');
  return lines.map((line) => (line.length > maxLineChars ? line.slice(0, maxLineChars) : line)).join('\n');
}

async function parse(raw: Buffer | string): Promise<ParsedMail | null> {
  try {
    // Returned messages stay attachments (ignoreEmbedded), so their text never mixes with the report's.
    return await simpleParser(withLineFeeds(raw), {
      keepDeliveryStatus: true,
      ignoreEmbedded: true,
      skipTextToHtml: true,
      skipImageLinks: true,
      checksumAlgo: false,
    });
  } catch {
    return null;
  }
}

/**
 * The first maxParsedBytes of the message with LF line endings: mailparser reads a message whose lines end in
 * CR alone (old Mac mail systems) as one endless header line. CR is never part of a UTF-8 sequence, so bytes are
 * rewritten as latin1 without harming the rest.
 */
function withLineFeeds(raw: Buffer | string): Buffer | string {
  if (typeof raw === 'string') return raw.slice(0, maxParsedBytes).replace(lineBreaks, '\n');
  const bytes = raw.length > maxParsedBytes ? raw.subarray(0, maxParsedBytes) : raw;
  if (!bytes.includes(13)) return bytes;
  return Buffer.from(bytes.toString('latin1').replace(lineBreaks, '\n'), 'latin1');
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
  return part ? part.content.subarray(0, maxScannedChars).toString('utf8') : null;
}

/** The field groups of a delivery-status body: the per-message group first, then one per recipient. */
function fieldGroups(body: string): Map<string, string>[] {
  return scannable(body)
    .split(paragraphBreak)
    .map((block) => {
      const fields = new Map<string, string>();
      for (const line of block.replace(foldedLine, ' ').split('\n')) {
        const match = statusField.exec(line);
        if (match && !fields.has(match[1]!.toLowerCase())) fields.set(match[1]!.toLowerCase(), match[2]!.trim());
      }
      return fields;
    })
    .filter((fields) => fields.size > 0);
}

/** "rfc822; user@example.org" → "user@example.org"; "smtp; 550 …" → "550 …". */
function withoutTypePrefix(value: string | undefined): string | null {
  if (!value) return null;
  const text = value.replace(typePrefix, '').trim();
  return text === '' ? null : text;
}

function cleanAddress(value: string | null): string | null {
  if (!value) return null;
  const inBrackets = angleAddress.exec(value);
  const text = (inBrackets ? inBrackets[1]! : value).trim();
  return text.includes('@') ? text : null;
}

function collapse(text: string | null): string | null {
  if (!text) return null;
  const collapsed = text.slice(0, maxScannedChars).replace(anySpace, ' ').trim();
  return collapsed === '' ? null : collapsed.slice(0, maxDiagnosticLength);
}

/** The SMTP command the first refusal in the text answered, lower-cased, or null when the text does not say. */
function commandOf(text: string): string | null {
  const bounded = scannable(text);
  const phrase = commandInReply.exec(bounded);
  if (phrase) return (phrase[1] ?? phrase[2]!).toLowerCase();
  const reply = transcriptReply.exec(bounded);
  if (!reply) return null;
  let command: string | null = null;
  for (const match of bounded.slice(0, reply.index).matchAll(transcriptCommand)) command = match[1]!.toLowerCase();
  // With PIPELINING, ">>> DATA" is sent before the RCPT TO reply arrives; a later "503 … need RCPT" or
  // "554 no valid recipients" is then the answer to DATA, and the first refusal was of the recipient.
  const lineEnd = bounded.indexOf('\n', reply.index);
  if (command === 'data' && lineEnd >= 0 && pipelinedData.test(bounded.slice(lineEnd))) return 'rcpt to';
  return command;
}

/**
 * The bounce in a delivery status report; null when every recipient it names was delivered, relayed or
 * expanded; undefined when it names no recipient at all (a broken report: read the text instead). Only the
 * first failed (or else delayed) recipient counts: a VERP address belongs to one delivery, so one recipient.
 * The human-readable part (text) says what the fields leave out: the command refused, or the reply itself.
 */
function readDeliveryStatus(body: string, text: string): Bounce | null | undefined {
  const recipients = fieldGroups(body).filter((g) => g.has('final-recipient') || g.has('original-recipient') || g.has('action') || g.has('status'));
  if (recipients.length === 0) return undefined;
  const actionOf = (g: Map<string, string>) => (g.get('action') ?? '').toLowerCase().split(actionWord)[0] ?? '';
  const failed = recipients.find((g) => actionOf(g) === 'failed' || (actionOf(g) === '' && (g.get('status') ?? '').startsWith('5')));
  const chosen = failed ?? recipients.find((g) => actionOf(g) === 'delayed' || (actionOf(g) === '' && (g.get('status') ?? '').startsWith('4')));
  if (!chosen) return null;
  const diagnostic = collapse(withoutTypePrefix(chosen.get('diagnostic-code')));
  let statusCode = enhancedStatus.exec(chosen.get('status') ?? '')?.[1] ?? null;
  // Some MTAs report a generic X.0.0 and keep the remote's specific status in the diagnostic: use that one.
  const fromDiagnostic = diagnostic ? enhancedStatusIn(diagnostic) : null;
  if (!statusCode || (genericStatus.test(statusCode) && fromDiagnostic?.[0] === statusCode[0])) statusCode = fromDiagnostic ?? statusCode;
  const recipient = cleanAddress(withoutTypePrefix(chosen.get('final-recipient'))) ?? cleanAddress(withoutTypePrefix(chosen.get('original-recipient')));
  const action = actionOf(chosen) === 'delayed' ? 'delayed' : 'failed';
  // Without a diagnostic the report's text is the only account of the refusal.
  const words = diagnostic ?? findFailure(text)?.diagnostic ?? text;
  const category = notAboutTheAddressAfterAll(categorize(statusCode, words, commandOf(text)), text);
  return { kind: kindOf(category, statusCode, action), category, statusCode, diagnostic: diagnostic ?? collapse(words), recipient };
}

/**
 * A missing address by the report's fields, but the report's own words say the refusal was of something else
 * ("Your message was rejected: not enough disk space"): the softer reading wins, since a hard bounce cannot be
 * undone by the member. A VERP message has one recipient, so the words are about that one.
 */
function notAboutTheAddressAfterAll(category: BounceCategory, text: string): BounceCategory {
  if (!hardCategories.has(category)) return category;
  const fromText = textCategory(text);
  return fromText !== null && !hardCategories.has(fromText) ? fromText : category;
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

/** The part of a non-standard bounce's text written by the mail system, without the returned message. */
function mailSystemText(mail: ParsedMail): string {
  let text = scannable(mail.text ?? '');
  for (const marker of returnedMessageMarkers) {
    const at = text.search(marker);
    if (at >= 0) text = text.slice(0, at);
  }
  return text;
}

/** An Amazon SES bounce notification (JSON, bare or inside an SNS envelope); null when the text is not one. */
function readSesNotification(mail: ParsedMail): Bounce | null {
  const text = (mail.text ?? '').slice(0, maxScannedChars);
  if (!sesNotification.test(text)) return null;
  const notification = sesBounce(text);
  const first = notification?.bounce?.bouncedRecipients?.[0];
  if (!notification || !first) return null;
  const diagnostic = collapse(withoutTypePrefix(first.diagnosticCode));
  const statusCode = enhancedStatus.exec(first.status ?? '')?.[1] ?? (diagnostic ? enhancedStatusIn(diagnostic) : null);
  const category = categorize(statusCode, diagnostic ?? '');
  // "Transient" is SES's own word that the address may work later.
  const action = notification.bounce?.bounceType === 'Transient' ? 'delayed' : 'failed';
  return { kind: kindOf(category, statusCode, action), category, statusCode, diagnostic, recipient: first.emailAddress ?? null };
}

interface SesBounce {
  bounce?: { bounceType?: string; bouncedRecipients?: { emailAddress?: string; status?: string; diagnosticCode?: string }[] };
}

function sesBounce(text: string): SesBounce | null {
  try {
    // Mail systems wrap long lines, even inside JSON strings.
    const json = text
      .slice(text.indexOf('{'), text.lastIndexOf('}') + 1)
      .replace(lineBreaks, '\n')
      .replace(newlines, '');
    const outer = JSON.parse(json) as SesBounce & { Message?: string };
    return typeof outer.Message === 'string' ? (JSON.parse(outer.Message) as SesBounce) : outer;
  } catch {
    return null;
  }
}

function isFromMailSystem(mail: ParsedMail, text: string, failedRecipients: string): boolean {
  const from = mail.from?.value[0];
  if (mailSystemSenders.test(from?.address ?? '') || mailSystemNames.test(from?.name ?? '')) return true;
  return failedRecipients !== '' || mailSystemMarkers.some((m) => m.test(text));
}

/** A non-standard bounce, read from its text; null when nothing says a mail system wrote it. */
function readPlainBounce(mail: ParsedMail): Bounce | null {
  const text = mailSystemText(mail);
  const failedRecipients = headerText(mail, 'x-failed-recipients').slice(0, maxLineChars);
  const subject = (mail.subject ?? '').slice(0, maxLineChars);
  const failure = findFailure(text);
  const byMailSystem = isFromMailSystem(mail, text, failedRecipients);
  if (!byMailSystem && !(bounceSubjects.test(subject) && failure)) return null;

  const delayed = delayedWords.test(text) || delayedSubjects.test(subject);
  const statusCode = failure?.statusCode ?? null;
  const diagnostic = failure?.diagnostic ?? null;
  // The reply's words first; the whole text only when they say nothing about what was refused.
  const words = diagnostic !== null && textCategory(diagnostic) !== null ? diagnostic : text;
  const category = categorize(statusCode, words, commandOf(text));
  return {
    kind: kindOf(category, statusCode, delayed ? 'delayed' : 'failed'),
    category,
    statusCode,
    diagnostic,
    recipient: firstRecipient(failedRecipients, text),
  };
}

/** The first remote reply quoted in the text: its status and the reply from the code to the end of its paragraph. */
function findFailure(text: string): { statusCode: string; diagnostic: string } | null {
  const withReply = replyWithStatus.exec(text);
  const alone = statusAlone.exec(text);
  const basic = basicReply.exec(text);
  const match = withReply ?? basic ?? alone;
  if (!match) return null;
  const statusCode = withReply ? withReply[2]! : alone ? alone[1]! : `${basic![1]![0]}.0.0`;
  const start = withReply ? withReply.index : basic ? basic.index + basic[0].length - basic[1]!.length - 1 : alone!.index;
  let paragraph = text
    .slice(Math.max(0, start), start + maxScannedChars)
    .split(paragraphBreak)[0]!
    .split(nextRecipientLine)[0]!;
  // qmail puts the explanation before the code: "Sorry, no mailbox here by that name. (#5.1.1)".
  if (!withReply && !basic && alone) paragraph = lineAround(text, alone.index);
  const diagnostic = paragraph.replace(repeatedReplyCode, ' ');
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
  const bracketed = bracketedRecipient.exec(text)?.[1];
  if (bracketed) return bracketed;
  const heading = recipientHeading.exec(text);
  const listed = heading ? emailToken.exec(heading[1]!)?.[0] : undefined;
  if (listed) return listed;
  return rcptToRecipient.exec(text)?.[1] ?? null;
}
