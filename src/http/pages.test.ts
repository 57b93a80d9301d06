import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialects } from '../../test/dialects.ts';
import { createTestApp, type TestApp, TestClient } from '../../test/test-app.ts';
import { locales } from '../i18n/i18n.ts';

for (const dialect of dialects) {
  describe(`public pages on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
    });
    after(async () => {
      await t.close();
    });

    test('the home page exists in all six languages with the right lang and dir', async () => {
      for (const locale of locales) {
        const response = await t.app.inject({ url: `/${locale}/` });
        assert.equal(response.statusCode, 200, locale);
        assert.match(response.body, new RegExp(`<html lang="${locale}" dir="${locale === 'ar' ? 'rtl' : 'ltr'}">`));
        assert.match(response.body, /<a class="button" href="\/[a-z]{2}\/join">/, 'a call to join');
      }
    });

    test('the demo timeline is the real WSIS one, from the database, in order and translated', async () => {
      const en = (await t.app.inject({ url: '/en/' })).body;
      const order = [
        '2003-12-10',
        '2005-11-16',
        '2006-10-30',
        '2015-12-16',
        '2024-09-22',
        '2025-03-27',
        '2025-04-01',
        '2025-06-01',
        '2025-08-01',
        '2025-12-16',
      ];
      const positions = order.map((date) => en.indexOf(`datetime="${date}"`));
      assert.ok(
        positions.every((p) => p > 0),
        `every milestone is shown: ${positions}`,
      );
      assert.deepEqual(
        [...positions].sort((a, b) => a - b),
        positions,
        'oldest first',
      );
      assert.match(en, /79\/277/);
      assert.match(en, /70\/125/);
      const zh = (await t.app.inject({ url: '/zh/' })).body;
      assert.match(zh, /信息社会世界峰会/);
      const ar = (await t.app.inject({ url: '/ar/' })).body;
      assert.match(ar, /القمة العالمية لمجتمع المعلومات/);
      assert.notEqual(ar.match(/<h3 class="timeline__title">([^<]+)/)?.[1], en.match(/<h3 class="timeline__title">([^<]+)/)?.[1]);
    });

    test('the language switcher links to the same page in every language', async () => {
      const page = (await t.app.inject({ url: '/fr/admin/login' })).body;
      for (const locale of locales) assert.match(page, new RegExp(`href="/${locale}/admin/login" lang="${locale}"`));
      assert.match(page, /aria-current="true">Français/);
    });

    test('/ picks the locale from the cookie, then Accept-Language, then English', async () => {
      const byCookie = await t.app.inject({ url: '/', headers: { cookie: 'plenary_locale=ru', 'accept-language': 'fr' } });
      assert.equal(byCookie.headers.location, '/ru/');
      const byHeader = await t.app.inject({ url: '/', headers: { 'accept-language': 'de-DE, zh-Hans-CN;q=0.8, fr;q=0.5' } });
      assert.equal(byHeader.headers.location, '/zh/');
      const byDefault = await t.app.inject({ url: '/', headers: { 'accept-language': 'de, ja' } });
      assert.equal(byDefault.headers.location, '/en/');
      const visit = await new TestClient(t.app).get('/ar/');
      assert.match(String(visit.headers['set-cookie']), /plenary_locale=ar/, 'a prefixed visit remembers the choice');
    });

    test('an unknown locale or page is a translated 404 page, never a stack trace', async () => {
      const unknownLocale = await t.app.inject({ url: '/xx/', headers: { 'accept-language': 'fr' } });
      assert.equal(unknownLocale.statusCode, 404);
      assert.match(unknownLocale.body, /<html lang="fr"/);
      const unknownPage = await t.app.inject({ url: '/ru/no-such-page' });
      assert.equal(unknownPage.statusCode, 404);
      assert.match(unknownPage.body, /<html lang="ru"/);
      assert.doesNotMatch(unknownPage.body, /at .*\.ts:\d+/);
      const api = await t.app.inject({ url: '/api/v1/nothing' });
      assert.equal(api.statusCode, 404);
      assert.equal(api.json().error.code, 'not_found');
    });

    test('an oversized request body is refused with 413', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/en/admin/login',
        payload: `email=${'a'.repeat(2 * 1024 * 1024)}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      assert.equal(response.statusCode, 413);
      assert.match(response.body, /<html lang="en"/);
    });

    test('/healthz and /readyz answer JSON', async () => {
      assert.deepEqual((await t.app.inject({ url: '/healthz' })).json(), { status: 'ok' });
      const ready = await t.app.inject({ url: '/readyz' });
      assert.equal(ready.statusCode, 200);
      assert.deepEqual(ready.json(), { status: 'ready', database: 'ok', migrations: 'current' });
    });

    test('security headers are set on every page', async () => {
      const response = await t.app.inject({ url: '/en/' });
      assert.match(String(response.headers['content-security-policy']), /default-src 'self'/);
      assert.equal(response.headers['x-content-type-options'], 'nosniff');
    });
  });

  describe(`readiness on ${dialect}`, () => {
    test('/readyz answers 503 when migrations are pending or the database is gone', async () => {
      const t = await createTestApp(dialect);
      try {
        await t.deps.db.deleteFrom('kysely_migration' as never).execute();
        const pending = await t.app.inject({ url: '/readyz' });
        assert.equal(pending.statusCode, 503);
        assert.equal(pending.json().migrations, 'pending');
        await t.database.handle.close();
        const gone = await t.app.inject({ url: '/readyz' });
        assert.equal(gone.statusCode, 503);
        assert.equal(gone.json().database, 'unreachable');
        assert.equal((await t.app.inject({ url: '/healthz' })).statusCode, 200, 'the process is still up');
      } finally {
        await t.close();
      }
    });
  });
}
