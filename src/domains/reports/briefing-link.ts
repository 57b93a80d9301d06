import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../errors/app-error.ts';

/**
 * The private link a Board member reads a published briefing with, no account needed: the briefing, the Board
 * recipient it was made for (0: copied by staff from the briefing's page) and its expiry, signed with the
 * deployment's secret like the members' links (security/signed-links.ts), with its own prefix so no other
 * token is ever a briefing link. Nothing is stored; any instance can check it.
 *
 * Format: base36 briefing id "." base36 recipient id "." base36 expiry (Unix seconds) "." the first 128 bits of
 * HMAC-SHA256 (base64url). Only canonical spellings match (no leading zeros, exact tag length).
 */
const pattern = /^([1-9a-z][0-9a-z]{0,9})\.(0|[1-9a-z][0-9a-z]{0,9})\.([1-9a-z][0-9a-z]{0,9})\.([A-Za-z0-9_-]{22})$/;
const maxTokenLength = 100;

function tag(secret: string, signed: string): string {
  return createHmac('sha256', secret).update(`plenary-briefing-link:${signed}`).digest().subarray(0, 16).toString('base64url');
}

function sameString(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'latin1');
  const b = Buffer.from(expected, 'latin1');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A token for briefing `briefingId`, made for Board recipient `recipientId` (0 for staff), valid until `expiresAt`. */
export function signBriefingLink(secret: string, briefingId: number, recipientId: number, expiresAt: Date): string {
  if (!Number.isSafeInteger(briefingId) || briefingId <= 0) throw new RangeError(`not a briefing id: ${briefingId}`);
  if (!Number.isSafeInteger(recipientId) || recipientId < 0) throw new RangeError(`not a recipient id: ${recipientId}`);
  const expires = Math.max(1, Math.floor(expiresAt.getTime() / 1000));
  const signed = `${briefingId.toString(36)}.${recipientId.toString(36)}.${expires.toString(36)}`;
  return `${signed}.${tag(secret, signed)}`;
}

/**
 * The recipient id a valid token for `briefingId` carries. Throws `briefing_link_invalid` for anything malformed,
 * tampered with or made for another briefing, and `briefing_link_expired` once it has expired.
 */
export function verifyBriefingLink(secret: string, briefingId: number, token: unknown, now: Date): number {
  if (typeof token !== 'string' || token.length > maxTokenLength) throw new AppError('briefing_link_invalid');
  const match = pattern.exec(token);
  if (!match) throw new AppError('briefing_link_invalid');
  const [, id, recipient, expiry, given] = match as unknown as [string, string, string, string, string];
  if (!sameString(given, tag(secret, `${id}.${recipient}.${expiry}`))) throw new AppError('briefing_link_invalid');
  if (Number.parseInt(id, 36) !== briefingId) throw new AppError('briefing_link_invalid');
  if (Number.parseInt(expiry, 36) * 1000 < now.getTime()) throw new AppError('briefing_link_expired');
  return Number.parseInt(recipient, 36);
}

/** When a link made at `now` stops working: `days` later (BRIEFING_LINK_DAYS). */
export function briefingLinkExpiry(now: Date, days: number): Date {
  return new Date(now.getTime() + days * 86_400_000);
}

/** The path of the Board's page of a briefing, in a language, with its token. */
export function boardBriefingPath(locale: string, briefingId: number, token: string): string {
  return `/${locale}/board/briefings/${briefingId}?token=${token}`;
}
