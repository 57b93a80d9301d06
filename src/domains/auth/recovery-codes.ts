import { createHash, randomBytes } from 'node:crypto';
import { base32Encode } from './totp.ts';

// Recovery codes carry 80 random bits each, so a plain SHA-256 is enough to store them: unlike a password
// there is nothing to guess, and the hash does not depend on the secret key (rotating it keeps them valid).

export const recoveryCodeCount = 10;

/** A new code, shown as four groups of four ("k7qm-2xzp-…"), lower case: easy to read aloud and to type. */
export function newRecoveryCode(): string {
  const text = base32Encode(randomBytes(10)).toLowerCase();
  return text.match(/.{4}/g)?.join('-') ?? text;
}

/** The form a code is compared in: case, spaces and dashes do not matter. Null when it cannot be a recovery code. */
export function normaliseRecoveryCode(input: string): string | null {
  const clean = input.toLowerCase().replace(/[\s-]/g, '');
  return /^[a-z2-7]{16}$/.test(clean) ? clean : null;
}

/** What the database keeps of a code. */
export function hashRecoveryCode(normalised: string): string {
  return createHash('sha256').update(`staff-recovery:${normalised}`).digest('hex');
}
