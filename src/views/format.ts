import type { Locale } from '../i18n/i18n.ts';

const dateOptions = {
  day: { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' },
  month: { year: 'numeric', month: 'long', timeZone: 'UTC' },
  year: { year: 'numeric', timeZone: 'UTC' },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

/** A date or date range ("16–18 November 2005") in the locale's own style, as precise as it is known. */
export function formatDateRange(locale: Locale, start: string, end: string | null, precision: keyof typeof dateOptions): string {
  const format = new Intl.DateTimeFormat(locale, dateOptions[precision]);
  const from = new Date(`${start}T00:00:00Z`);
  if (!end || end === start) return format.format(from);
  return format.formatRange(from, new Date(`${end}T00:00:00Z`));
}

/** A timestamp for staff screens (audit log, captured mail), in UTC so every instance shows the same. */
export function formatTimestamp(locale: Locale, iso: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' }).format(new Date(iso));
}

/** A number in the locale's digits and grouping. */
export function formatNumber(locale: Locale, value: number): string {
  return new Intl.NumberFormat(locale).format(value);
}
