import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { renderToString } from 'preact-render-to-string';
import { AppError, type AppErrorCode, appErrorStatus } from '../errors/app-error.ts';
import { defaultLocale, translator } from '../i18n/i18n.ts';
import { ErrorPage } from '../views/error-page.tsx';
import { type PageContext, pageContext, preferredLocale, splitLocale } from './request-context.ts';

/** Maps what Fastify and its plugins throw onto our codes, so every error is translated the same way. */
function toAppError(error: FastifyError | Error): AppError {
  if (error instanceof AppError) return error;
  const fastifyError = error as FastifyError;
  const code = fastifyError.code ?? '';
  const status = fastifyError.statusCode ?? 500;
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE' || status === 413) return new AppError('payload_too_large');
  // A path segment over the router's limit or with broken percent-encoding: on a page, only ever a damaged emailed link.
  if (code === 'FST_ERR_MAX_PARAM_LENGTH' || code === 'FST_ERR_BAD_URL') return new AppError('link_invalid');
  if (code.startsWith('FST_CSRF')) return new AppError('csrf_invalid');
  if (status === 404) return new AppError('not_found');
  if (status >= 400 && status < 500) return new AppError('invalid_input', { field: 'body' });
  return new AppError('internal');
}

function wantsJson(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/') || (request.headers.accept ?? '').startsWith('application/json');
}

/** The status and translated message of an error, in the request's language. */
function describeError(request: FastifyRequest, error: AppError): { status: number; message: string } {
  const status = appErrorStatus[error.code as AppErrorCode] ?? 500;
  const t = request.t ?? translator(defaultLocale);
  const values: Record<string, string | number> = { ...error.details };
  // An address error carries the address module's reason code; say the reason in the reader's language.
  if (typeof values.addressError === 'string') values.addressError = t(`address.error.${values.addressError}`, error.details);
  return { status, message: t(`error.${error.code}`, values) };
}

/** Answers with the code's status and its translated message: JSON for the API, a page otherwise. */
export function sendError(request: FastifyRequest, reply: FastifyReply, error: AppError): FastifyReply {
  const { status, message } = describeError(request, error);
  if (wantsJson(request)) return reply.code(status).send({ error: { code: error.code, message } });
  return reply.page(<ErrorPage ctx={pageContext(request, reply)} status={status} message={message} />, status);
}

/** What helmet would have said: no hook ran for a request the router refused. */
const bareSecurityHeaders = {
  'content-security-policy': "default-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/**
 * Fastify's `frameworkErrors` option: what the router refuses before any hook runs (a path segment
 * over `maxParamLength`, broken percent-encoding) is answered like every other error — a translated
 * page, or the API's JSON — instead of Fastify's bare JSON. Fastify hands over a plain request and
 * reply (no hooks ran, no plugin decorators), so the locale is read here and the page rendered here.
 */
export function handleFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { locale, rest } = splitLocale(request.url);
  const parseCookie = (request.server as { parseCookie?: (header: string) => Record<string, string> }).parseCookie;
  request.cookies ??= parseCookie ? parseCookie(request.headers.cookie ?? '') : {};
  request.locale = locale ?? preferredLocale(request);
  request.t = translator(request.locale);
  if (wantsJson(request)) return sendError(request, reply, new AppError('invalid_input', { field: 'path' }));
  const { status, message } = describeError(request, toAppError(error));
  const ctx: PageContext = {
    locale: request.locale,
    t: request.t,
    unprefixedUrl: rest,
    staff: null,
    csrfToken: '',
    href: (path: string) => `/${request.locale}${path === '/' ? '/' : path}`,
  };
  return reply
    .code(status)
    .headers(bareSecurityHeaders)
    .type('text/html; charset=utf-8')
    .send(`<!doctype html>${renderToString(<ErrorPage ctx={ctx} status={status} message={message} />)}`);
}

/** Installs the error and not-found handlers. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const appError = toAppError(error);
    if (appError.code === 'internal') request.log.error({ err: error }, 'unhandled error');
    return sendError(request, reply, appError);
  });
  app.setNotFoundHandler((request, reply) => sendError(request, reply, new AppError('not_found')));
}
