import { parseDomain } from '../../address/email-address.ts';
import type { AppDeps } from '../../app-deps.ts';
import { readMailToken } from '../delivery/mail-token.ts';
import * as repo from './bounce.repository.ts';
import { type Bounce, isAutomatedMessage, parseBounce } from './dsn-parser.ts';

export type BounceDeps = Pick<AppDeps, 'db' | 'clock' | 'secretKey' | 'config'> & {
  /** Where each recipient's outcome is reported, one line each; silent when absent. */
  log?: (line: string) => void;
};

/** A member whose different deliveries soft-bounce this many times within the window is marked bounced. */
export const softBounceLimit = 3;
export const softBounceWindowMs = 30 * 24 * 60 * 60 * 1000;

/** What an address at the bounce domain is for. */
export type InboundRecipient =
  | { kind: 'bounce'; token: string }
  | { kind: 'unsubscribe'; token: string }
  | { kind: 'postmaster' }
  | { kind: 'unknown_local_part' }
  | { kind: 'other_domain' };

/** What handling one recipient of an inbound message did. */
export interface InboundOutcome {
  recipient: string;
  result: 'bounce' | 'unsubscribe' | 'ignored' | 'error';
  detail: string;
}

function asciiDomain(domain: string): string {
  const plain = domain.trim().replace(/\.$/, '').toLowerCase();
  if (/^[\x21-\x7e]+$/.test(plain) && !plain.includes('xn--')) return plain;
  const parsed = parseDomain(plain);
  return parsed.ok ? parsed.domain.ascii : plain;
}

/**
 * Sorts an envelope recipient: bounces+TOKEN@ and unsubscribe+TOKEN@ the bounce domain are ours (whether the
 * token is genuine is decided later), postmaster@ must be accepted (RFC 5321 §4.5.1), anything else is refused.
 */
export function classifyRecipient(bounceDomain: string, address: string): InboundRecipient {
  const at = address.lastIndexOf('@');
  if (at <= 0 || asciiDomain(address.slice(at + 1)) !== asciiDomain(bounceDomain)) return { kind: 'other_domain' };
  const local = address.slice(0, at);
  const tagged = /^(bounces|unsubscribe)\+(.+)$/i.exec(local);
  if (tagged) return tagged[1]!.toLowerCase() === 'bounces' ? { kind: 'bounce', token: tagged[2]! } : { kind: 'unsubscribe', token: tagged[2]! };
  if (local.toLowerCase() === 'postmaster') return { kind: 'postmaster' };
  return { kind: 'unknown_local_part' };
}

/**
 * Handles one message received by `plenary mx`, recipient by recipient: a bounce at a VERP address is recorded
 * on its delivery and member, mail at an unsubscribe address unsubscribes the member. Forged tokens, unknown
 * deliveries and messages that are not bounces are ignored and logged. One recipient's failure does not stop
 * the others; it is reported in the outcome and logged.
 */
export async function handleInboundMail(deps: BounceDeps, envelope: { rcptTo: string[]; mailFrom: string }, raw: Buffer): Promise<InboundOutcome[]> {
  const outcomes: InboundOutcome[] = [];
  let bounce: Promise<Bounce | null> | undefined;
  for (const recipient of envelope.rcptTo) {
    let outcome: Omit<InboundOutcome, 'recipient'>;
    try {
      const target = classifyRecipient(deps.config.bounceDomain, recipient);
      if (target.kind === 'bounce') {
        bounce ??= parseBounce(raw);
        outcome = await handleBounce(deps, target.token, bounce);
      } else if (target.kind === 'unsubscribe') {
        outcome = await handleUnsubscribe(deps, target.token, raw);
      } else {
        outcome = { result: 'ignored', detail: target.kind === 'postmaster' ? 'mail to postmaster is not read' : `not ours (${target.kind})` };
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

async function handleBounce(deps: BounceDeps, token: string, parsing: Promise<Bounce | null>): Promise<Omit<InboundOutcome, 'recipient'>> {
  const read = readMailToken(deps.secretKey, token);
  if (!read) return { result: 'ignored', detail: 'forged or malformed delivery token' };
  if (read.kind !== 'd') return { result: 'ignored', detail: 'not a delivery token' };
  const delivery = await repo.findDeliveryForBounce(deps.db, read.id);
  if (!delivery) return { result: 'ignored', detail: `delivery ${read.id} no longer exists` };
  const bounce = await parsing;
  if (!bounce) return { result: 'ignored', detail: `not a bounce (delivery ${delivery.id})` };
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
      await repo.markDeliveryBounced(trx, delivery.id, bounce.diagnostic ?? bounce.statusCode, now);
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

async function handleUnsubscribe(deps: BounceDeps, token: string, raw: Buffer): Promise<Omit<InboundOutcome, 'recipient'>> {
  const read = readMailToken(deps.secretKey, token);
  if (!read) return { result: 'ignored', detail: 'forged or malformed member token' };
  if (read.kind !== 'm') return { result: 'ignored', detail: 'not a member token' };
  // An auto-reply or a bounce that reached this address is not the member's choice (RFC 3834 says to answer the
  // envelope sender, but some auto-responders answer every address they find).
  if (await isAutomatedMessage(raw)) return { result: 'ignored', detail: `automated message for member ${read.id}` };
  if ((await parseBounce(raw)) !== null) return { result: 'ignored', detail: `a bounce for member ${read.id}` };
  const changed = await repo.changeMemberStatus(deps.db, {
    memberId: read.id,
    from: ['pending', 'subscribed', 'bounced'],
    to: 'unsubscribed',
    kind: 'unsubscribed_email',
    actorLabel: 'member',
    at: deps.clock.now(),
  });
  return { result: 'unsubscribe', detail: changed ? `member ${read.id} unsubscribed` : `member ${read.id} was not subscribed` };
}
