import { type RelayEndpoint, type SessionOptions, type SessionOwner, SmtpError, type SmtpMessage, SmtpSession } from './smtp-session.ts';

export interface PoolOptions extends Omit<SessionOptions, 'endpoint'> {
  endpoint: RelayEndpoint;
  /** Sessions open at once. */
  maxConnections: number;
  /** Messages per second across the pool; 0 means no limit. */
  rate: number;
}

/**
 * Up to `maxConnections` sessions with the relay, sharing one queue of messages. A session takes the next
 * waiting message when it can pipeline its envelope, or when it is idle. When sessions cannot be set up (the
 * relay is down, refuses us, never greets), the messages waiting are failed with that reason rather than
 * kept until a session works: the sender defers them, and their leases never run out in a queue.
 */
export class SmtpPool implements SessionOwner {
  private readonly sessions = new Set<SmtpSession>();
  private queue: SmtpMessage[] = [];
  private shut = false;
  /**
   * Sessions the pool may have open: SMTP_MAX_CONNECTIONS, or after a session could not be set up (a relay that
   * allows fewer connections, or is down) as many as were still open then; one more each time a new session works.
   */
  private ceiling: number;
  private window = { start: 0, count: 0 };
  private rateTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: PoolOptions) {
    this.ceiling = options.maxConnections;
  }

  /** Sends `data` (the message, CRLF line ends) from `from` to `to`; resolves with the relay's reply to the content. */
  send(from: string, to: string, data: string): Promise<string> {
    if (this.shut) return Promise.reject(new SmtpError('the SMTP transport is closed', 'ECONNECTION'));
    return new Promise((resolve, reject) => {
      this.queue.push({ from, to, data, resolve, reject });
      this.dispatch();
    });
  }

  /** Closes every session (QUIT when idle) and fails what still waits. */
  close(): void {
    this.shut = true;
    if (this.rateTimer) clearTimeout(this.rateTimer);
    this.rejectWaiting(new SmtpError('the SMTP transport was closed', 'ECONNECTION'));
    for (const session of [...this.sessions]) session.close();
  }

  next(): SmtpMessage | undefined {
    return this.take();
  }

  idle(session: SmtpSession): void {
    // A session that has just been set up proves the relay takes one more.
    if (session.taken === 0) this.ceiling = Math.min(this.options.maxConnections, this.ceiling + 1);
    const message = this.take();
    if (message) session.begin(message);
    else this.dispatch();
  }

  closed(session: SmtpSession, error: SmtpError | null): void {
    this.sessions.delete(session);
    if (error?.duringSetup) {
      this.ceiling = Math.max(1, this.sessions.size);
      // The last hope gone: nothing is connecting or ready, so nothing would take the messages waiting.
      if (this.sessions.size === 0) this.rejectWaiting(error);
    }
    this.dispatch();
  }

  private waiting(): number {
    return this.queue.length;
  }

  /** Hands waiting messages to idle sessions, and opens sessions while messages wait for one. */
  private dispatch(): void {
    if (this.shut) return;
    for (const session of this.sessions) {
      if (this.waiting() === 0) return;
      if (session.idle) {
        const message = this.take();
        if (!message) return;
        session.begin(message);
      }
    }
    let connecting = 0;
    for (const session of this.sessions) if (session.state === 'connecting') connecting++;
    while (this.waiting() > connecting && this.sessions.size < this.ceiling) {
      this.sessions.add(new SmtpSession(this.options, this));
      connecting++;
    }
  }

  /** The next waiting message, unless SMTP_RATE says to wait (then the pool dispatches again when it may). */
  private take(): SmtpMessage | undefined {
    if (this.waiting() === 0) return undefined;
    if (this.options.rate > 0) {
      const now = Date.now();
      if (now - this.window.start >= 1000) this.window = { start: now, count: 0 };
      if (this.window.count >= this.options.rate) {
        this.rateTimer ??= setTimeout(
          () => {
            this.rateTimer = null;
            this.dispatch();
          },
          this.window.start + 1000 - now,
        );
        return undefined;
      }
      this.window.count++;
    }
    // Shifted, not indexed: a taken message must not stay reachable from the queue (each holds its content).
    return this.queue.shift();
  }

  private rejectWaiting(error: SmtpError): void {
    const waiting = this.queue;
    this.queue = [];
    for (const message of waiting) message.reject(error);
  }
}
