import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import type { Actor } from '../audit/audit.service.ts';
import { createResource } from '../resources/resource.service.ts';
import { findFolded, searchSite } from './search.service.ts';
import { createUpdate } from './update.service.ts';

const staff: Actor = { staffId: null, label: 'lena@example.org' };

test('a match is found in the folded text and mapped back to the characters that made it', () => {
  assert.deepEqual(findFolded('Élection de José Núñez', 'jose nunez'), { start: 12, end: 22 });
  const arabic = 'مُجْتَمَعُ المعلومات';
  const found = findFolded(arabic, 'مجتمع');
  assert.ok(found);
  assert.equal(arabic.slice(found.start, found.end).replace(/[\u064b-\u065f]/g, ''), 'مجتمع');
  assert.equal(findFolded('信息社会世界峰会', '峰会')?.start, 6);
  assert.equal(findFolded('nothing', 'else'), null);
});

for (const dialect of dialects) {
  describe(`site search on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
      await createResource(t.deps, staff, {
        kind: 'article',
        status: 'published',
        versions: {
          en: { title: 'Interview with Jose Martinez', body: 'On the **role** of the technical community.' },
          ar: { title: 'مقابلة', body: 'دَوْرُ المُجْتَمَعِ التِّقْنِيِّ في إدارة الإنترنت' },
        },
      });
      await createResource(t.deps, staff, { kind: 'paper', status: 'draft', versions: { en: { title: 'Unpublished José draft' } } });
      await createUpdate(t.deps, staff, { status: 'published', versions: { ru: { title: 'Вебинар для дипломатов', body: 'Обсуждение нулевого проекта.' } } });
      await createUpdate(t.deps, staff, { status: 'published', publishAt: '2099-01-01T00:00', versions: { en: { title: 'Webinar announced for 2099' } } });
    });
    after(() => t.close());

    const titles = async (q: string, kind?: 'resource' | 'update' | 'milestone') => (await searchSite(t.deps, 'en', q, kind)).map((r) => r.title);

    test('Latin with accents, Arabic with or without its vowel signs, Chinese without spaces, Cyrillic', async () => {
      assert.deepEqual(await titles('josé'), ['Interview with Jose Martinez'], 'josé finds Jose; a draft is never found');
      assert.ok((await titles('المجتمع التقني')).includes('Interview with Jose Martinez'), 'Arabic without diacritics finds the text with them');
      assert.ok((await titles('المُجْتَمَعِ التِّقْنِيِّ')).includes('Interview with Jose Martinez'), 'and with them');
      assert.deepEqual(await titles('以人为本', 'resource'), ['What is the WSIS+20 review?'], 'a Chinese word inside a sentence without spaces');
      assert.deepEqual(await titles('ВЕБИНАР'), ['Вебинар для дипломатов'], 'Cyrillic, any case; a scheduled update is not found before its time');
      assert.ok((await titles('Tunis', 'milestone')).includes('World Summit on the Information Society: Tunis phase'));
      assert.deepEqual(await titles('   '), []);
    });

    test('titles rank first; the snippet holds the match; the public page shows it highlighted and escaped', async () => {
      const results = await searchSite(t.deps, 'en', 'technical community');
      assert.ok(results.length >= 2);
      assert.equal(results.find((r) => r.title === 'Interview with Jose Martinez')?.snippet[1], 'technical community');
      const page = await t.app.inject({ url: `/en/search?q=${encodeURIComponent('<b>josé</b>')}` });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Nothing found for/);
      assert.doesNotMatch(page.body, /<b>josé/);
      const found = await t.app.inject({ url: `/zh/search?q=${encodeURIComponent('Martinez')}&type=resource` });
      assert.match(found.body, /找到 1 条与/);
      assert.match(found.body, /Interview with Jose Martinez/);
      const arabic = await t.app.inject({ url: `/ar/search?q=${encodeURIComponent('التقني')}` });
      assert.match(arabic.body, /<mark>التِّقْنِيِّ<\/mark>/);
    });

    test('sitemap.xml names every locale of the standing pages and only the real translations of a resource', async () => {
      const sitemap = await t.app.inject({ url: '/sitemap.xml' });
      assert.equal(sitemap.statusCode, 200);
      assert.equal(sitemap.headers['content-type'], 'application/xml; charset=utf-8');
      assert.match(sitemap.body, /<loc>http:\/\/localhost:3000\/fr\/resources<\/loc>/);
      const entry = sitemap.body.split('\n').find((l) => l.includes('/en/resources/interview-with-jose-martinez</loc>')) ?? '';
      const hreflangs = [...entry.matchAll(/hreflang="(\w+)"/g)].map((m) => m[1]);
      assert.deepEqual(hreflangs.sort(), ['ar', 'en']);
      assert.doesNotMatch(sitemap.body, /unpublished|2099/);
      const robots = await t.app.inject({ url: '/robots.txt' });
      assert.match(robots.body, /Disallow: \/admin\nDisallow: \/me\//);
      assert.match(robots.body, /Sitemap: http:\/\/localhost:3000\/sitemap\.xml/);
    });
  });
}
