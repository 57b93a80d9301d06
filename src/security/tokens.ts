import { createHash, randomBytes } from 'node:crypto';

/** A new unguessable token (256 bits, base64url) for a cookie or a one-time link. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database keeps instead of a token: its SHA-256, so a leaked table grants nothing. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
