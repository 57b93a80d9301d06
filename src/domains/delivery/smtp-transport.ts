import nodemailer from 'nodemailer';
import { parseEmailAddress } from '../../address/email-address.ts';
import { DeliveryError } from './delivery-error.ts';
import { probeEhlo } from './ehlo-probe.ts';
import type { DkimOptions, MailTransport, OutgoingMessage, SendResult } from './mail-transport.ts';
import { sendOptions } from './send-options.ts';

export interface SmtpOptions {
  url: string;
  dkim: DkimOptions | null;
  maxConnections: number;
  /** Messages per second across the pool; 0 means no limit. */
  rate: number;
}

interface SmtpFailure {
  responseCode?: number;
  response?: string;
  code?: string;
  message: string;
}

/** 5xx replies and refused envelopes are permanent; 4xx, timeouts and dropped connections are worth retrying. */
function classify(error: SmtpFailure): DeliveryError {
  const permanent = error.responseCode !== undefined ? error.responseCode >= 500 : error.code === 'EENVELOPE';
  return new DeliveryError(error.response ?? error.message, permanent, error.response ?? null);
}

/**
 * Sends through an SMTP relay with pooled connections (STARTTLS when offered). The recipient goes out in
 * ASCII form (A-label domain) whenever the local part allows; a non-ASCII local part needs SMTPUTF8, and
 * when the relay does not offer it the delivery fails permanently with that reason rather than sending
 * a raw UTF-8 address the relay never agreed to.
 */
export function smtpTransport(options: SmtpOptions): MailTransport {
  const pool = nodemailer.createTransport({
    url: options.url,
    pool: true,
    maxConnections: options.maxConnections,
    ...(options.rate > 0 ? { rateDelta: 1000, rateLimit: options.rate } : {}),
    ...(options.dkim ? { dkim: options.dkim } : {}),
  } as Parameters<typeof nodemailer.createTransport>[0]);
  let extensions: Promise<Set<string>> | null = null;
  const relayExtensions = () => {
    extensions ??= probeEhlo(options.url).catch((error) => {
      extensions = null;
      throw new DeliveryError(`cannot reach the SMTP relay: ${(error as Error).message}`, false);
    });
    return extensions;
  };

  return {
    async send(message: OutgoingMessage): Promise<SendResult> {
      const parsed = parseEmailAddress(message.to);
      if (!parsed.ok) throw new DeliveryError(`invalid recipient address (${parsed.code})`, true);
      const recipient = parsed.address;
      if (!recipient.ascii && !(await relayExtensions()).has('SMTPUTF8')) {
        throw new DeliveryError('the recipient address needs SMTPUTF8 (RFC 6531), which the relay does not offer', true);
      }
      const to = recipient.ascii ?? recipient.display;
      try {
        const info = await pool.sendMail(sendOptions(message, to));
        return { messageId: info.messageId, reply: info.response };
      } catch (error) {
        throw classify(error as SmtpFailure);
      }
    },
    async close() {
      pool.close();
    },
  };
}
