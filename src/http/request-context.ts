import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { AppDeps } from '../app-deps.ts';
import type { Actor } from '../domains/audit/audit.service.ts';
import { accountForSession } from '../domains/auth/auth.service.ts';
import type { StaffAccountRow } from '../domains/auth/auth.table.ts';
import { defaultLocale, isLocale, type Locale, locales, negotiateLocale, type Translator, translator } from '../i18n/i18n.ts';

export const sessionCookie = 'plenary_session';
export const localeCookie = 'plenary_locale';

declare module 'fastify' {
  interface FastifyRequest {
    locale: Locale;
    t: Translator;
    /** The URL without its locale prefix ("/admin/login?x=1"), for the language switcher. */
    unprefixedUrl: string;
    /** True when the first URL segment was a supported locale. */
    hasLocalePrefix: boolean;
    staff: StaffAccountRow | null;
    sessionToken: string | undefined;
  }
  interface FastifyReply {
    /** Sends a server-rendered page. */
    page(node: VNode, status?: number): FastifyReply;
  }
}

/** What every page view needs from its request. */
export interface PageContext {
  locale: Locale;
  t: Translator;
  unprefixedUrl: string;
  staff: StaffAccountRow | null;
  csrfToken: string;
  /** Turns an unprefixed path into this page's locale ("/admin" → "/fr/admin"). */
  href(path: string): string;
}

const localePrefix = new RegExp(`^/(${locales.join('|')})(?=/|\\?|$)`);

/** Splits a URL into its locale prefix (if any) and the rest. */
export function splitLocale(url: string): { locale: Locale | null; rest: string } {
  const match = localePrefix.exec(url);
  if (!match) return { locale: null, rest: url || '/' };
  const rest = url.slice(match[0].length);
  return { locale: match[1] as Locale, rest: rest.startsWith('/') ? rest : `/${rest}` };
}

/** The locale for a request without a prefix: cookie, then Accept-Language, then English. */
export function preferredLocale(request: FastifyRequest): Locale {
  const cookie = request.cookies[localeCookie];
  if (isLocale(cookie)) return cookie;
  return negotiateLocale(request.headers['accept-language']) ?? defaultLocale;
}

/** Decorates every request with its locale, translator and signed-in staff account. */
export function registerRequestContext(app: FastifyInstance, deps: AppDeps): void {
  app.decorateRequest('locale', defaultLocale);
  app.decorateRequest('t', null as unknown as Translator);
  app.decorateRequest('unprefixedUrl', '/');
  app.decorateRequest('hasLocalePrefix', false);
  app.decorateRequest('staff', null);
  app.decorateRequest('sessionToken', undefined);
  app.decorateReply('page', function (this: FastifyReply, node: VNode, status = 200) {
    return this.code(status)
      .type('text/html; charset=utf-8')
      .send(`<!doctype html>${renderToString(node)}`);
  });

  app.addHook('onRequest', async (request, reply) => {
    const { locale, rest } = splitLocale(request.url);
    request.hasLocalePrefix = locale !== null;
    request.locale = locale ?? preferredLocale(request);
    request.unprefixedUrl = rest;
    request.t = translator(request.locale);
    // Remember an explicit choice (a prefixed URL, e.g. from the language switcher) for "/".
    if (locale && request.cookies[localeCookie] !== locale && request.method === 'GET') {
      reply.setCookie(localeCookie, locale, { path: '/', sameSite: 'lax', httpOnly: true, secure: deps.config.secureCookies, maxAge: 365 * 24 * 3600 });
    }
    const token = request.cookies[sessionCookie];
    request.sessionToken = token;
    if (token && rest.startsWith('/admin')) {
      request.staff = await accountForSession(deps, token);
    }
  });
}

/** The actor for the audit log: the signed-in staff account, or the anonymous visitor. */
export function actorOf(request: FastifyRequest): Actor {
  return request.staff ? { staffId: request.staff.id, label: request.staff.email, ip: request.ip } : { staffId: null, label: 'anonymous', ip: request.ip };
}

/** Builds the context a page view renders with (and a fresh CSRF token for its forms). */
export function pageContext(request: FastifyRequest, reply: FastifyReply): PageContext {
  const locale = request.locale;
  return {
    locale,
    t: request.t,
    unprefixedUrl: request.unprefixedUrl,
    staff: request.staff,
    csrfToken: reply.generateCsrf(),
    href: (path: string) => `/${locale}${path === '/' ? '/' : path}`,
  };
}
