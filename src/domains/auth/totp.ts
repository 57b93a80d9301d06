import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

// Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP), as authenticator apps expect them:
// HMAC-SHA1, 30-second steps, 6 digits. Written on node:crypto so there is no dependency to trust.

export const totpStepSeconds = 30;
export const totpDigits = 6;
/** Steps accepted either side of now, for clocks that drift and codes typed near a step's end. */
export const totpWindow = 1;
export type TotpAlgorithm = 'sha1' | 'sha256' | 'sha512';

const base32Alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding: the form authenticator apps take a secret in. */
export function base32Encode(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += base32Alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += base32Alphabet[(value << (5 - bits)) & 31];
  return out;
}

/** Decodes base32 (case, spaces and padding ignored); throws on any other character. */
export function base32Decode(text: string): Buffer {
  const clean = text.toUpperCase().replace(/[\s=]/g, '');
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of clean) {
    const index = base32Alphabet.indexOf(char);
    if (index < 0) throw new RangeError('not base32');
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

/** A new random secret: 160 bits, the length RFC 4226 recommends for HMAC-SHA1. */
export function newTotpSecret(): Buffer {
  return randomBytes(20);
}

/** The HOTP value of `counter` (RFC 4226 §5.3: dynamic truncation), as a zero-padded string of `digits`. */
export function hotp(secret: Uint8Array, counter: number | bigint, digits = totpDigits, algorithm: TotpAlgorithm = 'sha1'): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm, secret).update(message).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** The step a moment falls in (Unix seconds / 30, rounded down). */
export function totpStep(at: Date): number {
  return Math.floor(at.getTime() / 1000 / totpStepSeconds);
}

/** The TOTP code at a moment. */
export function totpAt(secret: Uint8Array, at: Date, digits = totpDigits, algorithm: TotpAlgorithm = 'sha1'): string {
  return hotp(secret, totpStep(at), digits, algorithm);
}

/**
 * The step whose code `code` is, within ±1 step of now and later than `lastStep`, or null. Refusing
 * steps up to the last accepted one means a code, once used, cannot be used again within its window.
 */
export function matchTotp(secret: Uint8Array, code: string, now: Date, lastStep: number | null): number | null {
  const digits = code.replace(/[\s-]/g, '');
  if (!/^\d{6}$/.test(digits)) return null;
  const current = totpStep(now);
  let matched: number | null = null;
  // Every candidate is computed and compared in constant time, so timing does not tell which step matched.
  for (let step = current - totpWindow; step <= current + totpWindow; step++) {
    const same = timingSafeEqual(Buffer.from(hotp(secret, step)), Buffer.from(digits));
    if (same && (lastStep === null || step > lastStep) && matched === null) matched = step;
  }
  return matched;
}

/** The otpauth:// URI an authenticator app reads from the QR code (Key Uri Format). */
export function otpauthUri(issuer: string, accountName: string, secret: Uint8Array): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(accountName)}`;
  const params = new URLSearchParams({ secret: base32Encode(secret), issuer, algorithm: 'SHA1', digits: String(totpDigits), period: String(totpStepSeconds) });
  return `otpauth://totp/${label}?${params.toString()}`;
}
