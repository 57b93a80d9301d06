import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialects } from '../../test/dialects.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { translator } from '../i18n/i18n.ts';

/** A token in the earlier link format whose payload is JSON `null`, signed with the test app's secret. */
async function signedNullPayload(t: TestApp): Promise<string> {
  const { createHmac } = await import('node:crypto');
  const body = Buffer.from('null').toString('base64url');
  return `${body}.${createHmac('sha256', t.deps.secretKey).update(body).digest('base64url')}`;
}

for (const dialect of dialects) {
  describe(`errors the router meets, through the one error handler, on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
    });
    after(async () => {
      await t.close();
    });

    const linkInvalid = (locale: 'fr' | 'ar' | 'en') => translator(locale)('error.link_invalid');

    test('an overlong token is a translated link_invalid page, not Fastify’s raw 414 JSON', async () => {
      const long = 'a'.repeat(401);
      for (const [url, locale] of [
        [`/fr/unsubscribe/${long}`, 'fr'],
        [`/ar/me/${long}`, 'ar'],
        [`/fr/join/confirm/${long}`, 'fr'],
      ] as const) {
        for (const method of ['GET', 'POST'] as const) {
          const response = await t.app.inject({
            method,
            url,
            ...(method === 'POST' ? { payload: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } } : {}),
          });
          assert.equal(response.statusCode, 400, `${method} ${url.slice(0, 30)}: ${response.body.slice(0, 200)}`);
          assert.match(String(response.headers['content-type']), /^text\/html/);
          assert.match(response.body, new RegExp(`<html lang="${locale}" dir="${locale === 'ar' ? 'rtl' : 'ltr'}">`));
          assert.ok(response.body.includes(linkInvalid(locale)), 'the translated message');
          assert.doesNotMatch(response.body, /FST_ERR/);
        }
      }
      const unprefixed = await t.app.inject({ method: 'GET', url: `/unsubscribe/${long}`, headers: { 'accept-language': 'ar,en;q=0.5' } });
      assert.equal(unprefixed.statusCode, 400);
      assert.ok(unprefixed.body.includes(linkInvalid('ar')), 'the visitor’s language without a prefix');
    });

    test('bad percent-encoding is a translated page too; the API answers its own JSON', async () => {
      const response = await t.app.inject({ method: 'GET', url: '/fr/unsubscribe/abc%E0%A4def' });
      assert.equal(response.statusCode, 400, response.body);
      assert.match(String(response.headers['content-type']), /^text\/html/);
      assert.ok(response.body.includes(linkInvalid('fr')));
      const api = await t.app.inject({ method: 'GET', url: `/api/v1/members/${'9'.repeat(500)}` });
      assert.equal(api.statusCode, 400, api.body);
      assert.equal((api.json() as { error: { code: string } }).error.code, 'invalid_input');
      const apiBadUrl = await t.app.inject({ method: 'GET', url: '/api/v1/members/%zz' });
      assert.equal(apiBadUrl.statusCode, 400, apiBadUrl.body);
      assert.equal((apiBadUrl.json() as { error: { code: string } }).error.code, 'invalid_input');
    });

    test('malformed tokens of any length and a signed null payload are link_invalid, never a 500', async () => {
      for (const token of ['x', 'abc.def', await signedNullPayload(t), `${'a'.repeat(60)}.${'b'.repeat(43)}`, 'u1.2.3']) {
        for (const url of [`/en/unsubscribe/${token}`, `/en/me/${token}`, `/en/join/confirm/${token}`]) {
          const response = await t.app.inject({ method: 'GET', url });
          assert.equal(response.statusCode, 400, `${url}: ${response.statusCode}`);
          assert.ok(response.body.includes(linkInvalid('en')), url);
        }
        const oneClick = await t.app.inject({
          method: 'POST',
          url: `/unsubscribe/${token}`,
          payload: 'List-Unsubscribe=One-Click',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        });
        assert.equal(oneClick.statusCode, 400, `one-click ${token}`);
      }
    });
  });
}
