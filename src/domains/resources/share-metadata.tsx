import type { Locale } from '../../i18n/i18n.ts';

/** The Open Graph names of the six locales (`og:locale` wants a territory). */
const ogLocales: Record<Locale, string> = { ar: 'ar_AR', en: 'en_GB', es: 'es_ES', fr: 'fr_FR', ru: 'ru_RU', zh: 'zh_CN' };

/** JSON for a script element: `<` escaped so no text in it can close the element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/**
 * What a published page tells search engines and the apps it is shared in: its canonical URL (the reader's locale's
 * own address), Open Graph and Twitter card metadata, and a schema.org Article with the network as publisher.
 */
export function ShareMetadata({
  url,
  title,
  description,
  locale,
  siteName,
  published,
  modified,
}: {
  url: string;
  title: string;
  description: string;
  locale: string;
  siteName: string;
  published: string | null;
  modified: string;
}) {
  const article = {
    '@context': 'https://schema.org',
    '@type': 'Article',
    headline: title,
    description: description || undefined,
    inLanguage: locale,
    url,
    datePublished: published ?? undefined,
    dateModified: modified,
    publisher: { '@type': 'Organization', name: siteName },
  };
  return (
    <>
      <link rel="canonical" href={url} />
      {description && <meta name="description" content={description} />}
      <meta property="og:type" content="article" />
      <meta property="og:title" content={title} />
      {description && <meta property="og:description" content={description} />}
      <meta property="og:url" content={url} />
      <meta property="og:site_name" content={siteName} />
      <meta property="og:locale" content={ogLocales[locale as Locale] ?? locale} />
      <meta name="twitter:card" content="summary" />
      <meta name="twitter:title" content={title} />
      {/* Escaped for a script element by scriptJson; it is data, never run. */}
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: scriptJson(article) }} />
    </>
  );
}
