import { cleanLine } from '../../security/human-text.ts';

// RFC 5322 atext: a phrase made only of these (and spaces) needs no quoting.
const atomPhrase = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+(?: [A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+)*$/;
const dotAtom = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+(?:\.[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+)*$/;

/**
 * RFC 2047 encoded words ("B", base64) for a phrase: B is always allowed in a phrase (Q would need the phrase's
 * restricted character set), and each word is cut between characters with at most 45 bytes of UTF-8, so it stays
 * within the 75 characters an encoded word may have (RFC 2047 §2) and no character is split across two words.
 */
export function encodedPhrase(text: string): string {
  const words: string[] = [];
  let chunk = '';
  for (const ch of text) {
    if (Buffer.byteLength(chunk + ch) > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w).toString('base64')}?=`).join(' ');
}

/** A display name as an RFC 5322 phrase: atoms as they are, other ASCII quoted, anything else encoded (RFC 2047). */
export function phrase(text: string): string {
  if (atomPhrase.test(text)) return text;
  if (/^[\x20-\x7e]*$/.test(text)) return `"${text.replace(/["\\]/g, '\\$&')}"`;
  return encodedPhrase(text);
}

/**
 * The List-Id header value (RFC 2919): `Name <label.namespace>`, the network's name as the phrase and its
 * slug under the site's host name as the identifier. A host that is no domain name (an IPv6 literal) gives the
 * RFC's unmanaged namespace, `localhost`.
 */
export function listIdHeader(networkName: string, slug: string, host: string): string {
  const namespace = dotAtom.test(host) ? host.toLowerCase() : 'localhost';
  const label = slug.toLowerCase().replace(/[^a-z0-9-]+/g, '-') || 'network';
  const name = cleanLine(networkName).trim();
  const id = `<${label}.${namespace}>`;
  return name ? `${phrase(name)} ${id}` : id;
}
