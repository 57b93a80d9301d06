import type { PageContext } from '../../http/request-context.ts';
import { autonym, directionOf, isLocale, type Locale } from '../../i18n/i18n.ts';
import { formatDate, formatDateRange, formatNumber } from '../../views/format.ts';
import { Layout } from '../../views/layout.tsx';
import { SiteSearchForm } from '../site/search.routes.tsx';
import { type PublicResource, translatedLocales } from './resource.service.ts';
import { type ResourceKind, resourceKinds } from './resource.table.ts';
import { resourceFileTypes } from './resource-file-type.ts';
import { languageName, publicResourcePath } from './resources-admin.views.tsx';
import { ShareMetadata } from './share-metadata.tsx';

const dirOf = (locale: string) => (isLocale(locale) ? directionOf(locale) : 'ltr');

/** Said where the reader's language has no version: which language is shown instead. */
function FallbackNote({ ctx, shownLocale }: { ctx: PageContext; shownLocale: string }) {
  return (
    <p class="notice fallback-note" role="note">
      {ctx.t('resources.public.fallback', { language: languageName(ctx.locale, ctx.locale), shown: languageName(ctx.locale, shownLocale) })}
    </p>
  );
}

/** GET /{locale}/resources — the library: kinds to filter by, published resources newest first. */
export function LibraryPage({
  ctx,
  siteName,
  items,
  kind,
  page,
  more,
}: {
  ctx: PageContext;
  siteName: string;
  items: PublicResource[];
  kind?: ResourceKind;
  page: number;
  more: boolean;
}) {
  const { t, locale } = ctx;
  const pageLink = (n: number) => {
    const params = new URLSearchParams();
    if (kind) params.set('kind', kind);
    if (n > 1) params.set('page', String(n));
    const q = params.toString();
    return ctx.href(`/resources${q ? `?${q}` : ''}`);
  };
  return (
    <Layout ctx={ctx} title={t('resources.public.title')} siteName={siteName}>
      <h1>{t('resources.public.title')}</h1>
      <p class="lead">{t('resources.public.intro')}</p>
      <SiteSearchForm ctx={ctx} />
      <p>
        <a href={ctx.href('/resources/feed.atom')} type="application/atom+xml">
          {t('resources.public.feed')}
        </a>
      </p>
      <nav aria-label={t('resources.public.kinds')} class="kind-filter">
        <ul>
          <li>
            <a href={ctx.href('/resources')} aria-current={kind ? undefined : 'page'}>
              {t('resources.public.allKinds')}
            </a>
          </li>
          {resourceKinds.map((k) => (
            <li key={k}>
              <a href={ctx.href(`/resources?kind=${k}`)} aria-current={k === kind ? 'page' : undefined}>
                {t(`resourceKindPlural.${k}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {items.length === 0 ? (
        <p>{t('resources.public.none')}</p>
      ) : (
        <ul class="resource-list">
          {items.map(({ view, shown, fallback }) => (
            <li key={view.row.id} class="resource-card">
              <p class="resource-card__kind">{t(`resourceKind.${view.row.kind}`)}</p>
              <h2 class="resource-card__title" lang={shown.locale} dir={dirOf(shown.locale)}>
                <a href={publicResourcePath(locale, shown.slug)}>{shown.title}</a>
              </h2>
              {shown.summary && (
                <p class="resource-card__summary" lang={shown.locale} dir={dirOf(shown.locale)}>
                  {shown.summary}
                </p>
              )}
              <p class="resource-card__meta muted">
                {view.row.published_at && <time dateTime={view.row.published_at.slice(0, 10)}>{formatDate(locale, view.row.published_at.slice(0, 10))}</time>}
                {fallback && <span> · {t('resources.public.inLanguage', { language: languageName(locale, shown.locale) })}</span>}
              </p>
            </li>
          ))}
        </ul>
      )}
      <p class="pager">
        {page > 1 && <a href={pageLink(page - 1)}>{t('resources.newer')}</a>}
        {more && <a href={pageLink(page + 1)}>{t('common.older')}</a>}
      </p>
    </Layout>
  );
}

/** The download link of a resource's file: what it is and how large. */
function FileLink({ ctx, resource }: { ctx: PageContext; resource: PublicResource }) {
  const { t, locale } = ctx;
  const { row } = resource.view;
  const type = row.file_type ? resourceFileTypes.get(row.file_type) : undefined;
  if (!type) return null;
  const kilobytes = Math.max(1, Math.ceil((row.file_size ?? 0) / 1024));
  return (
    <p class="resource-file">
      <a class="button" href={`${publicResourcePath(locale, resource.shown.slug)}/file`}>
        {t('resources.public.download', { type: type.extension.toUpperCase(), size: t('resources.fileSize', { kilobytes: formatNumber(locale, kilobytes) }) })}
      </a>
    </p>
  );
}

/** GET /{locale}/resources/{slug} — one resource in the reader's language, or in another with a note saying so. */
export function ResourcePage({
  ctx,
  siteName,
  resource,
  bodyHtml,
  milestones = [],
  baseUrl = '',
}: {
  ctx: PageContext;
  siteName: string;
  resource: PublicResource;
  bodyHtml: string;
  /** The site's public URL (PUBLIC_URL), for the canonical and shared addresses. */
  baseUrl?: string;
  /** The milestones of the timeline the resource is about. */
  milestones?: { id: number; date: string; endDate: string | null; precision: 'day' | 'month' | 'year'; title: string }[];
}) {
  const { t, locale } = ctx;
  const { view, shown, fallback } = resource;
  const { row } = view;
  const translations = translatedLocales(view);
  const alternates = translations.map((l) => ({ locale: l, href: publicResourcePath(l, view.versions[l]?.slug ?? '') }));
  const others = translations.filter((l) => l !== locale);
  return (
    <Layout
      ctx={ctx}
      title={shown.title}
      siteName={siteName}
      alternates={alternates}
      head={
        <ShareMetadata
          url={`${baseUrl}${publicResourcePath(shown.locale as Locale, shown.slug)}`}
          title={shown.title}
          description={shown.summary}
          locale={shown.locale}
          siteName={siteName}
          published={row.published_at}
          modified={row.updated_at}
        />
      }
    >
      <p class="breadcrumb">
        <a href={ctx.href('/resources')}>{t('resources.public.title')}</a>
      </p>
      <article class="resource" aria-labelledby="resource-title">
        <p class="resource__kind">{t(`resourceKind.${row.kind}`)}</p>
        {fallback && <FallbackNote ctx={ctx} shownLocale={shown.locale} />}
        <div lang={shown.locale} dir={dirOf(shown.locale)}>
          <h1 id="resource-title">{shown.title}</h1>
          {shown.summary && <p class="lead">{shown.summary}</p>}
        </div>
        <p class="resource__meta muted">
          {row.published_at && t('resources.public.published', { date: formatDate(locale, row.published_at.slice(0, 10)) })}
          {row.kind === 'submission' && row.submitted_to && (
            <>
              {' · '}
              {row.submitted_on
                ? t('resources.public.submittedToOn', { body: `\u2068${row.submitted_to}\u2069`, date: formatDate(locale, row.submitted_on) })
                : t('resources.public.submittedTo', { body: `\u2068${row.submitted_to}\u2069` })}
            </>
          )}
        </p>
        <FileLink ctx={ctx} resource={resource} />
        {row.external_url && (
          <p>
            <a href={row.external_url} rel="noopener noreferrer">
              {t('resources.public.externalLink')}
            </a>
          </p>
        )}
        {/* Rendered by renderPublishedMarkdown: raw HTML escaped, then sanitize-html's allowlist. */}
        {bodyHtml && <div class="prose" lang={shown.locale} dir={dirOf(shown.locale)} dangerouslySetInnerHTML={{ __html: bodyHtml }} />}
        {view.topics.length > 0 && (
          <p class="resource__topics">
            {t('resources.public.topics')}{' '}
            {view.topics.map((x, i) => (
              <>
                {i > 0 && ', '}
                <bdi>{x.name}</bdi>
              </>
            ))}
          </p>
        )}
        {milestones.length > 0 && (
          <section class="resource__translations" aria-labelledby="resource-milestones">
            <h2 id="resource-milestones">{t('resources.public.relatedMilestones')}</h2>
            <ul class="plain-list">
              {milestones.map((m) => (
                <li key={m.id}>
                  <time dateTime={m.date}>{formatDateRange(locale, m.date, m.endDate, m.precision)}</time> · <bdi>{m.title}</bdi>
                </li>
              ))}
            </ul>
          </section>
        )}
        {others.length > 0 && (
          <nav class="resource__translations" aria-label={t('resources.public.otherLanguages')}>
            <h2>{t('resources.public.otherLanguages')}</h2>
            <ul class="plain-list">
              {others.map((l) => (
                <li key={l}>
                  <a href={publicResourcePath(l, view.versions[l]?.slug ?? '')} lang={l} hrefLang={l}>
                    {autonym(l)}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        )}
      </article>
    </Layout>
  );
}
