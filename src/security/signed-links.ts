import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../errors/app-error.ts';

/** What a signed link lets its holder do; a token for one purpose is refused for another. */
/** `event`: a member's one-click registration link; `registration`: a registrant's cancel link (the id is the registration's). */
export type LinkPurpose = 'confirm' | 'manage' | 'unsubscribe' | 'event' | 'registration';

const purposeCodes = { confirm: 'c', manage: 'm', unsubscribe: 'u', event: 'e', registration: 'r' } as const satisfies Record<LinkPurpose, string>;

/**
 * The compact format: purpose letter and member id, "." expiry (Unix seconds), "." the first 128 bits of
 * HMAC-SHA256 over the part before the last dot — all base36 except the tag (base64url). About 38
 * characters for the largest id, so links fit the router's parameter limit and any mail client.
 * The regex admits only canonical spellings (no leading zeros, exact tag length); the tag is then
 * compared as a string, so no lenient decoder can make two spellings of one signature.
 */
const compactPattern = /^([cmuer])([1-9a-z][0-9a-z]{0,9})\.([1-9a-z][0-9a-z]{0,9})\.([A-Za-z0-9_-]{22})$/;
const compactTagBytes = 16;

/** The format sent until compact tokens: base64url(JSON {p, m, e}) "." base64url(HMAC-SHA256). Still verified, so links already in inboxes work. */
const legacyPattern = /^([A-Za-z0-9_-]{1,200})\.([A-Za-z0-9_-]{43})$/;
const legacyPayload = z.strictObject({
  p: z.enum(['confirm', 'manage', 'unsubscribe']),
  m: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  e: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
});

/** Longer than any token either format can produce: refused before any work. */
const maxTokenLength = 300;

function hmac(secret: string, text: string): Buffer {
  return createHmac('sha256', secret).update(text).digest();
}

function compactTag(secret: string, signed: string): string {
  return hmac(secret, `plenary-link:${signed}`).subarray(0, compactTagBytes).toString('base64url');
}

/** Constant-time equality of two ASCII strings (false at once when the lengths differ, which is not secret). */
function sameString(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'latin1');
  const b = Buffer.from(expected, 'latin1');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * A compact, tamper-proof token for an emailed link: the member id, the purpose and an expiry,
 * signed with the deployment's secret. Nothing is stored, so any instance can check it.
 */
export function signLink(secret: string, purpose: LinkPurpose, memberId: number, expiresAt: Date): string {
  if (!Number.isSafeInteger(memberId) || memberId <= 0) throw new RangeError(`not a member id: ${memberId}`);
  const expires = Math.max(1, Math.floor(expiresAt.getTime() / 1000));
  const signed = `${purposeCodes[purpose]}${memberId.toString(36)}.${expires.toString(36)}`;
  return `${signed}.${compactTag(secret, signed)}`;
}

/** The purpose, member id and expiry (seconds) a well-signed token carries, in either format; null for anything else. */
function readToken(secret: string, token: string): { purpose: LinkPurpose; memberId: number; expires: number } | null {
  const compact = compactPattern.exec(token);
  if (compact) {
    const [, code, id, expiry, tag] = compact as unknown as [string, string, string, string, string];
    if (!sameString(tag, compactTag(secret, `${code}${id}.${expiry}`))) return null;
    const purpose = (Object.keys(purposeCodes) as LinkPurpose[]).find((p) => purposeCodes[p] === code) as LinkPurpose;
    const memberId = Number.parseInt(id, 36);
    const expires = Number.parseInt(expiry, 36);
    return Number.isSafeInteger(memberId) && Number.isSafeInteger(expires) ? { purpose, memberId, expires } : null;
  }
  const legacy = legacyPattern.exec(token);
  if (!legacy) return null;
  const [, body, signature] = legacy as unknown as [string, string, string];
  if (!sameString(signature, hmac(secret, body).toString('base64url'))) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const payload = legacyPayload.safeParse(json);
  return payload.success ? { purpose: payload.data.p, memberId: payload.data.m, expires: payload.data.e } : null;
}

/**
 * The member id of a valid token for `purpose`; throws link_expired when it has expired and
 * link_invalid for anything else (malformed, not canonical, tampered, wrong purpose, not a string).
 */
export function verifyLink(secret: string, purpose: LinkPurpose, token: string, now: Date): number {
  if (typeof token !== 'string' || token.length > maxTokenLength) throw new AppError('link_invalid');
  const read = readToken(secret, token);
  if (!read || read.purpose !== purpose) throw new AppError('link_invalid');
  if (read.expires * 1000 < now.getTime()) throw new AppError('link_expired');
  return read.memberId;
}
