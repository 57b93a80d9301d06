import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp, type TestClient } from '../../../test/test-app.ts';
import { isAppError } from '../../errors/app-error.ts';
import { createAnnouncement } from '../announcements/announcement.service.ts';
import { createApiToken } from '../api/api-token.service.ts';
import { cliActor } from '../audit/audit.service.ts';
import { addMember } from './member.service.ts';

// Control characters a search box cannot hold: NUL truncated the filter on SQLite (`q=%00` matched everyone).
const controlQueries = ['\u0000', 'Amina\u0000', 'a\u001b[2J', '\u202Eanima', 'x\u0085'];

for (const dialect of dialects) {
  describe(`member filters refuse control characters on ${dialect}`, () => {
    let t: TestApp;
    let editor: TestClient;
    let apiEditor: string;
    before(async () => {
      t = await createTestApp(dialect);
      editor = await t.signedInClient('editor');
      for (const [email, name] of [
        ['amina@mission-ke.example', 'Amina Wanjiru'],
        ['pierre@diplomatie.example', 'Pierre Dupont'],
        ['li@example.cn', '李伟'],
      ] as const)
        await addMember(t.deps, cliActor, { email, name, language: 'en' }, { status: 'subscribed', basis: 'test' });
      apiEditor = (await createApiToken(t.deps, cliActor, { name: 'newsroom', role: 'editor' })).token;
    });
    after(async () => {
      await t.close();
    });

    async function subscribedCount(): Promise<number> {
      const row = await t.deps.db
        .selectFrom('members')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('status', '=', 'subscribed')
        .executeTakeFirstOrThrow();
      return Number(row.n);
    }

    test('the member list answers 400 with a translated message, in every language', async () => {
      for (const q of controlQueries) {
        const page = await editor.get(`/en/admin/members?q=${encodeURIComponent(q)}`);
        assert.equal(page.statusCode, 400, JSON.stringify(q));
        assert.match(page.body, /control characters/, JSON.stringify(q));
        assert.doesNotMatch(page.body, /Pierre Dupont/, 'no member is listed');
      }
      const french = await editor.get('/fr/admin/members?q=%00');
      assert.equal(french.statusCode, 400);
      assert.match(french.body, /caractères de contrôle/);
      const fine = await editor.get(`/en/admin/members?q=${encodeURIComponent('Amina')}`);
      assert.equal(fine.statusCode, 200);
      assert.match(fine.body, /Amina Wanjiru/);
      assert.doesNotMatch(fine.body, /Pierre Dupont/);
    });

    test('a bulk action with such a filter changes nothing', async () => {
      const before = await subscribedCount();
      assert.equal(before, 3);
      const response = await editor.post(
        '/en/admin/members/bulk?q=%00',
        { action: 'unsubscribe', expected: String(before), confirm: 'yes' },
        { csrfFrom: '/en/admin/members' },
      );
      assert.equal(response.statusCode, 400);
      assert.equal(await subscribedCount(), before, 'nobody was unsubscribed');
    });

    test('the export and the API refuse it with the error code', async () => {
      const csv = await editor.get('/en/admin/members/export.csv?q=%00');
      assert.equal(csv.statusCode, 400);
      const api = await t.app.inject({ method: 'GET', url: '/api/v1/members?q=%00', headers: { authorization: `Bearer ${apiEditor}` } });
      assert.equal(api.statusCode, 400, api.body);
      const body = api.json() as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'filter_control_characters');
      assert.match(body.error.message, /control characters/);
      const fine = await t.app.inject({ method: 'GET', url: '/api/v1/members?q=Amina', headers: { authorization: `Bearer ${apiEditor}` } });
      assert.equal(fine.statusCode, 200, fine.body);
      assert.equal((fine.json() as { total: number }).total, 1);
    });

    test("an announcement's audience cannot carry such a filter", async () => {
      await assert.rejects(createAnnouncement(t.deps, cliActor, { subject: 'Hello', markdown: 'Body', audience: { q: '\u0000' } }), (error) =>
        isAppError(error, 'filter_control_characters'),
      );
    });
  });
}
