import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors/app-error.ts';

/** What a signed link lets its holder do; a token for one purpose is refused for another. */
export type LinkPurpose = 'confirm' | 'manage' | 'unsubscribe';

interface LinkPayload {
  p: LinkPurpose;
  m: number;
  e: number;
}

function mac(secret: string, body: string): Buffer {
  return createHmac('sha256', secret).update(body).digest();
}

/**
 * A compact, tamper-proof token for an emailed link: the member id, the purpose and an expiry,
 * signed with the deployment's secret. Nothing is stored, so any instance can check it.
 */
export function signLink(secret: string, purpose: LinkPurpose, memberId: number, expiresAt: Date): string {
  const body = Buffer.from(JSON.stringify({ p: purpose, m: memberId, e: Math.floor(expiresAt.getTime() / 1000) })).toString('base64url');
  return `${body}.${mac(secret, body).toString('base64url')}`;
}

/** The member id of a valid token for `purpose`; throws link_invalid (tampered, wrong purpose) or link_expired. */
export function verifyLink(secret: string, purpose: LinkPurpose, token: string, now: Date): number {
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined) throw new AppError('link_invalid');
  const expected = mac(secret, body);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new AppError('link_invalid');
  let payload: LinkPayload;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as LinkPayload;
  } catch {
    throw new AppError('link_invalid');
  }
  if (payload.p !== purpose || !Number.isInteger(payload.m)) throw new AppError('link_invalid');
  if (payload.e * 1000 < now.getTime()) throw new AppError('link_expired');
  return payload.m;
}
