import { createHmac } from 'node:crypto';

/** What a short mail token points at: a delivery (VERP bounce address) or a member (unsubscribe by email). */
export type MailTokenKind = 'd' | 'm';

function signature(secret: string, kind: MailTokenKind, id: number): string {
  // Lower-case hex: mail systems may fold the case of a local part.
  return createHmac('sha256', secret).update(`mail-token:${kind}${id}`).digest('hex').slice(0, 12);
}

/**
 * A token short enough for a local part ("d4217.9f2c41ab03de"), signed so nobody can unsubscribe or bounce
 * someone else by guessing ids. Used in bounces+TOKEN@… (VERP) and unsubscribe+TOKEN@….
 */
export function mailToken(secret: string, kind: MailTokenKind, id: number): string {
  return `${kind}${id}.${signature(secret, kind, id)}`;
}

/** The kind and id of a token, or null when it is malformed or its signature is wrong. */
export function readMailToken(secret: string, token: string): { kind: MailTokenKind; id: number } | null {
  const match = /^([dm])(\d{1,12})\.([0-9a-f]{12})$/.exec(token.toLowerCase());
  if (!match) return null;
  const kind = match[1] as MailTokenKind;
  const id = Number(match[2]);
  return signature(secret, kind, id) === match[3] ? { kind, id } : null;
}

/** The envelope sender that identifies one delivery when its bounce comes back (VERP). */
export function bounceAddress(secret: string, bounceDomain: string, deliveryId: number): string {
  return `bounces+${mailToken(secret, 'd', deliveryId)}@${bounceDomain}`;
}

/** The mailto unsubscribe address of a member, for the List-Unsubscribe header. */
export function unsubscribeAddress(secret: string, bounceDomain: string, memberId: number): string {
  return `unsubscribe+${mailToken(secret, 'm', memberId)}@${bounceDomain}`;
}
