import { type ParsedMail, simpleParser } from 'mailparser';

/**
 * Feedback types that are a member's complaint about our mail (RFC 5965 `abuse`, `fraud`; the draft's `opt-out`
 * and `opt-out-list` that some feedback loops still send). The others are not the member's choice: `auth-failure`
 * (RFC 6591) is about our SPF/DKIM, `virus` about the content, `not-spam` (RFC 6650) the opposite of a complaint.
 */
export const complaintFeedbackTypes: ReadonlySet<string> = new Set(['abuse', 'fraud', 'opt-out', 'opt-out-list']);

/** What an ARF feedback report (RFC 5965) says, and the headers of the message it is about. */
export interface FeedbackReport {
  /** Feedback-Type, lower case ("abuse", "auth-failure", …); "other" when missing. */
  feedbackType: string;
  /** User-Agent: the feedback loop that sent it ("Yahoo!-Mail-Feedback/2.0"). */
  userAgent: string | null;
  /** Original-Rcpt-To (or the draft's Removal-Recipient), often redacted by the provider. */
  recipient: string | null;
  /** The reported message's header fields (lower-case names), from its message/rfc822 or text/rfc822-headers part. */
  original: { messageId: string | null; returnPath: string | null; feedbackId: string | null; to: string | null; header: string };
}

// Bounds, as for bounces: the report and the returned headers come first, and nothing past them matters.
const maxParsedBytes = 1024 * 1024;
const maxFieldsChars = 16 * 1024;
const maxHeaderChars = 64 * 1024;
const maxValueChars = 500;

const fieldLine = /^([A-Za-z][A-Za-z0-9-]{0,76}):[ \t]*(.{0,2000})$/;
const originalParts = new Set(['message/rfc822', 'text/rfc822-headers', 'text/rfc822-header', 'message/rfc822-headers']);

async function parse(raw: Buffer): Promise<ParsedMail | null> {
  try {
    return await simpleParser(raw.length > maxParsedBytes ? raw.subarray(0, maxParsedBytes) : raw, {
      ignoreEmbedded: true,
      skipTextToHtml: true,
      skipImageLinks: true,
      checksumAlgo: false,
    } as Parameters<typeof simpleParser>[1]);
  } catch {
    return null;
  }
}

/** Header fields of a header block, unfolded; the first of each name wins (a forged duplicate after ours is ignored). */
export function headerFields(block: string): Map<string, string> {
  const fields = new Map<string, string>();
  const unfolded = block.replace(/\r\n?/g, '\n').replace(/\n[ \t]+/g, ' ');
  for (const line of unfolded.split('\n')) {
    if (line === '') break;
    const match = fieldLine.exec(line);
    const name = match?.[1]?.toLowerCase();
    if (name && !fields.has(name)) fields.set(name, match![2]!.trim().slice(0, maxValueChars));
  }
  return fields;
}

/**
 * Reads an ARF feedback report (RFC 5965: multipart/report with a message/feedback-report part), as mailbox
 * providers' feedback loops send when a recipient marks a message as spam. Null for anything else (a bounce, a
 * person's mail, a forwarded complaint in another format) and for what cannot be parsed.
 */
export async function parseFeedbackReport(raw: Buffer): Promise<FeedbackReport | null> {
  const mail = await parse(raw);
  if (!mail) return null;
  const report = mail.attachments.find((a) => a.contentType === 'message/feedback-report');
  if (!report) return null;
  const fields = headerFields(`${report.content.subarray(0, maxFieldsChars).toString('utf8')}\n`);
  const original = mail.attachments.find((a) => originalParts.has(a.contentType));
  const header = original
    ? (original.content
        .subarray(0, maxHeaderChars)
        .toString('utf8')
        .split(/\r?\n\r?\n/)[0] ?? '')
    : '';
  const originalFields = headerFields(header);
  return {
    feedbackType: (fields.get('feedback-type') ?? 'other').toLowerCase().trim() || 'other',
    userAgent: fields.get('user-agent') ?? null,
    recipient: withoutBrackets(fields.get('original-rcpt-to') ?? fields.get('removal-recipient') ?? null),
    original: {
      messageId: withoutBrackets(originalFields.get('message-id') ?? null),
      returnPath: withoutBrackets(originalFields.get('return-path') ?? null),
      feedbackId: originalFields.get('feedback-id') ?? null,
      to: originalFields.get('to') ?? null,
      header,
    },
  };
}

/** "<a@b>" → "a@b"; "rfc822; a@b" → "a@b". */
function withoutBrackets(value: string | null): string | null {
  const plain = value
    ?.replace(/^rfc822;\s*/i, '')
    .trim()
    .replace(/^<(.*)>$/, '$1')
    .trim();
  return plain ? plain : null;
}

/** True when the report is a member's complaint (spam, fraud, opt-out), not an authentication or virus report. */
export function isComplaint(report: FeedbackReport): boolean {
  return complaintFeedbackTypes.has(report.feedbackType);
}
