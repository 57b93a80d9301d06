import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { locales, translator } from '../../i18n/i18n.ts';
import { geographyOf, isoCodes, memberStateCodeOf, memberStateKey, memberStateName, otherPlace, unMemberStateChoices } from './member-geography.ts';
import { memberStateNames } from './member-state-names.data.ts';
import { memberStates } from './member-states.data.ts';

// CLDR's names for places that are not UN Member or observer States, and its colloquial name for Palestine.
const cldrOnly = ['TW', 'XK', 'AQ', 'BV', 'HK', 'EH'];

describe('the UN member-state list', () => {
  test('has the 193 Member States and the 2 observer States, each named in the six languages', () => {
    assert.equal(memberStates.filter((s) => s.status === 'member').length, 193);
    assert.deepEqual(
      memberStates
        .filter((s) => s.status === 'observer')
        .map((s) => s.code)
        .sort(),
      ['PS', 'VA'],
    );
    assert.deepEqual(Object.keys(memberStateNames).sort(), memberStates.map((s) => s.code).sort(), 'a name for every state, and no other');
    for (const locale of locales) {
      const names = unMemberStateChoices(locale).map((c) => c.name);
      assert.equal(names.length, 195, locale);
      assert.equal(new Set(names).size, 195, `${locale}: every name is distinct`);
      for (const name of names) assert.match(name, /^\S(.*\S)?$/u, `${locale}: "${name}" is trimmed`);
      for (const name of names) assert.doesNotMatch(name, /\*|\((the|le|la|les|l'|el|los|las)\)$/, `${locale}: "${name}" has no UNTERM article or mark`);
    }
  });

  test('the names are the UN short names', () => {
    const expected: Record<string, Partial<Record<(typeof locales)[number], string>>> = {
      CD: { en: 'Democratic Republic of the Congo', fr: 'République démocratique du Congo' },
      KR: { en: 'Republic of Korea', fr: 'République de Corée', es: 'República de Corea', ru: 'Республика Корея', zh: '大韩民国', ar: 'جمهورية كوريا' },
      RU: {
        en: 'Russian Federation',
        fr: 'Fédération de Russie',
        es: 'Federación de Rusia',
        ru: 'Российская Федерация',
        zh: '俄罗斯联邦',
        ar: 'الاتحاد الروسي',
      },
      VN: { en: 'Viet Nam', zh: '越南' },
      IR: { en: 'Iran (Islamic Republic of)' },
      BO: { en: 'Bolivia (Plurinational State of)' },
      TR: { en: 'Türkiye' },
      CI: { en: 'Côte d’Ivoire' },
      GB: { en: 'United Kingdom of Great Britain and Northern Ireland' },
      PS: { en: 'State of Palestine', fr: 'État de Palestine' },
      VA: { en: 'Holy See', fr: 'Saint-Siège' },
    };
    for (const [code, names] of Object.entries(expected))
      for (const [locale, name] of Object.entries(names)) assert.equal(memberStateName(locale as (typeof locales)[number], code), name, `${code} in ${locale}`);
  });

  test('no CLDR-only place or colloquial name is among the Member States, in any language', () => {
    for (const locale of locales) {
      const cldr = new Intl.DisplayNames([locale], { type: 'region' });
      const names = new Set(unMemberStateChoices(locale).map((c) => c.name));
      const codes = new Set(unMemberStateChoices(locale).map((c) => c.code));
      for (const code of cldrOnly) {
        assert.ok(!codes.has(code), `${code} is not a UN Member State`);
        assert.ok(!names.has(cldr.of(code) ?? ''), `${locale}: ${cldr.of(code)}`);
      }
      // "Palestinian Territories" (en), "Territoires palestiniens" (fr)…: the UN list says State of Palestine.
      assert.ok(!names.has(cldr.of('PS') ?? ''), `${locale}: ${cldr.of('PS')}`);
      for (const code of ['RU', 'KR', 'VN', 'CD', 'IR'])
        assert.ok(!names.has(cldr.of(code) ?? '') || cldr.of(code) === memberStateName(locale, code), `${locale}: ${code}`);
    }
    assert.equal(memberStateName('en', 'RU'), 'Russian Federation');
    assert.notEqual(memberStateName('en', 'RU'), new Intl.DisplayNames(['en'], { type: 'region' }).of('RU'));
  });

  test('each language sorts by its own collation', () => {
    const codes = (locale: (typeof locales)[number]) => unMemberStateChoices(locale).map((c) => c.code);
    for (const locale of locales) {
      const names = unMemberStateChoices(locale).map((c) => c.name);
      const collator = new Intl.Collator(locale);
      for (let i = 1; i < names.length; i++)
        assert.ok(collator.compare(names[i - 1] ?? '', names[i] ?? '') <= 0, `${locale}: ${names[i - 1]} before ${names[i]}`);
    }
    const before = (locale: (typeof locales)[number], a: string, b: string) =>
      assert.ok(codes(locale).indexOf(a) < codes(locale).indexOf(b), `${locale}: ${memberStateName(locale, a)} before ${memberStateName(locale, b)}`);
    // French and Spanish: accented capitals sort with their letter, not after Z as code points would.
    before('fr', 'EG', 'AE'); // Égypte, Émirats arabes unis
    before('fr', 'AE', 'EC'); // Émirats arabes unis, Équateur
    before('fr', 'EC', 'ES'); // Équateur, Espagne
    before('fr', 'FR', 'ZW');
    before('es', 'CL', 'CN'); // Chile, China (ch is no separate letter)
    before('es', 'BH', 'BD'); // Bahrein, Bangladesh
    // Chinese by pinyin: 阿富汗 (ā) first, 中国 (zhōng) near the end.
    assert.ok(memberStateName('zh', codes('zh')[0] ?? '').startsWith('阿'), 'Chinese begins with 阿');
    before('zh', 'AF', 'CN');
    before('zh', 'DE', 'CN'); // 德国 (dé), 中国 (zhōng)
    // Russian and Arabic by their alphabets.
    before('ru', 'AU', 'RU'); // Австралия, Российская Федерация
    before('ru', 'RU', 'JP'); // Российская Федерация, Япония
    before('ar', 'JO', 'DE'); // الأردن / ألمانيا: Arabic collation, not the order of the codes
    assert.notDeepEqual(codes('fr'), codes('en'), 'the order follows the language');
  });
});

describe('reading a member state from a cell', () => {
  test('a code, a UN name or a common name in any of the six languages, whatever the case and accents', () => {
    const cases: [string, string][] = [
      ['ES', 'ES'],
      ['es', 'ES'],
      ['España', 'ES'],
      ['espana', 'ES'],
      ['ESPAÑA', 'ES'],
      ['Spain', 'ES'],
      ['Espagne', 'ES'],
      ['Испания', 'ES'],
      ['西班牙', 'ES'],
      ['إسبانيا', 'ES'],
      ['Kenya', 'KE'],
      ['  kenya  ', 'KE'],
      ['Kenia', 'KE'],
      ['Российская Федерация', 'RU'],
      ['российская федерация', 'RU'],
      ['Russian Federation', 'RU'],
      ['Russia', 'RU'],
      ['Fédération de Russie', 'RU'],
      ['Federacion de Rusia', 'RU'],
      ['俄罗斯联邦', 'RU'],
      ['الاتحاد الروسي', 'RU'],
      ['Republic of Korea', 'KR'],
      ['South Korea', 'KR'],
      ['Viet Nam', 'VN'],
      ['Vietnam', 'VN'],
      ["Cote d'Ivoire", 'CI'],
      ['Ivory Coast', 'CI'],
      ['Türkiye', 'TR'],
      ['Turkey', 'TR'],
      ['Congo (the)', 'CG'],
      ['The Gambia', 'GM'],
      ['Iran (Islamic Republic of)', 'IR'],
      ['Guinea Bissau', 'GW'],
      ['Guinea - Bissau', 'GW'],
      ['State of Palestine', 'PS'],
      ['Holy See', 'VA'],
      ['United States', 'US'],
      ['UK', 'GB'],
      [otherPlace, otherPlace],
      ['TW', 'TW'],
    ];
    for (const [cell, code] of cases) assert.equal(memberStateCodeOf(cell), code, cell);
  });

  test('nothing that names no place', () => {
    for (const cell of ['', '  ', 'Narnia', 'XX', 'QQ', 'Korea', 'F R', 'Kenya, Nairobi']) assert.equal(memberStateCodeOf(cell), null, cell);
  });

  test('no two places share a UN name once case and accents are ignored', () => {
    const seen = new Map<string, string>();
    for (const [code, names] of Object.entries(memberStateNames))
      for (const locale of locales) {
        const key = memberStateKey(names[locale]);
        const other = seen.get(key);
        assert.ok(other === undefined || other === code, `${names[locale]}: ${other} and ${code}`);
        seen.set(key, code);
        assert.equal(memberStateCodeOf(names[locale]), code, `${locale}: ${names[locale]}`);
      }
  });
});

describe('places outside the UN list', () => {
  test('"Other / not listed" is a place of its own, named in the six languages, outside the UN list', () => {
    assert.equal(geographyOf(otherPlace)?.unStatus, 'non_member');
    assert.equal(geographyOf(otherPlace)?.regionalGroup, null);
    for (const locale of locales) {
      const name = memberStateName(locale, otherPlace);
      assert.equal(name, translator(locale)('memberState.other'));
      assert.notEqual(name, 'memberState.other');
    }
  });

  test('codes stored before keep their geography and CLDR name', () => {
    assert.ok(isoCodes.includes('TW'));
    assert.equal(geographyOf('tw')?.unStatus, 'non_member');
    assert.equal(geographyOf('KE')?.regionalGroup, 'african');
    assert.equal(memberStateName('en', 'TW'), new Intl.DisplayNames(['en'], { type: 'region' }).of('TW'));
    assert.equal(geographyOf('QQ'), null);
  });
});
