import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * What a mail token is for: `d` the bounce (VERP) address of one delivery, `u` the mailto unsubscribe
 * address of one delivery. Both name the delivery, so each is as old as the message that carried it.
 */
export type MailTokenKind = 'd' | 'u';

const day = 24 * 60 * 60 * 1000;

/**
 * How long after its delivery was sent a token is honoured. A bounce comes back within days (a delayed
 * message is given up after five); an unsubscribe request may come from an old message, as long as the
 * unsubscribe link of that message works.
 */
export const mailTokenLifetimes: Record<MailTokenKind, number> = { d: 45 * day, u: 365 * day };

// The one spelling mailToken writes: lower case, no leading zero, exactly 12 hex digits. Anything else is
// refused, so no token has a second spelling that a replay or a guess could use.
const canonical = /^([du])([1-9]\d{0,14})\.([0-9a-f]{12})$/;

function signature(secret: string, kind: MailTokenKind, id: number): string {
  // Lower-case hex: a mail system that folds the case of a local part folds it to lower case.
  return createHmac('sha256', secret).update(`mail-token:${kind}${id}`).digest('hex').slice(0, 12);
}

/**
 * A token short enough for a local part ("d4217.9f2c41ab03de"), signed so nobody can unsubscribe or bounce
 * someone else by guessing ids. Used in bounces+TOKEN@… (VERP) and unsubscribe+TOKEN@….
 */
export function mailToken(secret: string, kind: MailTokenKind, id: number): string {
  return `${kind}${id}.${signature(secret, kind, id)}`;
}

/** The kind and delivery id of a token in its canonical spelling with a right signature; null for anything else. */
export function readMailToken(secret: string, token: string): { kind: MailTokenKind; id: number } | null {
  const match = canonical.exec(token);
  if (!match) return null;
  const kind = match[1] as MailTokenKind;
  const id = Number(match[2]);
  if (!Number.isSafeInteger(id)) return null;
  const expected = Buffer.from(signature(secret, kind, id), 'latin1');
  const given = Buffer.from(match[3]!, 'latin1');
  return timingSafeEqual(given, expected) ? { kind, id } : null;
}

/** True when a token of `kind` for a delivery sent at `sentAt` is too old to be honoured at `now`. */
export function mailTokenExpired(kind: MailTokenKind, sentAt: Date, now: Date): boolean {
  return now.getTime() - sentAt.getTime() > mailTokenLifetimes[kind];
}

/** The envelope sender that identifies one delivery when its bounce comes back (VERP). */
export function bounceAddress(secret: string, bounceDomain: string, deliveryId: number): string {
  return `bounces+${mailToken(secret, 'd', deliveryId)}@${bounceDomain}`;
}

/** The mailto unsubscribe address of one delivery, for its List-Unsubscribe header. */
export function unsubscribeAddress(secret: string, bounceDomain: string, deliveryId: number): string {
  return `unsubscribe+${mailToken(secret, 'u', deliveryId)}@${bounceDomain}`;
}
