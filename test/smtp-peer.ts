import { format } from 'node:util';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export interface ReceivedMessage {
  from: string;
  to: string[];
  utf8: boolean;
  raw: string;
}

export interface SmtpPeer {
  url: string;
  received: ReceivedMessage[];
  /** The commands clients sent, exactly as on the wire (smtp-server shows IDN domains decoded elsewhere). */
  commands: string[];
  close(): Promise<void>;
}

/**
 * A real SMTP server in this process (nodemailer's smtp-server), for tests that read the emails Plenary
 * actually sends. `rejectRecipient` scripts failures: return e.g. [550, 'No such user'] for an address.
 */
export async function startSmtpPeer(options: { smtpUtf8?: boolean; rejectRecipient?: (address: string) => [number, string] | null } = {}): Promise<SmtpPeer> {
  const received: ReceivedMessage[] = [];
  const commands: string[] = [];
  const record = (_meta: unknown, ...message: unknown[]) => {
    const line = format(...(message as [string]));
    if (line.startsWith('C: ')) commands.push(line.slice(3));
  };
  const quiet = () => {};
  const serverOptions: SMTPServerOptions = {
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    hideSMTPUTF8: options.smtpUtf8 === false,
    logger: { info: quiet, debug: record, error: quiet, warn: quiet, trace: quiet, fatal: quiet, child: () => undefined } as never,
    closeTimeout: 500,
    onRcptTo(address, _session, callback) {
      const rejection = options.rejectRecipient?.(address.address);
      if (rejection) {
        const error = Object.assign(new Error(rejection[1]), { responseCode: rejection[0] });
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          utf8: Boolean((session.envelope as { smtpUtf8?: boolean }).smtpUtf8),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  };
  const server = new SMTPServer(serverOptions);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as { port: number };
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    commands,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
