import path from 'node:path';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AppDeps } from './app-deps.ts';
import { registerApi } from './domains/api/api.routes.ts';
import { handleFrameworkError, registerErrorHandling } from './http/error-handler.tsx';
import { registerHealthRoutes } from './http/health.routes.ts';
import { registerRequestContext } from './http/request-context.ts';
import { registerRoutes } from './http/router.ts';
import { type LogDestination, requestIdGenerator, ServerLogController, serverLoggerOptions } from './http/server-log.ts';
import { routeTable } from './routes.ts';

const publicDir = path.join(import.meta.dirname, '..', 'public');

export interface BuildAppOptions {
  /** One log line per request (received, completed); off for `npm start`, where errors are still logged. */
  requestLogging?: boolean;
  /** Where the JSON log lines go (stdout by default); tests pass a collector. */
  logStream?: LogDestination;
}

/** Builds the web application without listening; tests call `app.inject()` on it. Errors are always logged at LOG_LEVEL. */
export async function buildApp(deps: AppDeps, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: serverLoggerOptions(deps.config.logLevel, options.logStream),
    logController: new ServerLogController(options.requestLogging ?? true),
    genReqId: requestIdGenerator(deps.config.trustProxy),
    bodyLimit: deps.config.bodyLimitBytes,
    trustProxy: deps.config.trustProxy,
    // 400: the longest token any route's schema accepts; Fastify's default of 100 cut off signed links (414).
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 400 },
    frameworkErrors: handleFrameworkError,
  });

  // The request id goes back to the client, so a person reporting a failure can quote it.
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  await app.register(cookie, { secret: deps.secretKey });
  await app.register(formbody);
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: 'plenary_csrf',
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', secure: deps.config.secureCookies, signed: true },
    // Forms carry the token in `_csrf`; a multipart upload carries it in the query, since its body is read later.
    getToken: (request) =>
      (request.body as Record<string, string> | undefined)?._csrf ??
      (request.query as Record<string, string> | undefined)?._csrf ??
      (request.headers['x-csrf-token'] as string | undefined),
  });
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: { defaultSrc: ["'self'"], imgSrc: ["'self'", 'data:'], formAction: ["'self'"], frameAncestors: ["'none'"], upgradeInsecureRequests: null },
    },
    hsts: deps.config.secureCookies,
  });
  await app.register(multipart, { limits: { fileSize: deps.config.uploadLimitBytes, files: 1, fields: 50 } });
  // Before static, so its files are compressed too. Streams (exports) stay streams: zlib passes chunks on as
  // they fill. Request bodies are not inflated: the body limit must hold for what arrives on the wire.
  // (Pages with CSRF tokens are not a BREACH oracle: each response carries a freshly salted token.)
  await app.register(compress, { global: true, encodings: ['br', 'gzip', 'deflate'], globalDecompression: false });
  await app.register(fastifyStatic, { root: publicDir, prefix: '/assets/', maxAge: '1h' });

  registerRequestContext(app, deps);
  registerErrorHandling(app);
  registerHealthRoutes(app, deps);
  registerRoutes(app, routeTable(deps));
  await registerApi(app, deps);
  return app;
}
