import type { OutgoingMessage } from './mail-transport.ts';

/** Nodemailer options for a message: no file or URL access from content, and the VERP envelope when given. */
export function sendOptions(message: OutgoingMessage, to: string) {
  const { envelopeFrom, ...rest } = message;
  return {
    ...rest,
    to,
    ...(envelopeFrom ? { envelope: { from: envelopeFrom, to } } : {}),
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}
