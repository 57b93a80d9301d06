import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { type BounceDeps, classifyRecipient, handleInboundMail } from './bounce.service.ts';

/** The largest message accepted: a bounce quotes the original message, and announcements are far smaller. */
export const defaultMaxMessageBytes = 10 * 1024 * 1024;

export interface MxServer {
  /** The port it listens on (the real one when asked for port 0). */
  port: number;
  /** Stops accepting connections, lets sessions in progress finish (up to a few seconds) and waits for their handling. */
  close(): Promise<void>;
}

function smtpError(responseCode: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode });
}

/**
 * Starts the inbound SMTP server of `plenary mx`: it takes mail for the bounce domain only (VERP bounce
 * addresses, unsubscribe addresses, postmaster) and hands each message to handleInboundMail.
 */
export async function startMxServer(deps: BounceDeps, options: { port: number; host: string; maxMessageBytes?: number }): Promise<MxServer> {
  const log = deps.log ?? (() => {});
  const maxBytes = options.maxMessageBytes ?? defaultMaxMessageBytes;
  const handling = new Set<Promise<void>>();

  const server = new SMTPServer({
    banner: 'Plenary mx',
    logger: false,
    size: maxBytes,
    // Nobody signs in to an MX: it takes mail for its own domain from anyone, and relays nothing.
    authOptional: true,
    // No STARTTLS until a certificate can be configured: smtp-server would otherwise present its built-in
    // certificate, whose private key is public, which protects nothing. Senders fall back to plain SMTP, as
    // they do for any MX without TLS; what arrives here is bounces and unsubscribe requests, whose only
    // secret (the signed token) already travelled in the clear as the envelope sender of the original message.
    disabledCommands: ['AUTH', 'STARTTLS'],
    hideSTARTTLS: true,
    closeTimeout: 5000,
    onRcptTo(address, _session, callback) {
      const target = classifyRecipient(deps.config.bounceDomain, address.address);
      if (target.kind === 'other_domain') return callback(smtpError(550, '5.7.1 Relay access denied: this server only receives mail for its own domain'));
      if (target.kind === 'unknown_local_part') return callback(smtpError(550, '5.1.1 No such mailbox here'));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= maxBytes) chunks.push(chunk);
      });
      stream.on('end', () => {
        if (stream.sizeExceeded || size > maxBytes) return callback(smtpError(552, '5.3.4 Message too big for this system'));
        const envelope = {
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
        };
        // Accepted whatever happens inside: a 4xx would make the remote MTA retry for days a message we will
        // never handle better, and a 5xx would make it bounce the bounce. Failures are logged for the operator.
        const done = handleInboundMail(deps, envelope, Buffer.concat(chunks)).then(
          () => callback(),
          (error: unknown) => {
            log(`error: message from <${envelope.mailFrom}> accepted but not handled: ${(error as Error).message}`);
            callback();
          },
        );
        handling.add(done);
        void done.finally(() => handling.delete(done));
      });
    },
  });

  let listening = false;
  server.on('error', (error: Error) => {
    if (listening) log(`connection error: ${error.message}`);
  });
  await new Promise<void>((resolve, reject) => {
    const failed = (error: Error) => reject(error);
    server.server.once('error', failed);
    server.listen(options.port, options.host, () => {
      server.server.off('error', failed);
      listening = true;
      resolve();
    });
  });

  return {
    port: (server.server.address() as AddressInfo).port,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all(handling);
    },
  };
}
