import { cleanLine } from '../../security/human-text.ts';
import type { OutgoingMessage } from './mail-transport.ts';

/**
 * Nodemailer options for a message: header values cleaned of control characters (they break the
 * header and its DKIM signature), no file or URL access from content, and the VERP envelope when given.
 */
export function sendOptions(message: OutgoingMessage, to: string) {
  const { envelopeFrom, subject, headers, ...rest } = message;
  return {
    ...rest,
    subject: cleanLine(subject),
    ...(headers ? { headers: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, cleanLine(value)])) } : {}),
    to,
    ...(envelopeFrom ? { envelope: { from: envelopeFrom, to } } : {}),
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}
