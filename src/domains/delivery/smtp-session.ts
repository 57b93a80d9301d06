import net from 'node:net';
import os from 'node:os';
import tls from 'node:tls';

// One connection to the SMTP relay: set up (greeting, EHLO, STARTTLS, AUTH), then one message after another.
// Written here rather than through nodemailer's pool because, at thousands of messages a second, the
// pool's machinery per message (a MIME compile of the raw message, stream pipelines, a transform that
// escapes dots byte by byte, three writes and two reads) cost more CPU than composing the message. With
// PIPELINING (RFC 2920) a message costs one write and one read: its content, the end of data and the next
// message's MAIL FROM, RCPT TO and DATA go out together, the content being the first command of a group.

/** Why an exchange with the relay failed, in the terms delivery errors are classified by. */
export class SmtpError extends Error {
  override name = 'SmtpError';
  constructor(
    message: string,
    /** ECONNECTION (connect, TLS, closed), ETIMEDOUT, EAUTH, EPROTOCOL, EENVELOPE (MAIL FROM, RCPT TO, DATA), EMESSAGE (the content). */
    readonly code: 'ECONNECTION' | 'ETIMEDOUT' | 'EAUTH' | 'EPROTOCOL' | 'EENVELOPE' | 'EMESSAGE',
    /** The relay's reply, when there is one. */
    readonly response?: string,
    /** True when it went wrong while the session was being set up: the relay's state, not the recipient's. */
    readonly duringSetup = false,
  ) {
    super(response ? `${message}: ${response}` : message);
  }

  /** The reply's code (421, 550…), when there is a reply. */
  get responseCode(): number | undefined {
    const code = this.response ? Number(this.response.slice(0, 3)) : Number.NaN;
    return Number.isInteger(code) ? code : undefined;
  }
}

/** Where the relay is, from SMTP_URL (smtp://user:pass@host:587, smtps://…:465). */
export interface RelayEndpoint {
  host: string;
  port: number;
  /** TLS from the first byte (smtps://); otherwise STARTTLS whenever the relay offers it. */
  secure: boolean;
  user?: string;
  pass?: string;
}

export function relayEndpoint(url: string): RelayEndpoint {
  const target = new URL(url);
  const secure = target.protocol === 'smtps:';
  return {
    host: target.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: Number(target.port) || (secure ? 465 : 587),
    secure,
    ...(target.username ? { user: decodeURIComponent(target.username), pass: decodeURIComponent(target.password) } : {}),
  };
}

export interface SessionOptions {
  endpoint: RelayEndpoint;
  /** Longest silence while a reply is awaited (connecting and the greeting included); an idle session is closed after it. */
  timeoutMs: number;
  /** TLS settings beyond the defaults (certificates are verified); tests give their own CA. */
  tls?: tls.ConnectionOptions;
  /** The EHLO name; the machine's name when it is a full domain name, else [127.0.0.1], as nodemailer does. */
  name?: string;
}

/** One message for the relay: the envelope and the content, CRLF line ends, not yet dot-stuffed. */
export interface SmtpMessage {
  from: string;
  to: string;
  data: string;
  resolve(reply: string): void;
  reject(error: SmtpError): void;
}

/** What a session asks of whoever gives it messages. */
export interface SessionOwner {
  /** The next message for this session, if one is waiting (called when its envelope can be pipelined). */
  next(session: SmtpSession): SmtpMessage | undefined;
  /** The session has nothing in flight and can take a message. */
  idle(session: SmtpSession): void;
  /** The session is gone; `error` when it failed (`duringSetup` when it never became ready). */
  closed(session: SmtpSession, error: SmtpError | null): void;
}

type Reply = { code: number; text: string };
type Handler = (reply: Reply) => void;

const needsSmtpUtf8 = 'the recipient address needs SMTPUTF8 (RFC 6531), which the relay does not offer';
const isAscii = (text: string) => /^\p{ASCII}*$/u.test(text);
// CR or LF alone, which the relay might take for a line end (SMTP smuggling) or a mangled one.
const bareLineEnd = /\r(?!\n)|(?<!\r)\n/;

function ehloName(): string {
  const host = os.hostname();
  if (!host.includes('.')) return '[127.0.0.1]';
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) ? `[${host}]` : host;
}

/** The content as it goes after DATA: CRLF line ends, a leading dot doubled (RFC 5321 §4.5.2), ending in CRLF. */
function dataSection(data: string): string {
  let text = bareLineEnd.test(data) ? data.replace(/\r\n|\r|\n/g, '\r\n') : data;
  if (text.includes('\n.')) text = text.replaceAll('\n.', '\n..');
  if (text.startsWith('.')) text = `.${text}`;
  return text.endsWith('\r\n') ? text : `${text}\r\n`;
}

/** Messages a session sends before it makes way for a fresh one (nodemailer's default; some providers limit it). */
export const messagesPerSession = 100;

export class SmtpSession {
  /** EHLO keywords in upper case (PIPELINING, SMTPUTF8, 8BITMIME…), known once ready. */
  readonly extensions = new Set<string>();
  private readonly authMethods = new Set<string>();
  /** connecting → ready (idle or sending) → closed. */
  state: 'connecting' | 'ready' | 'closed' = 'connecting';
  /** Messages sent or in flight on this session. */
  taken = 0;
  private socket: net.Socket;
  private buffer = '';
  private continued: string[] = [];
  private readonly handlers: Handler[] = [];
  private readonly inFlight = new Set<SmtpMessage>();
  private phase = 'connecting to';
  private pipelining = false;

  constructor(
    private readonly options: SessionOptions,
    private readonly owner: SessionOwner,
  ) {
    const { endpoint } = options;
    const servername = net.isIP(endpoint.host) ? undefined : endpoint.host;
    this.socket = endpoint.secure
      ? tls.connect({ host: endpoint.host, port: endpoint.port, ...(servername ? { servername } : {}), ...options.tls })
      : net.connect({ host: endpoint.host, port: endpoint.port });
    this.listen(this.socket);
    this.expect((greeting) => {
      if (greeting.code !== 220) return this.fail(new SmtpError('the relay refused the connection', 'ECONNECTION', greeting.text, true));
      this.hello();
    });
    this.phase = 'waiting for the greeting of';
  }

  /** True when the session can take a message now: ready, nothing in flight, no reply awaited. */
  get idle(): boolean {
    return this.state === 'ready' && this.inFlight.size === 0 && this.handlers.length === 0;
  }

  /** Sends one message; the owner is told when the session is idle again. */
  begin(message: SmtpMessage): void {
    if (!this.prepare(message)) {
      this.owner.idle(this);
      return;
    }
    this.socket.write(this.envelope(message));
  }

  /** Ends the session politely (QUIT) once nothing is in flight, at once otherwise. */
  close(): void {
    if (this.state === 'closed') return;
    if (this.inFlight.size === 0 && this.state === 'ready') {
      this.state = 'closed';
      this.socket.end('QUIT\r\n');
      this.owner.closed(this, null);
      return;
    }
    this.fail(new SmtpError('the SMTP transport was closed', 'ECONNECTION'));
  }

  // --- setting up -------------------------------------------------------------------------------

  private listen(socket: net.Socket): void {
    socket.setNoDelay(true);
    socket.setEncoding('utf8');
    socket.setTimeout(this.options.timeoutMs);
    socket.on('data', (chunk: string) => this.read(chunk));
    socket.on('timeout', () => this.timedOut());
    socket.on('error', (error: Error) =>
      this.fail(new SmtpError(`${this.phase} the relay: ${error.message}`, 'ECONNECTION', undefined, this.state === 'connecting')),
    );
    socket.on('close', () =>
      this.fail(
        new SmtpError(`the relay closed the connection while ${this.phase.replace(/ (to|of)$/, '')}`, 'ECONNECTION', undefined, this.state === 'connecting'),
      ),
    );
  }

  private hello(): void {
    this.phase = 'saying EHLO to';
    const name = this.options.name ?? ehloName();
    this.command(`EHLO ${name}`, (reply) => {
      if (reply.code === 250) return this.afterHello(reply);
      // An old relay without ESMTP: HELO, and no extensions.
      this.command(`HELO ${name}`, (helo) => (helo.code === 250 ? this.afterHello(null) : this.failSetup('HELO', helo)));
    });
  }

  private afterHello(reply: Reply | null): void {
    this.extensions.clear();
    this.authMethods.clear();
    for (const line of reply?.text.split('\n').slice(1) ?? []) {
      const [keyword = '', ...values] = line.slice(4).trim().toUpperCase().split(/[ =]/);
      this.extensions.add(keyword);
      if (keyword === 'AUTH') for (const method of values) this.authMethods.add(method);
    }
    if (!this.options.endpoint.secure && !(this.socket instanceof tls.TLSSocket) && this.extensions.has('STARTTLS')) {
      this.startTls();
      return;
    }
    if (this.options.endpoint.user !== undefined) {
      this.authenticate();
      return;
    }
    this.ready();
  }

  private startTls(): void {
    this.phase = 'starting TLS with';
    this.command('STARTTLS', (reply) => {
      if (reply.code !== 220) return this.failSetup('STARTTLS', reply);
      const plain = this.socket;
      plain.removeAllListeners('data');
      plain.removeAllListeners('timeout');
      plain.removeAllListeners('close');
      plain.removeAllListeners('error');
      plain.on('error', () => {});
      // RFC 3207 §6: nothing learnt before TLS counts; anything already buffered is dropped.
      this.buffer = '';
      this.continued = [];
      const host = this.options.endpoint.host;
      const secured = tls.connect({ socket: plain, ...(net.isIP(host) ? {} : { servername: host }), ...this.options.tls });
      this.socket = secured;
      this.listen(secured);
      secured.once('secureConnect', () => this.hello());
    });
  }

  private authenticate(): void {
    this.phase = 'authenticating with';
    const { user = '', pass = '' } = this.options.endpoint;
    const methods = this.authMethods;
    const done = (reply: Reply) =>
      reply.code === 235 ? this.ready() : this.fail(new SmtpError('the relay refused the credentials', 'EAUTH', reply.text, true));
    if (methods.has('PLAIN')) {
      this.command(`AUTH PLAIN ${Buffer.from(`\0${user}\0${pass}`).toString('base64')}`, done);
      return;
    }
    if (methods.has('LOGIN')) {
      this.command('AUTH LOGIN', (first) => {
        if (first.code !== 334) return done(first);
        this.command(Buffer.from(user).toString('base64'), (second) => {
          if (second.code !== 334) return done(second);
          this.command(Buffer.from(pass).toString('base64'), done);
        });
      });
      return;
    }
    this.fail(new SmtpError('SMTP_URL has credentials but the relay offers neither AUTH PLAIN nor AUTH LOGIN', 'EAUTH', undefined, true));
  }

  private ready(): void {
    this.state = 'ready';
    this.phase = 'sending to';
    this.pipelining = this.extensions.has('PIPELINING');
    this.owner.idle(this);
  }

  private failSetup(command: string, reply: Reply): void {
    this.fail(new SmtpError(`the relay refused ${command}`, reply.code === 421 ? 'ECONNECTION' : 'EPROTOCOL', reply.text, true));
  }

  // --- messages --------------------------------------------------------------------------------

  /** Checks a message against what the relay offers and takes it in flight; false (and the message rejected) when it cannot go. */
  private prepare(message: SmtpMessage): boolean {
    this.taken++;
    if (/[\r\n<>]/.test(message.from) || /[\r\n<>]/.test(message.to) || !message.to) {
      message.reject(new SmtpError(`invalid envelope address ${JSON.stringify(/[\r\n<>]/.test(message.from) ? message.from : message.to)}`, 'EENVELOPE'));
      return false;
    }
    if (!(isAscii(message.to) && isAscii(message.from)) && !this.extensions.has('SMTPUTF8')) {
      message.reject(new SmtpError(needsSmtpUtf8, 'EENVELOPE'));
      return false;
    }
    this.inFlight.add(message);
    return true;
  }

  /** MAIL FROM, RCPT TO and DATA, with their reply handlers: sent together with PIPELINING, else one by one. */
  private envelope(message: SmtpMessage): string {
    const utf8 = !(isAscii(message.to) && isAscii(message.from));
    const eightBit = utf8 || !isAscii(message.data);
    const params = `${utf8 ? ' SMTPUTF8' : ''}${eightBit && this.extensions.has('8BITMIME') ? ' BODY=8BITMIME' : ''}`;
    const mail = `MAIL FROM:<${message.from}>${params}\r\n`;
    const rcpt = `RCPT TO:<${message.to}>\r\n`;
    const outcome: { mail?: Reply; rcpt?: Reply } = {};
    const onData = (reply: Reply) => this.afterData(message, outcome, reply);
    if (this.pipelining) {
      this.handlers.push(
        (r) => (outcome.mail = r),
        (r) => (outcome.rcpt = r),
        onData,
      );
      return `${mail}${rcpt}DATA\r\n`;
    }
    this.handlers.push((mailReply) => {
      outcome.mail = mailReply;
      if (mailReply.code !== 250) return this.finish(message, this.envelopeError(outcome, mailReply), true);
      this.command(rcpt.slice(0, -2), (rcptReply) => {
        outcome.rcpt = rcptReply;
        if (rcptReply.code !== 250 && rcptReply.code !== 251) return this.finish(message, this.envelopeError(outcome, rcptReply), true);
        this.command('DATA', onData);
      });
    });
    return mail;
  }

  /** After the reply to DATA: the content (and, pipelined, the next message's envelope), or the reason it cannot go. */
  private afterData(message: SmtpMessage, outcome: { mail?: Reply; rcpt?: Reply }, reply: Reply): void {
    const refused = (outcome.mail && outcome.mail.code !== 250) || (outcome.rcpt && outcome.rcpt.code !== 250 && outcome.rcpt.code !== 251);
    if (reply.code !== 354 || refused) {
      const error = this.envelopeError(outcome, reply);
      if (reply.code !== 354) {
        this.finish(message, error, true);
        return;
      }
      // DATA taken although the envelope was refused: a relay that refused the sender cannot be trusted with
      // anything more; otherwise an empty message with no recipient ends the transaction.
      if (outcome.mail?.code !== 250) {
        this.fail(error, message);
        return;
      }
      this.expect(() => this.finish(message, error, true));
      this.socket.write('.\r\n');
      return;
    }
    const next = this.pipelining && this.taken < messagesPerSession ? this.owner.next(this) : undefined;
    const nextReady = next !== undefined && this.prepare(next);
    this.expect((final) =>
      this.finish(message, final.code === 250 ? null : new SmtpError('the relay refused the message', 'EMESSAGE', final.text), false, final.text),
    );
    this.socket.write(`${dataSection(message.data)}.\r\n${nextReady ? this.envelope(next) : ''}`);
  }

  private envelopeError(outcome: { mail?: Reply; rcpt?: Reply }, last: Reply): SmtpError {
    const reply = outcome.mail && outcome.mail.code !== 250 ? outcome.mail : outcome.rcpt && outcome.rcpt.code >= 300 ? outcome.rcpt : last;
    return new SmtpError('the relay refused the envelope', 'EENVELOPE', reply.text);
  }

  /** Settles a message; after a refused envelope the transaction is reset (RSET) before the next one. */
  private finish(message: SmtpMessage, error: SmtpError | null, reset: boolean, reply = ''): void {
    this.inFlight.delete(message);
    if (error) message.reject(error);
    else message.resolve(reply);
    if (reset) {
      this.command('RSET', () => this.settled());
      return;
    }
    this.settled();
  }

  private settled(): void {
    if (!this.idle) return;
    if (this.taken >= messagesPerSession) {
      this.close();
      return;
    }
    this.owner.idle(this);
  }

  // --- the wire --------------------------------------------------------------------------------

  private command(line: string, handler: Handler): void {
    this.handlers.push(handler);
    this.socket.write(`${line}\r\n`);
  }

  private expect(handler: Handler): void {
    this.handlers.push(handler);
  }

  /** Splits what the relay sent into replies (multi-line ones joined by \n) and hands each to the handler waiting for it. */
  private read(chunk: string): void {
    this.buffer += chunk;
    let start = 0;
    for (let end = this.buffer.indexOf('\n'); end !== -1; end = this.buffer.indexOf('\n', start)) {
      const line = this.buffer.slice(start, this.buffer.charCodeAt(end - 1) === 13 ? end - 1 : end);
      start = end + 1;
      if (line.charCodeAt(3) === 45 /* - */) {
        this.continued.push(line);
        continue;
      }
      const code = Number(line.slice(0, 3));
      const text = this.continued.length ? `${this.continued.join('\n')}\n${line}` : line;
      this.continued = [];
      if (this.state === 'closed') return;
      if (!(code >= 200 && code < 600)) {
        this.fail(new SmtpError('the relay sent something that is not an SMTP reply', 'EPROTOCOL', line.slice(0, 200)));
        return;
      }
      // 421: the relay is closing the session; the replies still owed will not come.
      if (code === 421) {
        this.fail(new SmtpError('the relay is closing the connection', 'ECONNECTION', text, this.state === 'connecting'));
        return;
      }
      const handler = this.handlers.shift();
      if (!handler) {
        this.fail(new SmtpError('the relay sent a reply nobody asked for', 'EPROTOCOL', text));
        return;
      }
      handler({ code, text });
    }
    this.buffer = this.buffer.slice(start);
    if (this.buffer.length > 65_536) this.fail(new SmtpError('the relay sent a line over 64 KiB', 'EPROTOCOL'));
  }

  private timedOut(): void {
    // Silence while nothing is awaited is an idle session: closed, and opened again when needed.
    if (this.handlers.length === 0 && this.state === 'ready') {
      this.close();
      return;
    }
    const seconds = this.options.timeoutMs / 1000;
    const what =
      this.phase === 'waiting for the greeting of' ? `no greeting from the relay in ${seconds} s` : `no answer in ${seconds} s while ${this.phase} the relay`;
    this.fail(new SmtpError(`timeout: ${what}`, 'ETIMEDOUT', undefined, this.state === 'connecting'));
  }

  /** Ends the session on an error: every message in flight (and `also`) is rejected with it. */
  private fail(error: SmtpError, also?: SmtpMessage): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.handlers.length = 0;
    this.socket.destroy();
    if (also) this.inFlight.add(also);
    for (const message of this.inFlight) message.reject(error);
    this.inFlight.clear();
    this.owner.closed(this, error);
  }
}
