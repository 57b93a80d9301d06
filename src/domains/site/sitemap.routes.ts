import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app-deps.ts';
import { type Locale, locales } from '../../i18n/i18n.ts';
import { publishedResources } from '../resources/resource.service.ts';
import { publicResourcePath } from '../resources/resources-admin.views.tsx';
import { publicUpdates } from './update.service.ts';
import { publicUpdatePath } from './updates-public.routes.tsx';

const batch = 500;
/** At most this many resources and updates each: a sitemap file holds 50,000 URLs. */
const maxItems = 10_000;

function xml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] as string);
}

/** One <url> per translation of a page, each naming every translation (itself included) as an alternate. */
function urlSet(base: string, translations: { locale: string; path: string; lastmod?: string }[]): string {
  const links = translations.map((a) => `<xhtml:link rel="alternate" hreflang="${a.locale}" href="${xml(base + a.path)}"/>`).join('');
  return translations
    .map((a) => `<url><loc>${xml(base + a.path)}</loc>${a.lastmod ? `<lastmod>${a.lastmod.slice(0, 10)}</lastmod>` : ''}${links}</url>`)
    .join('\n');
}

async function allOf<T>(page: (offset: number) => Promise<{ items: T[]; more: boolean }>): Promise<T[]> {
  const items: T[] = [];
  for (let offset = 0; offset < maxItems; offset += batch) {
    const next = await page(offset);
    items.push(...next.items);
    if (!next.more) break;
  }
  return items;
}

/** GET /sitemap.xml — the public pages in every locale, with `hreflang` alternates for the real translations only. */
export function sitemap(deps: AppDeps) {
  return async (_request: FastifyRequest, reply: FastifyReply) => {
    const base = deps.config.publicUrl;
    const everyLocale = (path: string) => locales.map((l) => ({ locale: l as string, path: `/${l}${path}` }));
    const parts = ['/', '/resources', '/updates', '/announcements', '/join'].map((p) => urlSet(base, everyLocale(p)));
    const resources = await allOf((offset) => publishedResources(deps, 'en' as Locale, {}, { limit: batch, offset }));
    for (const { view } of resources) {
      const translations = locales.flatMap((l) => {
        const v = view.versions[l];
        return v ? [{ locale: l as string, path: publicResourcePath(l, v.slug), lastmod: view.row.updated_at }] : [];
      });
      parts.push(urlSet(base, translations));
    }
    const updates = await allOf((offset) => publicUpdates(deps, 'en' as Locale, { limit: batch, offset }));
    for (const { view } of updates) {
      const translations = locales.flatMap((l) => {
        const v = view.versions[l];
        return v ? [{ locale: l as string, path: publicUpdatePath(l, v.slug), lastmod: view.row.updated_at }] : [];
      });
      parts.push(urlSet(base, translations));
    }
    const body = `<?xml version="1.0" encoding="utf-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n${parts.join('\n')}\n</urlset>\n`;
    return reply.type('application/xml; charset=utf-8').header('cache-control', 'public, max-age=300').send(body);
  };
}

/** GET /robots.txt — everything public may be indexed; the admin area and members' own links may not. */
export function robots(deps: AppDeps) {
  return async (_request: FastifyRequest, reply: FastifyReply) => {
    const lines = [
      'User-agent: *',
      'Disallow: /admin',
      'Disallow: /me/',
      'Disallow: /unsubscribe/',
      'Allow: /',
      `Sitemap: ${deps.config.publicUrl}/sitemap.xml`,
    ];
    return reply
      .type('text/plain; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(`${lines.join('\n')}\n`);
  };
}
