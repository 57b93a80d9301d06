import { parseDomain, parseEmailAddress } from '../../address/email-address.ts';
import type { AppDeps } from '../../app-deps.ts';
import { moveReachToBounced } from '../announcements/announcement-reach.repository.ts';
import { type MailTokenKind, mailTokenExpired, readMailToken } from '../delivery/mail-token.ts';
import * as repo from './bounce.repository.ts';
import type { BounceReviewReason, BounceReviewTable } from './bounce-review.table.ts';
import { type Bounce, isAutomatedMessage, parseBounce } from './dsn-parser.ts';
import type { FeedbackIdentifiedBy } from './feedback-report.table.ts';
import { type FeedbackReport, isComplaint, parseFeedbackReport } from './feedback-report.ts';

export type BounceDeps = Pick<AppDeps, 'db' | 'clock' | 'secretKey' | 'config'> & {
  /** Where each recipient's outcome is reported, one line each; silent when absent. */
  log?: (line: string) => void;
};

/** A member whose different deliveries soft-bounce this many times within the window is marked bounced. */
export const softBounceLimit = 3;
export const softBounceWindowMs = 30 * 24 * 60 * 60 * 1000;
/** At most this many messages about one delivery are kept for review: whoever holds a token cannot fill the database. */
export const maxReviewsPerDelivery = 5;
/** At most this many messages tied to no delivery (feedback reports at postmaster@ or feedback@) are kept a day. */
export const maxUnmatchedReviewsPerDay = 100;
/** How much of a kept message is stored for staff to read. */
const reviewExcerptBytes = 16 * 1024;
const day = 24 * 60 * 60 * 1000;

/** What an address at the bounce domain is for. */
export type InboundRecipient =
  | { kind: 'bounce'; token: string }
  | { kind: 'unsubscribe'; token: string }
  | { kind: 'postmaster' }
  | { kind: 'feedback' }
  | { kind: 'unknown_local_part' }
  | { kind: 'other_domain' };

/** What handling one recipient of an inbound message did. */
export interface InboundOutcome {
  recipient: string;
  result: 'bounce' | 'complaint' | 'unsubscribe' | 'kept' | 'ignored' | 'error';
  detail: string;
}

function asciiDomain(domain: string): string {
  const plain = domain.trim().replace(/\.$/, '').toLowerCase();
  if (/^[\x21-\x7e]+$/.test(plain) && !plain.includes('xn--')) return plain;
  const parsed = parseDomain(plain);
  return parsed.ok ? parsed.domain.ascii : plain;
}

/**
 * Sorts an envelope recipient by its shape: bounces+TOKEN@ and unsubscribe+TOKEN@ the bounce domain (spelled as
 * Plenary writes them) are ours, postmaster@ must be accepted (RFC 5321 §4.5.1), feedback@ is the address to give
 * mailbox providers' feedback loops, anything else is refused.
 * Whether the token is genuine is checkRecipient's business.
 */
export function classifyRecipient(bounceDomain: string, address: string): InboundRecipient {
  const at = address.lastIndexOf('@');
  if (at <= 0 || asciiDomain(address.slice(at + 1)) !== asciiDomain(bounceDomain)) return { kind: 'other_domain' };
  const local = address.slice(0, at);
  const tagged = /^(bounces|unsubscribe)\+(.+)$/.exec(local);
  if (tagged) return tagged[1] === 'bounces' ? { kind: 'bounce', token: tagged[2]! } : { kind: 'unsubscribe', token: tagged[2]! };
  if (local.toLowerCase() === 'postmaster') return { kind: 'postmaster' };
  if (local.toLowerCase() === 'feedback') return { kind: 'feedback' };
  return { kind: 'unknown_local_part' };
}

/** Whether to take mail for a recipient at RCPT TO, and the SMTP reply when not. */
export type RecipientCheck = { accept: true } | { accept: false; code: number; message: string; reason: string };

type Resolved = { ok: true; delivery: repo.DeliveryForToken } | { ok: false; reason: string };

/** The delivery a token of `kind` names, when the token is genuine, canonical and not expired. */
async function resolveToken(deps: BounceDeps, kind: MailTokenKind, token: string): Promise<Resolved> {
  const read = readMailToken(deps.secretKey, token);
  if (!read) return { ok: false, reason: 'forged or malformed token' };
  if (read.kind !== kind) return { ok: false, reason: `a ${read.kind} token where a ${kind} token belongs` };
  const delivery = await repo.findDeliveryForToken(deps.db, read.id);
  if (!delivery) return { ok: false, reason: `delivery ${read.id} does not exist` };
  if (mailTokenExpired(kind, new Date(delivery.sent_at ?? delivery.created_at), deps.clock.now())) {
    return { ok: false, reason: `the token of delivery ${read.id} has expired` };
  }
  return { ok: true, delivery };
}

/**
 * Decides at RCPT TO, before any message text is received, whether mail for `address` is taken: only the
 * bounce domain, only genuine tokens of the right kind that have not expired, and postmaster. A refused
 * token costs the sender nothing it would miss: a real bounce comes from the null sender, so nothing bounces back.
 */
export async function checkRecipient(deps: BounceDeps, address: string): Promise<RecipientCheck> {
  const target = classifyRecipient(deps.config.bounceDomain, address);
  if (target.kind === 'other_domain') {
    return { accept: false, code: 550, message: '5.7.1 Relay access denied: this server only receives mail for its own domain', reason: 'not our domain' };
  }
  if (target.kind === 'unknown_local_part') return { accept: false, code: 550, message: '5.1.1 No such mailbox here', reason: 'no such mailbox' };
  if (target.kind === 'postmaster' || target.kind === 'feedback') return { accept: true };
  const resolved = await resolveToken(deps, target.kind === 'bounce' ? 'd' : 'u', target.token);
  return resolved.ok ? { accept: true } : { accept: false, code: 550, message: '5.1.1 No such mailbox here', reason: resolved.reason };
}

/**
 * Handles one message received by `plenary mx`, recipient by recipient: a bounce at a VERP address is recorded
 * on its delivery and member, mail from a person at an unsubscribe address unsubscribes the member, and what
 * looks like a bounce but does not count as one is kept for staff to review. Tokens are checked again (the
 * server checked them at RCPT TO; this function must be safe alone). One recipient's failure does not stop
 * the others; it is reported in the outcome and logged.
 */
export async function handleInboundMail(deps: BounceDeps, envelope: { rcptTo: string[]; mailFrom: string }, raw: Buffer): Promise<InboundOutcome[]> {
  const outcomes: InboundOutcome[] = [];
  let bounce: Promise<Bounce | null> | undefined;
  let report: Promise<FeedbackReport | null> | undefined;
  for (const recipient of envelope.rcptTo) {
    let outcome: Omit<InboundOutcome, 'recipient'>;
    try {
      const target = classifyRecipient(deps.config.bounceDomain, recipient);
      if (target.kind === 'bounce' || target.kind === 'unsubscribe') {
        const resolved = await resolveToken(deps, target.kind === 'bounce' ? 'd' : 'u', target.token);
        if (!resolved.ok) outcome = { result: 'ignored', detail: resolved.reason };
        else if (target.kind === 'unsubscribe') outcome = await handleUnsubscribe(deps, envelope.mailFrom, resolved.delivery, raw);
        else {
          // Parsed once for every VERP recipient, and only once a token has proved genuine.
          report ??= parseFeedbackReport(raw);
          const feedback = await report;
          if (feedback) {
            outcome = await handleFeedbackReport(deps, { mailFrom: envelope.mailFrom, rcptTo: recipient }, feedback, raw, {
              delivery: resolved.delivery,
              by: 'verp_address',
            });
          } else {
            bounce ??= parseBounce(raw);
            outcome = await handleBounce(deps, { mailFrom: envelope.mailFrom, rcptTo: recipient }, resolved.delivery, raw, await bounce);
          }
        }
      } else if (target.kind === 'postmaster' || target.kind === 'feedback') {
        // Feedback loops write to the address they were given (feedback@, often postmaster@); nothing else there is read.
        report ??= parseFeedbackReport(raw);
        const feedback = await report;
        outcome = feedback
          ? await handleFeedbackReport(deps, { mailFrom: envelope.mailFrom, rcptTo: recipient }, feedback, raw, await deliveryInReport(deps, feedback))
          : { result: 'ignored', detail: `mail to ${target.kind} that is not a feedback report is not read` };
      } else {
        outcome = { result: 'ignored', detail: `not ours (${target.kind})` };
      }
    } catch (error) {
      outcome = { result: 'error', detail: (error as Error).message };
    }
    const full = { recipient, ...outcome };
    outcomes.push(full);
    deps.log?.(`${full.result}: mail from <${envelope.mailFrom}> to <${recipient}>: ${full.detail}`);
  }
  return outcomes;
}

/**
 * Why a bounce must not count, or null when it does: a genuine bounce comes from the null reverse-path
 * (RFC 5321 §4.5.5) and names what it is about, our Message-ID or the delivery's recipient; and a bounce about a
 * message sent before the member was last subscribed says nothing about the address they have now confirmed.
 */
function reviewReason(mailFrom: string, delivery: repo.DeliveryForToken, bounce: Bounce, raw: Buffer): BounceReviewReason | null {
  if (mailFrom !== '') return 'sender_not_null';
  if (!namesDelivery(delivery, bounce, raw)) return 'names_neither';
  const sentAt = delivery.sent_at ?? delivery.created_at;
  const couldChange = delivery.member_status === 'subscribed' || delivery.member_status === 'pending';
  if (couldChange && delivery.member_status_at > sentAt) return 'before_resubscription';
  return null;
}

/** True when the report names the Message-ID of the delivery or the address it was sent to. */
function namesDelivery(delivery: repo.DeliveryForToken, bounce: Bounce, raw: Buffer): boolean {
  const messageId = delivery.message_id?.replace(/^<|>$/g, '');
  // The returned headers quote our Message-ID verbatim; a byte search needs no parsing.
  if (messageId && raw.includes(messageId)) return true;
  if (!bounce.recipient) return false;
  const named = parseEmailAddress(bounce.recipient, { specialUseDomains: 'allow' });
  return named.ok && named.address.dedupeKey === delivery.member_email_key;
}

async function handleBounce(
  deps: BounceDeps,
  envelope: { mailFrom: string; rcptTo: string },
  delivery: repo.DeliveryForToken,
  raw: Buffer,
  bounce: Bounce | null,
): Promise<Omit<InboundOutcome, 'recipient'>> {
  if (!bounce) return { result: 'ignored', detail: `not a bounce (delivery ${delivery.id})` };
  const reason = reviewReason(envelope.mailFrom, delivery, bounce, raw);
  if (reason) return keepForReview(deps, envelope, delivery, raw, bounce, reason);
  const now = deps.clock.now();
  const memberBounced = await deps.db.transaction().execute(async (trx) => {
    await repo.insertBounce(trx, {
      delivery_id: delivery.id,
      member_id: delivery.member_id,
      received_at: now.toISOString(),
      kind: bounce.kind,
      status_code: bounce.statusCode,
      diagnostic: bounce.diagnostic,
    });
    const details = { deliveryId: delivery.id, statusCode: bounce.statusCode };
    if (bounce.kind === 'hard') {
      if (await repo.markDeliveryBounced(trx, delivery.id, bounce.diagnostic ?? bounce.statusCode, now)) await moveReachToBounced(trx, delivery.id);
      return repo.changeMemberStatus(trx, {
        memberId: delivery.member_id,
        from: ['subscribed', 'pending'],
        to: 'bounced',
        kind: 'bounced_hard',
        actorLabel: 'mail system',
        at: now,
        details,
      });
    }
    // A soft bounce leaves the delivery sent: the message may yet arrive, or the next one will.
    const softBounces = await repo.countSoftBouncedDeliveries(trx, delivery.member_id, new Date(now.getTime() - softBounceWindowMs));
    if (softBounces < softBounceLimit) return false;
    return repo.changeMemberStatus(trx, {
      memberId: delivery.member_id,
      from: ['subscribed', 'pending'],
      to: 'bounced',
      kind: 'bounced_soft',
      actorLabel: 'mail system',
      at: now,
      details: { ...details, softBounces },
    });
  });
  const status = bounce.statusCode ?? 'no status';
  return {
    result: 'bounce',
    detail: `${bounce.kind} ${status} for delivery ${delivery.id}${memberBounced ? `; member ${delivery.member_id} is now bounced` : ''}`,
  };
}

/** What a kept message said: a bounce's kind, status and reply, or a feedback report's type and sender. */
type ReviewSummary = Pick<BounceReviewTable, 'kind'> & Pick<Bounce, 'statusCode' | 'diagnostic' | 'recipient'>;

/**
 * Stores a message that did not count, for staff to see: a few per delivery at most, and a few a day of those
 * tied to no delivery (anyone may write to postmaster@), so nobody can fill the database.
 */
async function keepForReview(
  deps: BounceDeps,
  envelope: { mailFrom: string; rcptTo: string },
  delivery: repo.DeliveryForToken | null,
  raw: Buffer,
  bounce: ReviewSummary,
  reason: BounceReviewReason,
): Promise<Omit<InboundOutcome, 'recipient'>> {
  const about = delivery ? `delivery ${delivery.id}` : 'no delivery';
  const kept = delivery
    ? await repo.countBounceReviews(deps.db, delivery.id)
    : await repo.countUnmatchedReviewsSince(deps.db, new Date(deps.clock.now().getTime() - day));
  if (kept >= (delivery ? maxReviewsPerDelivery : maxUnmatchedReviewsPerDay)) {
    return { result: 'ignored', detail: `${reason} for ${about}; ${kept} already kept for review` };
  }
  await repo.insertBounceReview(deps.db, {
    received_at: deps.clock.now().toISOString(),
    reason,
    delivery_id: delivery?.id ?? null,
    member_id: delivery?.member_id ?? null,
    mail_from: envelope.mailFrom,
    rcpt_to: envelope.rcptTo,
    kind: bounce.kind,
    status_code: bounce.statusCode,
    // What the sender wrote, so PostgreSQL's text must be spared NUL.
    diagnostic: bounce.diagnostic?.replaceAll('\0', '') ?? null,
    report_recipient: bounce.recipient?.replaceAll('\0', '') ?? null,
    excerpt: raw.subarray(0, reviewExcerptBytes).toString('utf8').replaceAll('\0', ''),
  });
  return { result: 'kept', detail: `kept for review (${reason}): ${bounce.kind} ${bounce.statusCode ?? 'no status'} for ${about}` };
}

/** Where a feedback report's delivery was found, and whether that proves the report is about our message. */
type ReportDelivery = { delivery: repo.DeliveryForToken; by: FeedbackIdentifiedBy | 'feedback_id' } | { delivery: null };

// A VERP address quoted in the reported message's headers (its Return-Path, usually).
const quotedVerpToken = /\bbounces\+([a-z0-9.]{1,40})@/gi;

/**
 * The delivery a report that came to postmaster@ or feedback@ is about, from the reported message's headers: a
 * genuine VERP token (Return-Path) or our Message-ID, either of which only a holder of the message knows; failing
 * those, our Feedback-ID with the recipient the report names, which anyone could guess (so it is not acted on).
 */
async function deliveryInReport(deps: BounceDeps, report: FeedbackReport): Promise<ReportDelivery> {
  for (const match of report.original.header.matchAll(quotedVerpToken)) {
    const resolved = await resolveToken(deps, 'd', match[1]!);
    if (resolved.ok) return { delivery: resolved.delivery, by: 'verp_in_report' };
  }
  if (report.original.messageId) {
    const delivery = await repo.findDeliveryByMessageId(deps.db, report.original.messageId);
    if (delivery) return { delivery, by: 'message_id' };
  }
  const feedbackId = /^(\d{1,15}):\d{1,15}:announcement:plenary$/.exec(report.original.feedbackId ?? '');
  const named = reportRecipientKey(report);
  if (feedbackId && named) {
    const delivery = await repo.findDeliveryByRecipient(deps.db, Number(feedbackId[1]), named);
    if (delivery) return { delivery, by: 'feedback_id' };
  }
  return { delivery: null };
}

/** The address key of the recipient a report names (Original-Rcpt-To, or the reported message's To). */
function reportRecipientKey(report: FeedbackReport): string | null {
  for (const candidate of [report.recipient, report.original.to?.replace(/^.*<([^>]*)>.*$/, '$1') ?? null]) {
    if (!candidate) continue;
    const parsed = parseEmailAddress(candidate, { specialUseDomains: 'allow' });
    if (parsed.ok) return parsed.address.dedupeKey;
  }
  return null;
}

/**
 * Why a feedback report must not count as the member's complaint, or null when it does. The rules of bounces
 * hold, except the null sender (feedback loops write from an address of theirs): it must be a complaint, tied to
 * the delivery by something only a holder of the message knows, naming the message or its recipient when it came
 * to the VERP address, and not about a message older than the member's latest subscription.
 */
function feedbackReviewReason(found: ReportDelivery, report: FeedbackReport, raw: Buffer): BounceReviewReason | null {
  if (!found.delivery) return 'feedback_unmatched';
  if (!isComplaint(report)) return 'feedback_not_complaint';
  if (found.by === 'feedback_id') return 'feedback_unproved';
  const delivery = found.delivery;
  if (found.by === 'verp_address') {
    const messageId = delivery.message_id?.replace(/^<|>$/g, '');
    const namesMessage = messageId !== undefined && messageId !== '' && raw.includes(messageId);
    if (!namesMessage && reportRecipientKey(report) !== delivery.member_email_key) return 'names_neither';
  }
  const couldChange = delivery.member_status === 'subscribed' || delivery.member_status === 'pending';
  if (couldChange && delivery.member_status_at > (delivery.sent_at ?? delivery.created_at)) return 'before_resubscription';
  return null;
}

/**
 * Acts on a feedback report (ARF, RFC 5965): a member's complaint unsubscribes them (history:
 * `unsubscribed_complaint`, with what was waiting for their confirmation withdrawn) and is counted once per
 * delivery in its announcement's report. Anything that does not count is kept for review, never acted on.
 */
async function handleFeedbackReport(
  deps: BounceDeps,
  envelope: { mailFrom: string; rcptTo: string },
  report: FeedbackReport,
  raw: Buffer,
  found: ReportDelivery,
): Promise<Omit<InboundOutcome, 'recipient'>> {
  const summary: ReviewSummary = {
    kind: 'feedback',
    statusCode: report.feedbackType.replaceAll('\0', '').slice(0, 40),
    diagnostic: report.userAgent?.replaceAll('\0', '') ?? null,
    recipient: report.recipient,
  };
  const reason = feedbackReviewReason(found, report, raw);
  if (reason || !found.delivery || found.by === 'feedback_id')
    return keepForReview(deps, envelope, found.delivery, raw, summary, reason ?? 'feedback_unproved');
  const { delivery, by } = found;
  const now = deps.clock.now();
  const unsubscribed = await deps.db.transaction().execute(async (trx) => {
    if (!(await repo.hasFeedbackReport(trx, delivery.id))) {
      await repo.insertFeedbackReport(trx, {
        received_at: now.toISOString(),
        announcement_id: delivery.announcement_id,
        delivery_id: delivery.id,
        member_id: delivery.member_id,
        feedback_type: summary.statusCode!,
        user_agent: summary.diagnostic?.slice(0, 200) ?? null,
        identified_by: by,
      });
    }
    await repo.withdrawConfirmation(trx, delivery.member_id);
    return repo.changeMemberStatus(trx, {
      memberId: delivery.member_id,
      from: ['subscribed', 'pending', 'bounced'],
      to: 'unsubscribed',
      kind: 'unsubscribed_complaint',
      actorLabel: 'mail system',
      at: now,
      details: { deliveryId: delivery.id, announcementId: delivery.announcement_id, feedbackType: summary.statusCode, userAgent: summary.diagnostic },
    });
  });
  return {
    result: 'complaint',
    detail: `${summary.statusCode} report for delivery ${delivery.id} (${by})${unsubscribed ? `; member ${delivery.member_id} unsubscribed` : ''}`,
  };
}

/** The header section of a message (up to the first empty line): all that says whether a machine sent it. */
function headerSection(raw: Buffer): Buffer {
  // The end of the last header line, its line break kept.
  const ends = [raw.indexOf('\r\n\r\n') + 2, raw.indexOf('\n\n') + 1].filter((end) => end > 1);
  return ends.length === 0 ? raw : raw.subarray(0, Math.min(...ends));
}

async function handleUnsubscribe(deps: BounceDeps, mailFrom: string, delivery: repo.DeliveryForToken, raw: Buffer): Promise<Omit<InboundOutcome, 'recipient'>> {
  const member = delivery.member_id;
  // The null sender is a mail system (a bounce, a delivery notice), never the member asking.
  if (mailFrom === '') return { result: 'ignored', detail: `mail from the null sender for member ${member}` };
  // An auto-reply that reached this address is not the member's choice (RFC 3834 says to answer the envelope
  // sender, but some auto-responders answer every address they find).
  if (await isAutomatedMessage(headerSection(raw))) return { result: 'ignored', detail: `automated message for member ${member}` };
  if ((await parseBounce(raw)) !== null) return { result: 'ignored', detail: `a bounce for member ${member}` };
  const changed = await repo.changeMemberStatus(deps.db, {
    memberId: member,
    from: ['pending', 'subscribed', 'bounced'],
    to: 'unsubscribed',
    kind: 'unsubscribed_email',
    actorLabel: 'member',
    at: deps.clock.now(),
    details: { deliveryId: delivery.id },
  });
  return { result: 'unsubscribe', detail: changed ? `member ${member} unsubscribed` : `member ${member} was not subscribed` };
}

/** Messages kept for review, newest first, a page at a time (older than `beforeId`). */
export function listKeptBounces(deps: Pick<BounceDeps, 'db'>, page: { limit: number; beforeId?: number }): Promise<repo.BounceReviewListing[]> {
  return repo.listBounceReviews(deps.db, page);
}
