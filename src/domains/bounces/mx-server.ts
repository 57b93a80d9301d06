import { type AddressInfo, isIPv6 } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { Config } from '../../config/config.ts';
import type { DiscussionDeps } from '../discussion/discussion-deps.ts';
import { checkListRecipient, isListRecipient, receiveListMail } from '../discussion/discussion-intake.service.ts';
import { type BounceDeps, checkRecipient, handleInboundMail } from './bounce.service.ts';

export type MxLimits = Config['mxLimits'];

/** Messages handled (parsed, recorded) at once; more wait their turn, which slows their senders, not the web app. */
const handlingConcurrency = 2;

export interface MxServer {
  /** The port it listens on (the real one when asked for port 0). */
  port: number;
  /** How many sockets the server holds open now, SMTP sessions and refused connections being closed alike. */
  openSockets(): Promise<number>;
  /** Stops accepting connections, lets sessions in progress finish (up to a few seconds) and waits for their handling. */
  close(): Promise<void>;
}

function smtpError(responseCode: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode });
}

/**
 * Who a connection counts against for the per-client limit: its IPv4 address, or the /64 network of an IPv6
 * address, since one IPv6 host may have a whole /64 to connect from.
 */
export function clientKey(remoteAddress: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(remoteAddress);
  if (mapped) return mapped[1]!;
  if (!isIPv6(remoteAddress)) return remoteAddress;
  const [head = '', tail = ''] = remoteAddress.toLowerCase().split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === '' ? [] : tail.split(':');
  const groups = remoteAddress.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** A counting semaphore: at most `size` callers run at once, the others wait in order. */
function limiter(size: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(work: () => Promise<T>): Promise<T> => {
    if (running >= size) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await work();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

/**
 * Starts the inbound SMTP server of `plenary mx`: it takes mail for the bounce domain only (VERP bounce
 * addresses, unsubscribe addresses, postmaster), refuses forged and expired tokens at RCPT TO, and hands each
 * message to handleInboundMail. It shares a process with the web app under `npm start`, so what it may hold
 * is bounded: connections in all and per client (421 beyond), idle time, message size (SIZE, and while
 * streaming), and messages handled at once. `limits` default to the configuration's.
 */
export async function startMxServer(deps: BounceDeps & DiscussionDeps, options: { port: number; host: string } & Partial<MxLimits>): Promise<MxServer> {
  const log = deps.log ?? (() => {});
  const limits: MxLimits = { ...deps.config.mxLimits, ...definedOnly(options) };
  const maxBytes = limits.maxMessageBytes;
  const handling = new Set<Promise<void>>();
  const handle = limiter(handlingConcurrency);
  const perClient = new Map<string, number>();
  const counted = new Map<string, string>();

  const server = new SMTPServer({
    banner: 'Plenary mx',
    logger: false,
    size: maxBytes,
    maxClients: limits.maxConnections,
    socketTimeout: limits.idleTimeoutMs,
    // A reverse lookup per connection costs a DNS query and a wait, and its answer is used for nothing here.
    disableReverseLookup: true,
    // Nobody signs in to an MX: it takes mail for its own domain from anyone, and relays nothing.
    authOptional: true,
    // No STARTTLS until a certificate can be configured: smtp-server would otherwise present its built-in
    // certificate, whose private key is public, which protects nothing. Senders fall back to plain SMTP, as
    // they do for any MX without TLS; what arrives here is bounces and unsubscribe requests, whose only
    // secret (the signed token) already travelled in the clear as the envelope sender of the original message.
    disabledCommands: ['AUTH', 'STARTTLS'],
    hideSTARTTLS: true,
    closeTimeout: 5000,
    onConnect(session, callback) {
      const key = clientKey(session.remoteAddress);
      const open = perClient.get(key) ?? 0;
      if (open >= limits.maxConnectionsPerClient) return callback(smtpError(421, '4.7.0 Too many connections from your address, try again later'));
      perClient.set(key, open + 1);
      counted.set(session.id, key);
      callback();
    },
    onClose(session) {
      const key = counted.get(session.id);
      if (key === undefined) return;
      counted.delete(session.id);
      const open = (perClient.get(key) ?? 1) - 1;
      if (open > 0) perClient.set(key, open);
      else perClient.delete(key);
    },
    onRcptTo(address, _session, callback) {
      // The discussion list's address may be at the bounce domain or at another one whose MX points here.
      const checking = isListRecipient(deps.config, address.address) ? checkListRecipient(deps, address.address) : checkRecipient(deps, address.address);
      checking.then(
        (check) => {
          if (check.accept) return callback();
          log(`refused: RCPT TO <${address.address}>: ${check.reason}`);
          callback(smtpError(check.code, check.message));
        },
        (error: unknown) => {
          // The database is away: the sender keeps the message and tries again later, when it may be back.
          log(`error: RCPT TO <${address.address}> not checked: ${(error as Error).message}`);
          callback(smtpError(451, '4.3.0 Temporary failure, try again later'));
        },
      );
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        // Past the limit the rest is read and dropped: SMTP has no way to stop a client mid-message.
        if (size <= maxBytes) chunks.push(chunk);
      });
      stream.on('error', () => callback(smtpError(451, '4.3.0 Message not received in full')));
      stream.on('end', () => {
        if (stream.sizeExceeded || size > maxBytes) return callback(smtpError(552, '5.3.4 Message too big for this system'));
        const envelope = {
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
        };
        // Accepted whatever happens inside: a 4xx would make the remote MTA retry for days a message we will
        // never handle better, and a 5xx would make it bounce the bounce. Failures are logged for the operator.
        const raw = Buffer.concat(chunks);
        const toList = envelope.rcptTo.filter((r) => isListRecipient(deps.config, r));
        const others = envelope.rcptTo.filter((r) => !isListRecipient(deps.config, r));
        const post = { mailFrom: envelope.mailFrom, clientIp: session.remoteAddress, helo: session.hostNameAppearsAs ?? '' };
        const done = handle(async () => {
          if (others.length > 0) await handleInboundMail(deps, { ...envelope, rcptTo: others }, raw);
          // One post however many spellings of the list address the envelope names; approval replies apart.
          if (toList.length > 0) for (const line of await receiveListMail(deps, post, toList, raw)) log(line);
        }).then(
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
  // A hard ceiling under smtp-server's polite one: a refused connection lingers a few seconds while its 421 is
  // read, and a flood of them must not take the file descriptors the web app needs. Beyond it, the kernel's
  // connection is closed at once.
  server.server.maxConnections = limits.maxConnections * 2;

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
    openSockets: () => new Promise((resolve, reject) => server.server.getConnections((error, n) => (error ? reject(error) : resolve(n)))),
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all(handling);
    },
  };
}

function definedOnly(options: Partial<MxLimits>): Partial<MxLimits> {
  const picked: Partial<MxLimits> = {};
  for (const key of ['maxConnections', 'maxConnectionsPerClient', 'idleTimeoutMs', 'maxMessageBytes'] as const) {
    if (options[key] !== undefined) picked[key] = options[key];
  }
  return picked;
}
