import fs from 'node:fs';
import { IntlMessageFormat } from 'intl-messageformat';

/** The six UN languages, in the order the language switcher shows them. */
export const locales = ['ar', 'zh', 'en', 'fr', 'ru', 'es'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'en';

export type Catalog = Record<string, string>;
export type MessageValues = Record<string, string | number | Date>;
export type Translator = (key: string, values?: MessageValues) => string;

/** Narrows an arbitrary string (URL segment, cookie, column) to a supported locale. */
export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

/** Writing direction for `<html dir>`: Arabic is the one right-to-left language of the six. */
export function directionOf(locale: Locale): 'rtl' | 'ltr' {
  return locale === 'ar' ? 'rtl' : 'ltr';
}

const autonyms = new Map<Locale, string>();

/** The language's own name for itself ("العربية", "中文"…), for the switcher. */
export function autonym(locale: Locale): string {
  // Six values, asked for on every page (the language switcher): an Intl.DisplayNames costs ~0.1 ms to build.
  const known = autonyms.get(locale);
  if (known) return known;
  const name = new Intl.DisplayNames([locale], { type: 'language' }).of(locale) ?? locale;
  const shown = name.charAt(0).toLocaleUpperCase(locale) + name.slice(1);
  autonyms.set(locale, shown);
  return shown;
}

/** Reads one catalog file from src/i18n. */
export function readCatalog(locale: Locale): Catalog {
  return JSON.parse(fs.readFileSync(new URL(`./${locale}.json`, import.meta.url), 'utf8')) as Catalog;
}

const catalogs = new Map<Locale, Catalog>();
const compiled = new Map<string, IntlMessageFormat>();

function catalog(locale: Locale): Catalog {
  let c = catalogs.get(locale);
  if (!c) {
    c = readCatalog(locale);
    catalogs.set(locale, c);
  }
  return c;
}

/** Told of a message key a catalog lacks, at the moment something asks for it. */
export type MissingMessageReporter = (key: string, locale: Locale) => void;

/** The code of the process warning a missing message raises (tests listen for it). */
export const missingMessageWarning = 'PLENARY_MISSING_MESSAGE';

const reported = new Set<string>();

/** Raises a process warning, once per key and locale, so a missing message shows in the server's log. */
export const warnMissingMessage: MissingMessageReporter = (key, locale) => {
  if (reported.has(`${locale}\u0000${key}`)) return;
  reported.add(`${locale}\u0000${key}`);
  process.emitWarning(`message "${key}" is missing from the ${locale} catalog`, { code: missingMessageWarning });
};

/**
 * A translator for one locale. Messages are ICU MessageFormat (plurals, selects, named variables).
 * A key missing from the locale's catalog is reported and falls back to English; a key no catalog has is
 * reported and shows the locale's "text unavailable" message: a raw key never reaches a page.
 */
export function translator(locale: Locale, report: MissingMessageReporter = warnMissingMessage): Translator {
  return (key, values) => {
    let source = catalog(locale)[key];
    if (source === undefined) {
      report(key, locale);
      source = catalog(defaultLocale)[key] ?? catalog(locale)['message.missing'] ?? '';
    }
    const cacheKey = `${locale}\u0000${key}`;
    let format = compiled.get(cacheKey);
    if (!format) {
      format = new IntlMessageFormat(source, locale);
      compiled.set(cacheKey, format);
    }
    return String(format.format(values ?? {}));
  };
}

/**
 * Chooses a locale from an Accept-Language header: the highest-weighted tag whose primary
 * language is one of the six (zh-Hant-TW → zh, fr-CA → fr), else null.
 */
export function negotiateLocale(acceptLanguage: string | undefined): Locale | null {
  if (!acceptLanguage) return null;
  const ranked = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number.parseFloat(q.slice(2)) : 1;
      return { primary: tag.toLowerCase().split('-')[0], weight: Number.isNaN(weight) ? 0 : weight, index };
    })
    .filter((r) => r.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  return (ranked.find((r) => isLocale(r.primary))?.primary as Locale | undefined) ?? null;
}

/** Picks the value for a locale from a `{ "en": …, "fr": … }` JSON text, falling back to `fallback`, then any. */
export function pickLocalized(json: string, locale: Locale, fallback: Locale = defaultLocale): string {
  const texts = JSON.parse(json) as Partial<Record<Locale, string>>;
  return texts[locale] ?? texts[fallback] ?? Object.values(texts)[0] ?? '';
}
