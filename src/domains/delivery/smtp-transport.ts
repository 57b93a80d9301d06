import type { ConnectionOptions } from 'node:tls';
import { parseEmailAddress } from '../../address/email-address.ts';
import { DeliveryError } from './delivery-error.ts';
import { dkimSigner } from './dkim.ts';
import type { DkimOptions, MailTransport, OutgoingMessage, SendResult } from './mail-transport.ts';
import { type Mailbox, mailbox, renderMessage } from './mime-message.ts';
import { SmtpPool } from './smtp-pool.ts';
import { relayEndpoint, SmtpError } from './smtp-session.ts';

export interface SmtpOptions {
  url: string;
  dkim: DkimOptions | null;
  maxConnections: number;
  /** Messages per second across the pool; 0 means no limit. */
  rate: number;
  /**
   * Longest wait for the relay to connect, greet or answer (default 30 s). Kept well below the delivery
   * lease, so a stalled relay never outlives the lease and has another sender send the same batch again.
   */
  timeoutMs?: number;
  /** TLS settings beyond the defaults (certificates are verified); tests give their own CA. */
  tls?: ConnectionOptions;
}

/**
 * 5xx replies and refused envelopes are permanent; 4xx, timeouts and dropped connections are worth
 * retrying, and so is anything that went wrong setting the session up (a refused login or greeting is the
 * relay's state, not the recipient's: the delivery waits for it to be fixed rather than failing).
 */
function classify(error: unknown): DeliveryError {
  if (!(error instanceof SmtpError)) return new DeliveryError((error as Error).message, false);
  const code = error.responseCode;
  const permanent = !error.duringSetup && (code !== undefined ? code >= 500 : error.code === 'EENVELOPE');
  return new DeliveryError(error.response ?? error.message, permanent, error.response ?? null);
}

/**
 * Sends through an SMTP relay with pooled connections (STARTTLS when offered). The recipient goes out in
 * ASCII form (A-label domain) whenever the local part allows; a non-ASCII local part needs SMTPUTF8, and
 * when the relay does not offer it the delivery fails permanently with that reason rather than sending
 * a raw UTF-8 address the relay never agreed to.
 */
export function smtpTransport(options: SmtpOptions): MailTransport {
  const pool = new SmtpPool({
    endpoint: relayEndpoint(options.url),
    maxConnections: options.maxConnections,
    rate: options.rate,
    timeoutMs: options.timeoutMs ?? 30_000,
    ...(options.tls ? { tls: options.tls } : {}),
  });
  const sign = options.dkim ? dkimSigner(options.dkim) : null;
  const senders = new Map<string, Mailbox>();

  return {
    async send(message: OutgoingMessage): Promise<SendResult> {
      // The recipient was checked where it came in; where it may go is not this transport's policy.
      const parsed = parseEmailAddress(message.to, { specialUseDomains: 'allow' });
      if (!parsed.ok) throw new DeliveryError(`invalid recipient address (${parsed.code})`, true);
      const recipient = parsed.address;
      // A non-ASCII local part goes as it is, with SMTPUTF8; the session refuses it when the relay does not offer that.
      const to = recipient.ascii ?? recipient.display;
      let from = senders.get(message.from);
      if (!from) {
        from = mailbox(message.from);
        senders.set(message.from, from);
      }
      const { headers, body, messageId } = renderMessage(message, to, from);
      const raw = `${(sign ? await sign(headers, body) : headers).join('\r\n')}\r\n\r\n${body}`;
      try {
        const reply = await pool.send(message.envelopeFrom ?? from.address, to, raw);
        return { messageId, reply };
      } catch (error) {
        throw classify(error);
      }
    },
    async close() {
      pool.close();
    },
  };
}
