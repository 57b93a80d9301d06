import type { OutgoingMessage } from './mail-transport.ts';

/** What replaces a credential in captured mail: plain ASCII, so it survives any encoding and reads the same in every language. */
export const redactionMarker = '[redacted]';

// A link's end: whitespace, quotes, angle brackets, or the closing bracket of a Markdown/plain-text wrapper.
const linkTail = String.raw`[^\s"'<>)\]]+`;
const linkStart = String.raw`(?:https?:\/\/[^\s"'<>/]+)?(?:\/[a-z]{2})?`;

/**
 * Links that let their holder set a staff account's password (an invitation, a reset) — and, so that
 * a one-time link added later is covered without anyone remembering this file, any admin link whose
 * last segment is a long random token (`newToken()` gives 43 characters).
 */
const staffCredentialLink = new RegExp(
  `${linkStart}\\/admin\\/(?:(?:set|reset)-password\\/${linkTail}|(?:[a-z-]+\\/)+[A-Za-z0-9_-]{32,}(?![A-Za-z0-9_-]))`,
  'g',
);

/** Links that act for a member: confirm, preferences (and erase, data download), unsubscribe. */
const memberCredentialLink = new RegExp(`${linkStart}\\/(?:join\\/confirm|me|unsubscribe)\\/${linkTail}`, 'g');

/** A signed token in the local part of an address (unsubscribe+TOKEN@…, bounces+TOKEN@…): it unsubscribes or bounces by mail. */
const tokenSubaddress = /\b([A-Za-z0-9-]+)\+[^@\s<>"']+@/g;

/** The text with every staff set-password link replaced by the marker. */
export function redactStaffCredentials(text: string): string {
  return text.replace(staffCredentialLink, redactionMarker);
}

/** The text with every member link and mail token replaced by the marker (staff links too). */
export function redactMemberCredentials(text: string): string {
  return redactStaffCredentials(text).replace(memberCredentialLink, redactionMarker).replace(tokenSubaddress, `$1+${redactionMarker}@`);
}

/**
 * The message as captured mail may keep it: no staff set-password link in its text, HTML or headers,
 * so nobody — whatever their role, or a copy of the database — can take over a staff account from it.
 */
export function withoutStaffCredentials(message: OutgoingMessage): OutgoingMessage {
  return {
    ...message,
    text: redactStaffCredentials(message.text),
    ...(message.html !== undefined ? { html: redactStaffCredentials(message.html) } : {}),
    ...(message.headers ? { headers: Object.fromEntries(Object.entries(message.headers).map(([k, v]) => [k, redactStaffCredentials(v)])) } : {}),
  };
}
