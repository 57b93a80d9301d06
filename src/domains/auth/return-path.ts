// Where sign-in sends a person back to. The value comes from a query string or a hidden field, so it is
// attacker-chosen: browsers strip tabs and newlines while parsing a Location ("/\t/evil" becomes the
// protocol-relative "//evil"), and CR or LF cannot go into a header at all. Only printable ASCII survives,
// and the result must still resolve to our own origin once parsed.

const maxLength = 2000;
const printableAscii = /^[\x21-\x7e]+$/;
const probeOrigin = 'https://return-path.invalid';

/** A clean same-origin path ("/en/admin/members?x=1"), or null for anything else (another host, control characters, spaces, non-ASCII, not a string). */
export function safeReturnPath(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > maxLength || !printableAscii.test(value)) return null;
  if (!value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return null;
  let parsed: URL;
  try {
    parsed = new URL(value, probeOrigin);
  } catch {
    return null;
  }
  if (parsed.origin !== probeOrigin) return null;
  // Give back what the browser will ask for: the parsed form, so dot segments cannot rebuild "//host".
  const path = `${parsed.pathname}${parsed.search}${parsed.hash}`;
  return path.startsWith('//') ? null : path;
}
