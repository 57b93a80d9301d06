import { createHmac, timingSafeEqual } from 'node:crypto';

/** A signed "form shown at" stamp: bots that post faster than a person can type are told apart without state. */
export function stampForm(secret: string, now: Date): string {
  const at = String(now.getTime());
  return `${at}.${createHmac('sha256', secret).update(`form:${at}`).digest('base64url')}`;
}

/** Milliseconds since the form was shown, or null when the stamp is missing or forged. */
export function formAge(secret: string, stamp: unknown, now: Date): number | null {
  if (typeof stamp !== 'string') return null;
  const [at, signature] = stamp.split('.');
  if (!at || !signature) return null;
  const expected = createHmac('sha256', secret).update(`form:${at}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return now.getTime() - Number(at);
}
