import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialects } from '../../test/dialects.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { type Locale, locales, readCatalog } from '../i18n/i18n.ts';
import { formatDate, formatDateRange, formatTimestamp } from './format.ts';
import { formatInZone } from './time-zone.ts';

// UN editorial style: day month year, the shared parts written once, an en dash (至 in Chinese, with the long form).
const expected: Record<Locale, Record<string, string>> = {
  en: {
    days: '10–12 December 2003',
    months: '30 November–2 December 2025',
    years: '30 December 2025–2 January 2026',
    first: '1 December 2003',
    month: 'December 2025',
    monthRange: 'November–December 2025',
    yearRange: '2003–2005',
  },
  fr: {
    days: '10–12 décembre 2003',
    months: '30 novembre–2 décembre 2025',
    years: '30 décembre 2025–2 janvier 2026',
    first: '1er décembre 2003',
    month: 'décembre 2025',
    monthRange: 'novembre–décembre 2025',
    yearRange: '2003–2005',
  },
  es: {
    days: '10–12 de diciembre de 2003',
    months: '30 de noviembre–2 de diciembre de 2025',
    years: '30 de diciembre de 2025–2 de enero de 2026',
    first: '1 de diciembre de 2003',
    month: 'diciembre de 2025',
    monthRange: 'noviembre–diciembre de 2025',
    yearRange: '2003–2005',
  },
  ru: {
    days: '10–12 декабря 2003 года',
    months: '30 ноября – 2 декабря 2025 года',
    years: '30 декабря 2025 года – 2 января 2026 года',
    first: '1 декабря 2003 года',
    month: 'декабрь 2025 года',
    monthRange: 'ноябрь – декабрь 2025 года',
    yearRange: '2003–2005 годы',
  },
  zh: {
    days: '2003年12月10日至12日',
    months: '2025年11月30日至12月2日',
    years: '2025年12月30日至2026年1月2日',
    first: '2003年12月1日',
    month: '2025年12月',
    monthRange: '2025年11月至12月',
    yearRange: '2003年至2005年',
  },
  ar: {
    days: '10–12 كانون الأول/ديسمبر 2003',
    months: '30 تشرين الثاني/نوفمبر – 2 كانون الأول/ديسمبر 2025',
    years: '30 كانون الأول/ديسمبر 2025 – 2 كانون الثاني/يناير 2026',
    first: '1 كانون الأول/ديسمبر 2003',
    month: 'كانون الأول/ديسمبر 2025',
    monthRange: 'تشرين الثاني/نوفمبر – كانون الأول/ديسمبر 2025',
    yearRange: '2003–2005',
  },
};

describe('dates in UN editorial style', () => {
  for (const locale of locales) {
    test(`${locale}: single dates and ranges within a month, across months and across years`, () => {
      const want = expected[locale];
      assert.equal(formatDateRange(locale, '2003-12-10', '2003-12-12', 'day'), want.days);
      assert.equal(formatDateRange(locale, '2025-11-30', '2025-12-02', 'day'), want.months);
      assert.equal(formatDateRange(locale, '2025-12-30', '2026-01-02', 'day'), want.years);
      assert.equal(formatDateRange(locale, '2003-12-01', null, 'day'), want.first);
      assert.equal(formatDateRange(locale, '2003-12-01', '2003-12-01', 'day'), want.first, 'a range of one day is that day');
      assert.equal(formatDate(locale, '2003-12-01'), want.first);
      assert.equal(formatDateRange(locale, '2025-12-01', null, 'month'), want.month);
      assert.equal(formatDateRange(locale, '2025-11-01', '2025-12-01', 'month'), want.monthRange);
      assert.equal(formatDateRange(locale, '2003-01-01', '2005-01-01', 'year'), want.yearRange);
    });
  }

  test('never the US order or a spaced dash between days', () => {
    for (const locale of locales) {
      const text = formatDateRange(locale, '2003-12-10', '2003-12-12', 'day');
      assert.doesNotMatch(text, /December 10|\d \u2013 \d/, `${locale}: ${text}`);
    }
  });

  test('Arabic month names are the double UN form used in the Arabic texts, in every month', () => {
    for (let month = 1; month <= 12; month++) {
      const text = formatDate('ar', `2025-${String(month).padStart(2, '0')}-15`);
      assert.match(text, /^15 [\u0600-\u06ff ]+\/[\u0600-\u06ff]+ 2025$/, text);
    }
  });

  test('the Arabic catalog names months in the same double form as the dates', () => {
    const months = Array.from({ length: 12 }, (_, i) => formatDate('ar', `2025-${String(i + 1).padStart(2, '0')}-01`, 'month').replace(' 2025', ''));
    const egyptian = months.map((m) => m.split('/')[1] as string);
    for (const [key, text] of Object.entries(readCatalog('ar'))) {
      for (const [i, name] of egyptian.entries()) {
        for (const at of [...text.matchAll(new RegExp(name, 'g'))].map((m) => m.index)) {
          assert.ok(text.slice(0, at).endsWith(`${(months[i] as string).split('/')[0]}/`), `${key}: "${name}" without its pair (${months[i]})`);
        }
      }
    }
  });

  test('timestamps for staff screens use the same date style, a 24-hour time and say UTC', () => {
    assert.equal(formatTimestamp('en', '2026-03-04T17:06:07.000Z'), '4 March 2026, 17:06:07 UTC');
    assert.equal(formatTimestamp('zh', '2026-03-04T17:06:07.000Z'), '2026年3月4日 17:06:07 UTC');
    assert.equal(formatTimestamp('ar', '2026-03-04T17:06:07.000Z'), '4 آذار/مارس 2026، 17:06:07 UTC');
  });

  test('a time in a zone shows the wall clock of that zone with its weekday and name', () => {
    assert.equal(formatInZone('en', '2026-12-01T13:30:00.000Z', 'UTC'), 'Tuesday, 1 December 2026, 13:30 UTC');
    assert.match(formatInZone('en', '2026-12-01T13:30:00.000Z', 'Europe/Zurich'), /^Tuesday, 1 December 2026, 14:30 /);
    assert.match(formatInZone('fr', '2026-12-01T23:30:00.000Z', 'Asia/Tokyo'), /^mercredi 2 décembre 2026, 08:30 /, 'the date moves with the zone');
    assert.match(formatInZone('zh', '2026-12-01T13:30:00.000Z', 'UTC'), /^2026年12月1日星期二 13:30 /);
  });
});

for (const dialect of dialects) {
  describe(`the home page timeline on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
    });
    after(() => t.close());

    test('shows the demo milestones in UN style in English, Chinese and Arabic', async () => {
      const en = (await t.app.inject({ url: '/en/' })).body;
      assert.match(en, /datetime="2003-12-10">10–12 December 2003</);
      assert.match(en, /datetime="2006-10-30">30 October–2 November 2006</);
      assert.match(en, /datetime="2025-06-01">June 2025</);
      const zh = (await t.app.inject({ url: '/zh/' })).body;
      assert.match(zh, /datetime="2003-12-10">2003年12月10日至12日</);
      const ar = (await t.app.inject({ url: '/ar/' })).body;
      assert.match(ar, /datetime="2003-12-10">10–12 كانون الأول\/ديسمبر 2003</);
    });
  });
}
