import { generateKeyPairSync } from 'node:crypto';

/** A new RSA-2048 DKIM key: the private key (PEM) and the public key as it goes in the DNS record. */
export function generateDkimKey(): { privateKey: string; publicKeyBase64: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return { privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKeyBase64: der.toString('base64') };
}

/** The TXT record value to publish at `<selector>._domainkey.<domain>`. */
export function dkimTxtRecord(publicKeyBase64: string): string {
  return `v=DKIM1; k=rsa; p=${publicKeyBase64}`;
}
