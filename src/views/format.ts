import type { Locale } from '../i18n/i18n.ts';

/** How precisely a date is known: a milestone may be "December 2025" or "2025". */
export type DatePrecision = 'day' | 'month' | 'year';

interface CalendarDate {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
}

/** Which parts of a date one side of a range shows (the shared parts are written once). */
interface Shown {
  day: boolean;
  month: boolean;
  year: boolean;
}

// Month names are spelled out here rather than taken from Intl: UN editorial style differs from CLDR (Arabic
// gives both names, "كانون الأول/ديسمبر", as the UN's Arabic texts and our demo content do; Russian writes
// "года" in full), and CLDR's names and range patterns change between the ICU versions of Node 20, 22 and 24.
const monthNames: Record<Exclude<Locale, 'zh'>, readonly string[]> = {
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  fr: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
  es: ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'],
  // Genitive, as after a day ("10 декабря"); a month on its own is nominative (below).
  ru: ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'],
  ar: [
    'كانون الثاني/يناير',
    'شباط/فبراير',
    'آذار/مارس',
    'نيسان/أبريل',
    'أيار/مايو',
    'حزيران/يونيه',
    'تموز/يوليه',
    'آب/أغسطس',
    'أيلول/سبتمبر',
    'تشرين الأول/أكتوبر',
    'تشرين الثاني/نوفمبر',
    'كانون الأول/ديسمبر',
  ],
};
const russianMonthsAlone = ['январь', 'февраль', 'март', 'апрель', 'май', 'июнь', 'июль', 'август', 'сентябрь', 'октябрь', 'ноябрь', 'декабрь'];

const month = (locale: Exclude<Locale, 'zh'>, date: CalendarDate) => monthNames[locale][date.month - 1] as string;

/** One side of a date or range, showing only the parts in `shown`, in the locale's UN editorial form. */
function datePart(locale: Locale, date: CalendarDate, shown: Shown): string {
  const { day, year } = date;
  switch (locale) {
    case 'zh':
      return `${shown.year ? `${year}年` : ''}${shown.month ? `${date.month}月` : ''}${shown.day ? `${day}日` : ''}`;
    case 'es':
      // "10 de diciembre de 2003"
      return [shown.day && String(day), shown.month && month(locale, date), shown.year && String(year)].filter(Boolean).join(' de ');
    case 'fr':
      // "1er décembre 2003", "10 décembre 2003"
      return [shown.day && (day === 1 ? '1er' : String(day)), shown.month && month(locale, date), shown.year && String(year)].filter(Boolean).join(' ');
    case 'ru': {
      const name = shown.day ? month(locale, date) : (russianMonthsAlone[date.month - 1] as string);
      // "10 декабря 2003 года", "декабрь 2003 года"; a year on its own is "2003 год".
      const yearWord = shown.day || shown.month ? 'года' : 'год';
      return [shown.day && String(day), shown.month && name, shown.year && `${year} ${yearWord}`].filter(Boolean).join(' ');
    }
    default:
      // "10 December 2003", "10 كانون الأول/ديسمبر 2003"
      return [shown.day && String(day), shown.month && month(locale, date), shown.year && String(year)].filter(Boolean).join(' ');
  }
}

/**
 * Joins the two sides of a range: an unspaced en dash in English, French and Spanish ("30 November–2 December"),
 * as the UN writes them; in Russian and Arabic a dash after words is spaced, after a bare day not (10–12); 至 in
 * Chinese, with the long form on both sides (2003年12月10日至12日).
 */
function joinRange(locale: Locale, from: string, to: string): string {
  if (locale === 'zh') return `${from}至${to}`;
  if ((locale === 'ru' || locale === 'ar') && /\D/.test(from)) return `${from} – ${to}`;
  return `${from}–${to}`;
}

function calendarDate(iso: string): CalendarDate {
  const [year, month, day] = iso.slice(0, 10).split('-').map(Number) as [number, number, number];
  return { year, month, day };
}

const everything = (precision: DatePrecision): Shown => ({ day: precision === 'day', month: precision !== 'year', year: true });

/** A date ("10 December 2003"), or a month or year when that is all that is known, in UN editorial style. */
export function formatDate(locale: Locale, iso: string, precision: DatePrecision = 'day'): string {
  return datePart(locale, calendarDate(iso), everything(precision));
}

/**
 * A date or date range in UN editorial style, as precise as it is known: "10–12 December 2003",
 * "30 November–2 December 2025", "2003年12月10日至12日", "10–12 كانون الأول/ديسمبر 2003".
 * `start` and `end` are ISO dates (YYYY-MM-DD).
 */
export function formatDateRange(locale: Locale, start: string, end: string | null, precision: DatePrecision): string {
  const from = calendarDate(start);
  const to = end ? calendarDate(end) : from;
  const full = everything(precision);
  const sameYear = from.year === to.year;
  const sameMonth = sameYear && from.month === to.month;
  const same = precision === 'year' ? sameYear : precision === 'month' ? sameMonth : sameMonth && from.day === to.day;
  if (same) return datePart(locale, from, full);
  if (locale === 'ru' && precision === 'year') return `${from.year}–${to.year} годы`;
  if (locale === 'zh') {
    // Year first: the end drops the parts it shares with the start (2025年11月30日至12月2日).
    return joinRange(locale, datePart(locale, from, full), datePart(locale, to, { ...full, year: !sameYear, month: full.month && !sameMonth }));
  }
  // Day first: the start drops the parts it shares with the end (30 November–2 December 2025).
  const shownFrom = { ...full, year: !sameYear, month: full.month && !sameMonth };
  return joinRange(locale, datePart(locale, from, shownFrom), datePart(locale, to, full));
}

const twoDigits = (n: number) => String(n).padStart(2, '0');
const dateTimeSeparator: Record<Locale, string> = { ar: '، ', zh: ' ', en: ', ', fr: ', ', ru: ', ', es: ', ' };
// French writes no comma after the weekday ("mardi 1er décembre").
const weekdaySeparator: Record<Locale, string> = { ...dateTimeSeparator, fr: ' ' };

/**
 * A wall-clock date and time (the UTC fields of `wallClock` are read): the UN date, a 24-hour time and
 * `suffix` (a zone name), with `weekday` before the date (after it in Chinese). Digits stay Western Arabic in
 * every language, as in UN texts.
 */
export function formatWallClock(locale: Locale, wallClock: Date, options: { seconds?: boolean; suffix?: string; weekday?: string } = {}): string {
  const date = datePart(locale, { year: wallClock.getUTCFullYear(), month: wallClock.getUTCMonth() + 1, day: wallClock.getUTCDate() }, everything('day'));
  const { weekday } = options;
  const day = !weekday ? date : locale === 'zh' ? `${date}${weekday}` : `${weekday}${weekdaySeparator[locale]}${date}`;
  const time = [wallClock.getUTCHours(), wallClock.getUTCMinutes(), ...(options.seconds ? [wallClock.getUTCSeconds()] : [])].map(twoDigits).join(':');
  return `${day}${dateTimeSeparator[locale]}${time}${options.suffix ? ` ${options.suffix}` : ''}`;
}

/** A timestamp for staff screens (audit log, captured mail), in UTC so every instance shows the same. */
export function formatTimestamp(locale: Locale, iso: string): string {
  return formatWallClock(locale, new Date(iso), { seconds: true, suffix: 'UTC' });
}

/** A number in the locale's digits and grouping. */
export function formatNumber(locale: Locale, value: number): string {
  return new Intl.NumberFormat(locale).format(value);
}
