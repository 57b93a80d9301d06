import { randomUUID } from 'node:crypto';
import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import type { PinoLoggerOptions } from 'fastify/types/logger.js';

/** Where log lines go: anything with write(line), such as process.stdout. */
export interface LogDestination {
  write(line: string): unknown;
}

/**
 * Paths whose next segment is a credential: a member's signed link or a staff account's one-time link.
 * Anyone who reads the log could otherwise use them.
 */
const tokenPaths = /^((?:\/[a-z]{2})?\/(?:me|unsubscribe|join\/confirm|admin\/set-password|admin\/reset-password))\/[^/?#]+/;
// Any other long random-looking segment or query value (tokens are 43+ characters; ids and slugs are shorter).
const longSegment = /(^|[/=])[A-Za-z0-9_~.-]{32,}(?=$|[/?&#])/g;
// An address in clear, or percent-encoded in a URL; any script on either side of the @.
const address = /[^\s@<>()[\]{},;:"'/\\?&=#]+(?:@|%40)[^\s@<>()[\]{},;:"'/\\?&=#]*[^\s@<>()[\]{},;:"'/\\?&=#.]/giu;
const apiToken = /\bplen_[A-Za-z0-9_-]{20,}/g;

/** The text with email addresses and API tokens replaced by placeholders, for log lines and error messages. */
export function redactText(text: string): string {
  return text.replace(apiToken, '[token]').replace(address, '[address]');
}

/** A request URL as it may be logged: credentials in the path or query and addresses replaced by placeholders. */
export function redactUrl(url: string): string {
  return redactText(url.replace(tokenPaths, '$1/:token').replace(longSegment, '$1:token'));
}

interface LoggedError {
  type?: string;
  message?: string;
  stack?: string;
  code?: unknown;
  statusCode?: unknown;
}

/** An error reduced to what an operator needs, with no address or token: other properties may quote data. */
function serializeError(error: unknown): LoggedError {
  if (!(error instanceof Error)) return { message: redactText(String(error)) };
  const e = error as Error & { code?: unknown; statusCode?: unknown };
  return {
    type: e.name,
    message: redactText(e.message),
    stack: e.stack ? redactText(e.stack) : undefined,
    code: e.code,
    statusCode: e.statusCode,
  };
}

/**
 * The web server's pino options: JSON lines at LOG_LEVEL, with requests named by URL without their
 * credentials, no header values (cookies and bearer tokens stay out), and errors without addresses.
 */
export function serverLoggerOptions(level: string, stream?: LogDestination): PinoLoggerOptions & { stream?: LogDestination } {
  return {
    level,
    ...(stream ? { stream } : {}),
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'], censor: '[redacted]' },
    serializers: {
      req: (request: { method?: string; url?: string; ip?: string; socket?: { remoteAddress?: string } }) => ({
        method: request.method,
        url: redactUrl(request.url ?? ''),
        remoteAddress: request.ip ?? request.socket?.remoteAddress,
      }),
      res: (reply: { statusCode?: number }) => ({ statusCode: reply.statusCode }),
      err: serializeError,
    },
    hooks: {
      // A message string may quote what a visitor typed (an address); redact it like the error.
      logMethod(args, method) {
        const redacted = args.map((a) => (typeof a === 'string' ? redactText(a) : a)) as Parameters<typeof method>;
        return method.apply(this, redacted);
      },
    },
  };
}

/**
 * Fastify's own log lines, with the two per request (incoming, completed) only when `requestLines` is on;
 * error lines always. (Fastify's `disableRequestLogging` would silence stream errors too.)
 */
export class ServerLogController extends LogController {
  constructor(private readonly requestLines: boolean) {
    super();
  }

  override incomingRequest(request: FastifyRequest, reply: FastifyReply, metadata?: Record<string, unknown>): void {
    if (this.requestLines) super.incomingRequest(request, reply, metadata);
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply, metadata?: Record<string, unknown>): void {
    if (this.requestLines || error) super.requestCompleted(error, request, reply, metadata);
  }
}

const incomingRequestId = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * A request id unique across instances (a UUID), or the proxy's `X-Request-Id` when the proxy is trusted,
 * so one request can be followed from the load balancer's log to ours.
 */
export function requestIdGenerator(trustProxy: boolean): (request: { headers: Record<string, unknown> }) => string {
  return (request) => {
    const given = request.headers['x-request-id'];
    if (trustProxy && typeof given === 'string' && incomingRequestId.test(given)) return given;
    return randomUUID();
  };
}
