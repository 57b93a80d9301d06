import path from 'node:path';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AppDeps } from './app-deps.ts';
import { registerApi } from './domains/api/api.routes.ts';
import { registerErrorHandling } from './http/error-handler.tsx';
import { registerHealthRoutes } from './http/health.routes.ts';
import { registerRequestContext } from './http/request-context.ts';
import { routeTable } from './http/route-table.ts';
import { registerRoutes } from './http/router.ts';

const publicDir = path.join(import.meta.dirname, '..', 'public');

/** Builds the web application without listening; tests call `app.inject()` on it. */
export async function buildApp(deps: AppDeps, options: { logger?: boolean } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ? { level: deps.config.logLevel } : false,
    bodyLimit: deps.config.bodyLimitBytes,
    trustProxy: deps.config.trustProxy,
    routerOptions: { ignoreTrailingSlash: true },
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
  // Per-IP limits on public forms, per instance; routes opt in through `perMinute` in the route table.
  await app.register(rateLimit, { global: false });
  await app.register(multipart, { limits: { fileSize: deps.config.uploadLimitBytes, files: 1, fields: 50 } });
  await app.register(fastifyStatic, { root: publicDir, prefix: '/assets/', maxAge: '1h' });

  registerRequestContext(app, deps);
  registerErrorHandling(app);
  registerHealthRoutes(app, deps);
  registerRoutes(app, routeTable(deps));
  await registerApi(app, deps);
  return app;
}
