import nodemailer from 'nodemailer';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import type { DkimOptions, MailTransport, OutgoingMessage, SendResult } from './mail-transport.ts';
import { sendOptions } from './send-options.ts';

/**
 * Keeps each message, fully composed as it would go on the wire, in the `captured_mail` table,
 * so `npm start` needs no SMTP server and staff can read every email under "Captured mail".
 */
export function captureTransport(deps: { db: Db; clock: Clock }, dkim: DkimOptions | null = null): MailTransport {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix', ...(dkim ? { dkim } : {}) });
  return {
    async send(message: OutgoingMessage): Promise<SendResult> {
      const info = await composer.sendMail(sendOptions(message, message.to));
      const raw = (info.message as Buffer).toString('utf8');
      await deps.db
        .insertInto('captured_mail')
        .values({
          created_at: deps.clock.now().toISOString(),
          message_id: info.messageId,
          envelope_from: info.envelope.from || message.from,
          envelope_to: (info.envelope.to ?? []).join(', '),
          subject: message.subject,
          raw,
        })
        .execute();
      return { messageId: info.messageId };
    },
    async close() {},
  };
}
