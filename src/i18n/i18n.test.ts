import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IntlMessageFormat } from 'intl-messageformat';
import { directionOf, locales, negotiateLocale, readCatalog, translator } from './i18n.ts';

const english = readCatalog('en');

test('every catalog has every key that English has, and no stray keys', () => {
  for (const locale of locales) {
    const catalog = readCatalog(locale);
    const missing = Object.keys(english).filter((k) => !(k in catalog));
    const extra = Object.keys(catalog).filter((k) => !(k in english));
    assert.deepEqual(missing, [], `${locale} lacks keys`);
    assert.deepEqual(extra, [], `${locale} has keys English does not`);
  }
});

test('every message compiles as ICU MessageFormat in its locale', () => {
  for (const locale of locales) {
    for (const [key, message] of Object.entries(readCatalog(locale))) {
      assert.doesNotThrow(() => new IntlMessageFormat(message, locale), `${locale} ${key}`);
    }
  }
});

test('catalogs are translations, not copies of English', () => {
  for (const locale of locales.filter((l) => l !== 'en')) {
    const catalog = readCatalog(locale);
    const same = Object.keys(english).filter((k) => catalog[k] === english[k] && /[a-z]{4,}/.test(english[k] ?? ''));
    assert.ok(same.length <= Object.keys(english).length * 0.05, `${locale}: ${same.length} messages identical to English, e.g. ${same.slice(0, 5)}`);
  }
});

test('plurals follow each language’s rules', () => {
  assert.equal(translator('en')('staff.caption', { count: 1 }), '1 staff account');
  assert.equal(translator('en')('staff.caption', { count: 3 }), '3 staff accounts');
  const ru = translator('ru');
  assert.notEqual(ru('staff.caption', { count: 2 }), ru('staff.caption', { count: 5 }), 'Russian has a "few" form');
});

test('Accept-Language negotiation honours weights and primary subtags', () => {
  assert.equal(negotiateLocale('fr-CA,fr;q=0.9,en;q=0.8'), 'fr');
  assert.equal(negotiateLocale('de;q=1, es-419;q=0.7'), 'es');
  assert.equal(negotiateLocale('zh-Hant-TW'), 'zh');
  assert.equal(negotiateLocale('en;q=0, ar;q=0.1'), 'ar');
  assert.equal(negotiateLocale('de, ja'), null);
  assert.equal(negotiateLocale(undefined), null);
});

test('Arabic is right-to-left, the others left-to-right', () => {
  assert.deepEqual(
    locales.map((l) => directionOf(l)),
    locales.map((l) => (l === 'ar' ? 'rtl' : 'ltr')),
  );
});
