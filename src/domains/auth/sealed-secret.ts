import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

// A TOTP secret must be readable to check codes, so it cannot be hashed; it is sealed with AES-256-GCM
// under a key derived from the deployment's secret key, so a copy of the database alone reveals nothing.

function keyFor(secretKey: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secretKey, 'plenary', 'staff-totp-secret', 32));
}

/** `v1.<iv>.<ciphertext>.<tag>` (base64url): the bytes sealed under the secret key. */
export function sealSecret(secretKey: string, plain: Uint8Array): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(secretKey), iv);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return ['v1', iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
}

/** The bytes of a sealed secret, or null when it was sealed under another key or altered. */
export function openSecret(secretKey: string, sealed: string): Buffer | null {
  const [version, iv, body, tag] = sealed.split('.');
  if (version !== 'v1' || !iv || !body || !tag) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFor(secretKey), Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
  } catch {
    return null;
  }
}
