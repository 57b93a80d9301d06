import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { parseBody } from '../../http/form.ts';
import { type PageContext, pageContext } from '../../http/request-context.ts';
import { isLocale, pickLocalized } from '../../i18n/i18n.ts';
import { Layout } from '../../views/layout.tsx';
import { type SearchKind, type SearchResult, searchKinds, searchSite } from './search.service.ts';
import { requireNetwork } from './site.service.ts';

const searchQuery = z.object({
  q: z.string().max(200).optional().catch(undefined),
  type: z.enum(searchKinds).optional().catch(undefined),
});

/** The site's search form (a GET form: it works without JavaScript). */
export function SiteSearchForm({ ctx, q = '', type }: { ctx: PageContext; q?: string; type?: SearchKind }) {
  const { t } = ctx;
  return (
    // biome-ignore lint/a11y/useSemanticElements: <search> is not yet in Preact's JSX types; the role says the same
    <form method="get" action={ctx.href('/search')} class="filters" role="search">
      <div class="filter filter--search">
        <label for="site-search-q">{t('search.label')}</label>
        <input id="site-search-q" name="q" type="search" value={q} dir="auto" maxLength={200} />
      </div>
      <div class="filter">
        <label for="site-search-type">{t('search.type')}</label>
        <select id="site-search-type" name="type">
          <option value="">{t('search.type.any')}</option>
          {searchKinds.map((k) => (
            <option key={k} value={k} selected={k === type}>
              {t(`search.kind.${k}`)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" class="button">
        {t('search.submit')}
      </button>
    </form>
  );
}

function Result({ ctx, result }: { ctx: PageContext; result: SearchResult }) {
  const dir = result.lang === 'ar' ? 'rtl' : 'ltr';
  const [before, match, after] = result.snippet;
  return (
    <li class="resource-card">
      <p class="resource-card__kind">{ctx.t(`search.kind.${result.kind}`)}</p>
      <h2 class="resource-card__title" lang={result.lang} dir={dir}>
        <a href={result.url}>{result.title}</a>
      </h2>
      {before && (
        <p class="resource-card__summary" lang={result.lang} dir={dir}>
          {before}
          {match !== undefined && <mark>{match}</mark>}
          {after}
        </p>
      )}
    </li>
  );
}

/** GET /{locale}/search?q=…&type=… — published resources, public updates and the timeline, in any script. */
export function searchPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { q, type } = parseBody(searchQuery, request.query);
    const text = q?.trim() ?? '';
    const results = text ? await searchSite(deps, request.locale, text, type) : [];
    const network = await requireNetwork(deps);
    const ctx = pageContext(request, reply);
    const { t } = ctx;
    const siteName = pickLocalized(network.name, request.locale, isLocale(network.default_locale) ? network.default_locale : undefined);
    return reply.page(
      <Layout ctx={ctx} title={text ? t('search.titleFor', { q: text }) : t('search.title')} siteName={siteName}>
        <h1>{t('search.title')}</h1>
        <SiteSearchForm ctx={ctx} q={text} type={type} />
        {text && <p role="status">{t('search.count', { count: results.length, q: `\u2068${text}\u2069` })}</p>}
        {results.length > 0 && (
          <ol class="resource-list">
            {results.map((r) => (
              <Result key={`${r.kind}-${r.id}`} ctx={ctx} result={r} />
            ))}
          </ol>
        )}
      </Layout>,
    );
  };
}
