import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import { cleanLine } from '../../security/human-text.ts';
import { withoutStaffCredentials } from './captured-mail.redaction.ts';
import type { DkimOptions, MailTransport, OutgoingMessage, SendResult } from './mail-transport.ts';
import { sendOptions } from './send-options.ts';

/**
 * Keeps each message, fully composed as it would go on the wire, in the `captured_mail` table,
 * so `npm start` needs no SMTP server and staff can read every email under "Captured mail".
 * Staff set-password links are removed before composing: captured mail never holds a staff credential.
 */
export function captureTransport(deps: { db: Db; clock: Clock }, dkim: DkimOptions | null = null): MailTransport {
  // Nodemailer (all its transports) is loaded with the first captured message: a worker sending through SMTP_URL never needs it.
  let composer: ReturnType<typeof import('nodemailer').createTransport> | null = null;
  return {
    async send(message: OutgoingMessage): Promise<SendResult> {
      composer ??= (await import('nodemailer')).default.createTransport({ streamTransport: true, buffer: true, newline: 'unix', ...(dkim ? { dkim } : {}) });
      const info = await composer.sendMail(sendOptions(withoutStaffCredentials(message), message.to));
      const raw = (info.message as Buffer).toString('utf8');
      await deps.db
        .insertInto('captured_mail')
        .values({
          created_at: deps.clock.now().toISOString(),
          message_id: info.messageId,
          envelope_from: info.envelope.from || message.from,
          envelope_to: (info.envelope.to ?? []).join(', '),
          subject: cleanLine(message.subject),
          raw,
        })
        .execute();
      return { messageId: info.messageId };
    },
    async close() {},
  };
}
