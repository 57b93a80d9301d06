import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { IntlMessageFormat } from 'intl-messageformat';
import { renderToString } from 'preact-render-to-string';
import type { PageContext } from '../../http/request-context.ts';
import { type Catalog, type Locale, locales, readCatalog, type Translator } from '../../i18n/i18n.ts';
import { BarChart, barChartWidth } from '../../views/charts/bar-chart.tsx';
import { mapNoMembers, WorldMap } from '../../views/charts/world-map.tsx';
import { memberStateName } from './member-geography.ts';
import type { NetworkStats } from './member-stats.ts';
import { NetworkPicture, networkHeadline } from './network-picture.tsx';

const english: Catalog = readCatalog('en');

/** The English messages formatted in `locale` (as the catalogs will once translated), recording each key used. */
function catalogTranslator(locale: Locale, used = new Set<string>()): Translator {
  return (key, values) => {
    used.add(key);
    const message = english[key];
    return message === undefined ? key : String(new IntlMessageFormat(message, locale).format(values ?? {}));
  };
}

function context(locale: Locale, t: Translator): PageContext {
  return { locale, t, unprefixedUrl: '/admin', staff: null, csrfToken: 'token', href: (p) => `/${locale}${p}` };
}

const stats: NetworkStats = {
  members: 451,
  memberStates: 5,
  byRegionalGroup: { african: 120, asia_pacific: 90, eastern_european: 11, latin_american_caribbean: 60, western_european_others: 160 },
  outsideRegionalGroups: 10,
  byStakeholderGroup: { government: 200, igo: 40, private_sector: 50, civil_society: 80, technical_community: 41, academia: 30, none: 10 },
  byLanguage: { ar: 40, zh: 30, en: 220, fr: 90, ru: 21, es: 50 },
  bySource: { 'hlgm-2024': 200, 'igf-2025': 100, none: 151 },
  byMemberState: { FR: 160, KE: 120, JP: 90, BR: 60, MT: 11, PS: 10 },
  shares: {
    byRegionalGroup: { african: 0.2721, asia_pacific: 0.2041, eastern_european: 0.0249, latin_american_caribbean: 0.1361, western_european_others: 0.3628 },
    byStakeholderGroup: {
      government: 0.4435,
      igo: 0.0887,
      private_sector: 0.1109,
      civil_society: 0.1774,
      technical_community: 0.0909,
      academia: 0.0665,
      none: 0.0222,
    },
    byLanguage: { ar: 0.0887, zh: 0.0665, en: 0.4878, fr: 0.1996, ru: 0.0466, es: 0.1109 },
    bySource: { 'hlgm-2024': 0.4435, 'igf-2025': 0.2217, none: 0.3348 },
  },
  evenness: 0.87,
  underRepresented: ['eastern_european', 'latin_american_caribbean'],
  growth: Array.from({ length: 12 }, (_, i) => ({ month: `2025-${String(i + 1).padStart(2, '0')}`, joined: i * 3, total: 250 + i * 15 })),
};

const mapSvg = (html: string) => /<svg class="world-map__svg"[^>]*>[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';

describe('the network picture component', () => {
  for (const locale of ['en', 'ar'] as const) {
    test(`${locale}: the map is an accessible image with a shape per member state with members`, () => {
      const html = renderToString(<NetworkPicture ctx={context(locale, catalogTranslator(locale))} stats={stats} />);
      const svg = mapSvg(html);
      assert.match(svg, /^<svg[^>]*role="img"/);
      assert.match(svg, /aria-labelledby="world-map-title world-map-desc"/);
      assert.match(svg, /<title id="world-map-title">[^<]+<\/title>/);
      assert.match(svg, /<desc id="world-map-desc">[^<]+<\/desc>/);
      for (const code of ['FR', 'KE', 'JP', 'BR', 'PS']) {
        const shape = new RegExp(`<path d="M[^"]+" fill="(#[0-9a-f]{6})" data-code="${code}"><title>[^<]+</title></path>`).exec(svg);
        assert.ok(shape, `a path for ${code}`);
        assert.notEqual(shape[1], mapNoMembers, `${code} is shaded`);
      }
      // Malta is too small for the 110m outlines: a dot
      assert.match(svg, /<circle [^>]*data-code="MT"><title>[^<]+<\/title><\/circle>/);
      const chad = /<path d="M[^"]+" fill="(#[0-9a-f]{6})" data-code="TD">/.exec(svg);
      assert.equal(chad?.[1], mapNoMembers, 'a state without members is grey');
      // the most members get the darkest shade
      assert.match(svg, /fill="#0b5a8c" data-code="FR"/);
      // compact: coordinates carry at most one decimal
      assert.doesNotMatch(svg, /\d\.\d\d/);
      assert.ok(svg.length < 150_000, `map is ${svg.length} characters`);
    });

    test(`${locale}: numbers are in the locale's digits; the headline carries the counts`, () => {
      const t = catalogTranslator(locale);
      const html = renderToString(<NetworkPicture ctx={context(locale, t)} stats={stats} />);
      const n = new Intl.NumberFormat(locale);
      assert.ok(html.includes(`data-code="FR"><title>${memberStateName(locale, 'FR')}: ${n.format(160)}</title>`), 'France: 160 in its title');
      const headline = networkHeadline(t, locale, stats);
      assert.ok(headline.includes(n.format(451)) && headline.includes(n.format(5)), headline);
      assert.ok(html.includes(headline.replace(/&/g, '&amp;').replace(/</g, '&lt;')), 'the headline is on the page');
      assert.equal((html.match(/<figure class="chart bar-chart">/g) ?? []).length, 4);
      assert.equal((html.match(/<figure class="chart growth-chart">/g) ?? []).length, 1);
      assert.match(html, /<details class="chart__table">/);
    });
  }

  test('the headline names the under-represented groups when uneven, and says "evenly" when even', () => {
    const t = catalogTranslator('en');
    const used = new Set<string>();
    const tracking = catalogTranslator('en', used);
    const uneven = networkHeadline(tracking, 'en', stats);
    assert.ok(uneven.includes(t('regionalGroup.eastern_european')) && uneven.includes(t('regionalGroup.latin_american_caribbean')), uneven);
    assert.ok(used.has('stats.headlineUneven'));
    used.clear();
    networkHeadline(tracking, 'en', { ...stats, evenness: 0.97, underRepresented: [] });
    assert.ok(used.has('stats.headlineEven') && !used.has('stats.headlineUneven'));
    used.clear();
    networkHeadline(tracking, 'en', { ...stats, members: 0, outsideRegionalGroups: 0, evenness: 0, underRepresented: [] });
    assert.deepEqual([...used], ['stats.headline']);
  });

  test('every message the picture uses is in the English catalog', () => {
    const used = new Set<string>();
    for (const locale of locales) renderToString(<NetworkPicture ctx={context(locale, catalogTranslator(locale, used))} stats={stats} />);
    renderToString(<NetworkPicture ctx={context('en', catalogTranslator('en', used))} stats={{ ...stats, byMemberState: {}, bySource: {} }} />);
    const missing = [...used].filter((key) => !(key in english));
    assert.deepEqual(missing, []);
  });

  test('an empty network renders: a grey map, no table, zeros', () => {
    const empty: NetworkStats = {
      ...stats,
      members: 0,
      memberStates: 0,
      byRegionalGroup: { african: 0, asia_pacific: 0, eastern_european: 0, latin_american_caribbean: 0, western_european_others: 0 },
      outsideRegionalGroups: 0,
      byMemberState: {},
      bySource: {},
      evenness: 0,
      underRepresented: [],
      growth: stats.growth.map((g) => ({ ...g, joined: 0, total: 0 })),
    };
    const html = renderToString(<NetworkPicture ctx={context('en', catalogTranslator('en'))} stats={empty} />);
    const svg = mapSvg(html);
    assert.doesNotMatch(svg, /<circle/);
    const fills = new Set([...svg.matchAll(/fill="(#[0-9a-f]{6})" data-code/g)].map((m) => m[1]));
    assert.deepEqual([...fills], [mapNoMembers]);
    assert.doesNotMatch(html, /<details/);
  });
});

describe('charts', () => {
  const rows = [
    { label: 'Alpha', value: 30 },
    { label: 'Beta', value: 10 },
    { label: 'Gamma', value: 0 },
  ];
  const rects = (html: string) => [...html.matchAll(/<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/g)].map((m) => ({ x: Number(m[1]), w: Number(m[2]) }));

  test('bar chart: bars grow from the start side, mirrored for Arabic; values are text; a table for screen readers', () => {
    const ltr = renderToString(<BarChart title="Chart" rows={rows} locale="en" />);
    const rtl = renderToString(<BarChart title="Chart" rows={rows} locale="ar" />);
    const [a, b, c] = rects(ltr);
    assert.ok(a && b && c);
    assert.equal(a.x, b.x, 'left-to-right bars share their left edge');
    assert.ok(a.w > b.w && c.w === 0);
    assert.ok(Math.abs(a.w / b.w - 3) < 0.01, 'bars are proportional');
    const [ra, rb] = rects(rtl);
    assert.ok(ra && rb);
    assert.equal(Math.round((ra.x + ra.w) * 10), Math.round((rb.x + rb.w) * 10), 'right-to-left bars share their right edge');
    assert.ok(ra.x < rb.x, 'the larger bar reaches further left');
    assert.equal(Math.round(ra.x + ra.w), barChartWidth - Math.round(a.x), 'mirrored');
    assert.match(rtl, /direction="rtl"/);
    assert.ok(rtl.includes(`>${new Intl.NumberFormat('ar').format(30)}</text>`), 'values in the locale’s digits');
    assert.match(ltr, /<table class="visually-hidden"><tbody><tr><th scope="row">Alpha<\/th><td>30<\/td>/);
    assert.match(ltr, /<svg[^>]*aria-hidden="true"/);
  });

  test('world map: a title per member state with its UN name, localised; unknown codes draw nothing', () => {
    const t = catalogTranslator('fr');
    const html = renderToString(<WorldMap counts={{ FR: 1234, DE: 2, KR: 3, QQ: 5 }} locale="fr" title="Carte" t={t} />);
    assert.ok(html.includes(`data-code="FR"><title>France: ${new Intl.NumberFormat('fr').format(1234)}</title>`));
    assert.match(html, /data-code="DE"><title>Allemagne: 2<\/title>/);
    assert.match(html, /data-code="KR"><title>République de Corée: 3<\/title>/);
    assert.match(html, /data-code="RU"><title>Fédération de Russie: 0<\/title>/);
    // Places outside the UN list keep their shape, unnamed, unless members gave them.
    assert.match(html, /data-code="XK"><\/path>/, 'Kosovo has a shape without a name');
    assert.match(html, /data-code="TW"><\/path>/, 'Taiwan has a shape without a name');
    const withMembers = renderToString(<WorldMap counts={{ TW: 2 }} locale="en" title="Map" t={catalogTranslator('en')} />);
    assert.match(withMembers, /data-code="TW"><title>[^<]+: 2<\/title>/, 'a stored territory with members is counted');
  });
});
