import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { roleAllows } from '../domains/auth/auth.service.ts';
import type { StaffRole } from '../domains/auth/auth.table.ts';
import { AppError } from '../errors/app-error.ts';
import { isLocale } from '../i18n/i18n.ts';

/** Who may call a route: anyone, or a staff account with at least this role. */
export type Access = 'public' | StaffRole;
type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

export interface RouteEntry {
  method: 'GET' | 'POST';
  /** Path without the locale prefix; every page is served at /{locale}{path} too. */
  path: string;
  access: Access;
  handler: Handler;
  /** False only where a signed token in the URL is the authority and outside senders post (RFC 8058). */
  csrf?: boolean;
}

/** Refuses a request whose staff account is missing (→ sign-in) or whose role is too low (→ 403). */
function guard(access: Access) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (access === 'public') return;
    if (!request.staff) {
      if (request.method === 'GET') {
        const next = encodeURIComponent(`/${request.locale}${request.unprefixedUrl}`);
        return reply.redirect(`/${request.locale}/admin/login?next=${next}`);
      }
      throw new AppError('sign_in_required');
    }
    if (!roleAllows(request.staff.role, access)) throw new AppError('forbidden');
  };
}

/** A locale segment that is not one of the six is an unknown page. */
async function requireKnownLocale(request: FastifyRequest) {
  const { locale } = request.params as { locale?: string };
  if (locale !== undefined && !isLocale(locale)) throw new AppError('not_found');
}

/**
 * Registers each table entry at /{locale}{path} and at {path} (the unprefixed form uses the
 * visitor's preferred locale; "/" itself redirects so every page has one canonical locale URL).
 */
export function registerRoutes(app: FastifyInstance, table: RouteEntry[]): void {
  for (const entry of table) {
    const csrf = entry.method === 'POST' && entry.csrf !== false;
    const preHandler = [requireKnownLocale, guard(entry.access), ...(csrf ? [app.csrfProtection] : [])];
    app.route({ method: entry.method, url: `/:locale${entry.path === '/' ? '' : entry.path}`, preHandler, handler: entry.handler });
    if (entry.path === '/') continue;
    app.route({ method: entry.method, url: entry.path, preHandler, handler: entry.handler });
  }
  app.get('/', async (request, reply) => reply.redirect(`/${request.locale}/`));
}
