import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type AppErrorCode, appErrorStatus } from '../errors/app-error.ts';
import { defaultLocale, translator } from '../i18n/i18n.ts';
import { ErrorPage } from '../views/error-page.tsx';
import { pageContext } from './request-context.ts';

/** Maps what Fastify and its plugins throw onto our codes, so every error is translated the same way. */
function toAppError(error: FastifyError | Error): AppError {
  if (error instanceof AppError) return error;
  const fastifyError = error as FastifyError;
  const code = fastifyError.code ?? '';
  const status = fastifyError.statusCode ?? 500;
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE' || status === 413) return new AppError('payload_too_large');
  if (code.startsWith('FST_CSRF')) return new AppError('csrf_invalid');
  if (status === 429) return new AppError('rate_limited');
  if (status === 404) return new AppError('not_found');
  if (status >= 400 && status < 500) return new AppError('invalid_input', { field: 'body' });
  return new AppError('internal');
}

function wantsJson(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/') || (request.headers.accept ?? '').startsWith('application/json');
}

/** Answers with the code's status and its translated message: JSON for the API, a page otherwise. */
export function sendError(request: FastifyRequest, reply: FastifyReply, error: AppError): FastifyReply {
  const status = appErrorStatus[error.code as AppErrorCode] ?? 500;
  const t = request.t ?? translator(defaultLocale);
  const values: Record<string, string | number> = { ...error.details };
  // An address error carries the address module's reason code; say the reason in the reader's language.
  if (typeof values.addressError === 'string') values.addressError = t(`address.error.${values.addressError}`, error.details);
  const message = t(`error.${error.code}`, values);
  if (wantsJson(request)) return reply.code(status).send({ error: { code: error.code, message } });
  return reply.page(<ErrorPage ctx={pageContext(request, reply)} status={status} message={message} />, status);
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
