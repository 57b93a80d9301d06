import type { ComponentChildren } from 'preact';
import type { PageContext } from '../http/request-context.ts';
import { autonym, directionOf, locales } from '../i18n/i18n.ts';

interface LayoutProps {
  ctx: PageContext;
  title: string;
  siteName?: string;
  children: ComponentChildren;
  /** Extra header content (the admin navigation). */
  nav?: ComponentChildren;
  bodyClass?: string;
  /** Reloads the page every N seconds (progress pages that must work without JavaScript). */
  refreshSeconds?: number;
  /**
   * The page's real translations, for `hreflang` alternates (a resource in three languages names those three);
   * without it every locale's URL of the page is named, since the catalog translates every page.
   */
  alternates?: { locale: string; href: string }[];
  /** More of the head: a page's canonical URL, Open Graph and structured data. */
  head?: ComponentChildren;
}

/** The page shell: language, direction, skip link, header with the language switcher, footer. */
export function Layout({ ctx, title, siteName, children, nav, bodyClass, refreshSeconds, alternates, head }: LayoutProps) {
  const { t, locale } = ctx;
  const brand = siteName ?? 'Plenary';
  return (
    <html lang={locale} dir={directionOf(locale)}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title === brand ? title : `${title} · ${brand}`}</title>
        <link rel="stylesheet" href="/assets/plenary.css" />
        <link rel="icon" href="/favicon.ico" sizes="any" />
        <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
        {refreshSeconds && <meta http-equiv="refresh" content={String(refreshSeconds)} />}
        {head}
        {(alternates ?? locales.map((l) => ({ locale: l, href: `/${l}${ctx.unprefixedUrl === '/' ? '/' : ctx.unprefixedUrl}` }))).map((a) => (
          <link key={a.locale} rel="alternate" hrefLang={a.locale} href={a.href} />
        ))}
      </head>
      <body class={bodyClass}>
        <a class="skip-link" href="#main">
          {t('layout.skipToContent')}
        </a>
        <header class="site-header">
          <div class="site-header__inner">
            <a class="brand" href={ctx.href('/')}>
              {brand}
            </a>
            <LanguageSwitcher ctx={ctx} />
          </div>
          {nav}
        </header>
        <main id="main" class="page">
          {children}
        </main>
        <footer class="site-footer">
          <p>{t('layout.footer')}</p>
        </footer>
      </body>
    </html>
  );
}

/** Links to the same page in each of the six languages, each named in its own language. */
export function LanguageSwitcher({ ctx }: { ctx: PageContext }) {
  const rest = ctx.unprefixedUrl === '/' ? '/' : ctx.unprefixedUrl;
  return (
    <nav class="language-switcher" aria-label={ctx.t('layout.languages')}>
      <ul>
        {locales.map((l) => (
          <li key={l}>
            <a href={`/${l}${rest}`} lang={l} hrefLang={l} aria-current={l === ctx.locale ? 'true' : undefined}>
              {autonym(l)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** A hidden CSRF field; every state-changing form includes it. */
export function CsrfField({ ctx }: { ctx: PageContext }) {
  return <input type="hidden" name="_csrf" value={ctx.csrfToken} />;
}
