import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp, type TestClient } from '../../../test/test-app.ts';
import { isAppError } from '../../errors/app-error.ts';
import { cliActor } from '../audit/audit.service.ts';
import { addMember } from '../members/member.service.ts';
import * as service from './announcement.service.ts';

/** The AppError code (and details) a promise rejects with. */
async function refusal(promise: Promise<unknown>): Promise<{ code: string; details: Record<string, string | number> }> {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return { code: error.code, details: error.details };
    throw error;
  }
  assert.fail('expected a refusal');
}

for (const dialect of dialects) {
  describe(`merge fields on ${dialect}`, () => {
    let t: TestApp;
    let editor: TestClient;
    before(async () => {
      t = await createTestApp(dialect);
      editor = await t.signedInClient('editor');
      await addMember(
        t.deps,
        cliActor,
        { email: 'a@example.org', name: 'javascript:alert(1)', language: 'en', memberState: 'KE' },
        { status: 'subscribed', basis: 'test' },
      );
    });
    after(async () => {
      await t.close();
    });

    test('an unknown merge field is refused, in the default text or in a variant, naming the field and the version', async () => {
      assert.deepEqual(await refusal(service.createAnnouncement(t.deps, cliActor, { subject: 'Hello', markdown: 'Dear {{unknown}}, hello.' })), {
        code: 'announcement_unknown_merge_field',
        details: { field: '{{unknown}}', language: 'en' },
      });
      assert.deepEqual(
        await refusal(
          service.createAnnouncement(t.deps, cliActor, {
            subject: 'Hello',
            markdown: 'Dear {{name}}',
            variants: { fr: { subject: 'Bonjour', markdown: 'Cher·e {{ name }}' } },
          }),
        ),
        { code: 'announcement_unknown_merge_field', details: { field: '{{ name }}', language: 'fr' } },
      );
      assert.equal(
        (await refusal(service.createAnnouncement(t.deps, cliActor, { subject: 'Hello {{name}}', markdown: 'Dear {{name}}' }))).code,
        'announcement_merge_field_in_subject',
      );
    });

    test('a merge field in a link address is refused, however the link is written; in the link text it is fine', async () => {
      for (const markdown of [
        '[profile]({{name}})',
        '[profile](https://example.org/members/{{name}})',
        '![photo]({{name}})',
        '<https://example.org/{{name}}>',
        'See https://example.org/?who={{name}} now',
        'Read [the draft][d].\n\n[d]: https://example.org/{{name}}',
      ]) {
        const refused = await refusal(service.createAnnouncement(t.deps, cliActor, { subject: 'Hello', markdown }));
        assert.equal(refused.code, 'announcement_merge_field_in_link', markdown);
      }
      const fine = await service.createAnnouncement(t.deps, cliActor, { subject: 'Hello', markdown: 'Dear [{{name}}](https://example.org/me), `{{name}}`' });
      assert.equal(fine.status, 'draft');
    });

    test('a row saved before the check is refused on test-send and on send: nothing is queued, nobody receives it', async () => {
      const a = await service.createAnnouncement(t.deps, cliActor, { subject: 'Hello', markdown: 'Dear {{name}}' });
      await t.deps.db.updateTable('announcements').set({ markdown: 'Dear {{unknown}}, see [you]({{name}})' }).where('id', '=', a.id).execute();
      const jobsBefore = await t.deps.db.selectFrom('jobs').select('id').execute();
      assert.equal(
        (await refusal(service.sendTest(t.deps, cliActor, a.id, { email: 'e@example.org', name: 'E', locale: 'en' }))).code,
        'announcement_unknown_merge_field',
      );
      assert.equal((await refusal(service.sendAnnouncement(t.deps, cliActor, a.id))).code, 'announcement_unknown_merge_field');
      assert.equal((await service.getAnnouncement(t.deps, a.id)).status, 'draft');
      assert.equal((await t.deps.db.selectFrom('jobs').select('id').execute()).length, jobsBefore.length, 'no job queued');
    });

    test('the composer says so, translated, on save, on test-send and on send', async () => {
      const saved = await editor.post(
        '/fr/admin/announcements/new',
        { subject: 'Bonjour', markdown: 'Cher·e {{unknown}}', defaultLocale: 'fr', intent: 'save' },
        { csrfFrom: '/fr/admin/announcements/new' },
      );
      assert.equal(saved.statusCode, 400);
      assert.match(saved.body, /« \{\{unknown\}\} » dans la version française n’est pas un champ de fusion/);
      assert.match(saved.body, /Cher·e \{\{unknown\}\}<\/textarea>/, 'what was typed is kept');

      const linked = await editor.post(
        '/en/admin/announcements/new',
        { subject: 'Hello', markdown: '[profile]({{name}})', defaultLocale: 'en', intent: 'save' },
        { csrfFrom: '/en/admin/announcements/new' },
      );
      assert.equal(linked.statusCode, 400);
      assert.match(linked.body, /A merge field cannot be part of a link address/);

      const a = await service.createAnnouncement(t.deps, cliActor, { subject: 'Hello', markdown: 'Dear {{name}}' });
      await t.deps.db.updateTable('announcements').set({ markdown: 'Dear {{unknown}}' }).where('id', '=', a.id).execute();
      const page = `/es/admin/announcements/${a.id}`;
      for (const action of ['test', 'send']) {
        const response = await editor.post(`${page}/${action}`, { at: '', timeZone: 'UTC', confirm: 'yes' }, { csrfFrom: page });
        assert.equal(response.statusCode, 400, action);
        assert.match(response.body, /«\{\{unknown\}\}» en la versión en inglés no es un campo de combinación/, action);
        assert.match(response.body, /<form method="post"/, `${action}: the composer, not an error page`);
      }
      assert.equal((await service.getAnnouncement(t.deps, a.id)).status, 'draft');
    });
  });
}
