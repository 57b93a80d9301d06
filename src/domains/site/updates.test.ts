import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp, type TestClient } from '../../../test/test-app.ts';

for (const dialect of dialects) {
  describe(`updates on ${dialect}`, () => {
    let t: TestApp;
    let editor: TestClient;
    let viewer: TestClient;
    let id: number;
    const count = async () =>
      Number(
        (
          await t.deps.db
            .selectFrom('updates')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const form = (extra: Record<string, string> = {}) => ({
      status: 'draft',
      publishAt: '',
      sourceLocale: 'en',
      'title.en': 'Webinars hosted for the GDC Zero Draft',
      'summary.en': 'Two webinars walked diplomats through the zero draft.',
      'body.en': 'Recordings are in the **library**. <script>alert(1)</script>',
      'title.ar': 'ندوات شبكية بشأن المسودة الأولية للاتفاق الرقمي العالمي',
      ...extra,
    });

    before(async () => {
      t = await createTestApp(dialect);
      t.clock.set(new Date('2026-10-20T09:00:00Z'));
      editor = await t.signedInClient('editor');
      viewer = await t.signedInClient('viewer');
    });
    after(() => t.close());

    test('a draft is for staff only; a viewer reads but cannot write', async () => {
      assert.equal((await viewer.get('/en/admin/updates/new')).statusCode, 403);
      const created = await editor.post('/en/admin/updates/new', form(), { csrfFrom: '/en/admin/updates/new' });
      assert.equal(created.statusCode, 303, created.body);
      id = Number(/\/admin\/updates\/(\d+)/.exec(String(created.headers.location))?.[1]);
      const detail = await viewer.get(`/en/admin/updates/${id}`);
      assert.equal(detail.statusCode, 200);
      assert.match(detail.body, /Webinars hosted for the GDC Zero Draft/);
      assert.doesNotMatch(detail.body, /Restore/, 'one revision, nothing to restore, and a viewer restores nothing');
      assert.equal((await t.app.inject({ url: '/en/updates/webinars-hosted-for-the-gdc-zero-draft' })).statusCode, 404);
      assert.doesNotMatch((await t.app.inject({ url: '/en/updates' })).body, /Webinars hosted/);
    });

    test('a scheduled update is public from its time on, in the list, the feed and on the home page when pinned', async () => {
      const edit = `/en/admin/updates/${id}/edit`;
      const saved = await editor.post(edit, form({ status: 'published', publishAt: '2026-10-20T15:00', pinned: 'yes' }), { csrfFrom: edit });
      assert.equal(saved.statusCode, 303, saved.body);
      assert.match((await editor.get('/en/admin/updates')).body, /Scheduled for/);
      assert.equal((await t.app.inject({ url: '/en/updates/webinars-hosted-for-the-gdc-zero-draft' })).statusCode, 404, 'not before its time');
      t.clock.set(new Date('2026-10-20T15:01:00Z'));
      const page = await t.app.inject({ url: '/en/updates/webinars-hosted-for-the-gdc-zero-draft' });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<strong>library<\/strong>/);
      assert.match(page.body, /<link rel="canonical" href="http:\/\/localhost:3000\/en\/updates\/webinars-hosted-for-the-gdc-zero-draft"\/>/);
      assert.match(page.body, /<meta property="og:type" content="article"\/>/);
      assert.doesNotMatch(page.body, /<script>alert/);
      const hreflangs = [...page.body.matchAll(/rel="alternate" hrefLang="(\w+)"/gi)].map((m) => m[1]).sort();
      assert.deepEqual(hreflangs, ['ar', 'en']);
      const fr = await t.app.inject({ url: '/fr/updates/webinars-hosted-for-the-gdc-zero-draft' });
      assert.match(fr.body, /Cette actualité n’est pas encore disponible en français ; elle est présentée en anglais\./);
      const ar = await t.app.inject({ url: '/ar/updates/webinars-hosted-for-the-gdc-zero-draft' });
      assert.equal(ar.statusCode, 301, 'the Arabic version has its own slug');
      assert.equal(ar.headers.location, `/ar/updates/${encodeURIComponent('ندوات-شبكية-بشأن-المسودة-الأولية-للاتفاق-الرقمي-العالمي')}`);
      const home = await t.app.inject({ url: '/en/' });
      assert.match(home.body, /Latest updates/);
      assert.match(home.body, /Webinars hosted for the GDC Zero Draft/);
      const feed = await t.app.inject({ url: '/fr/updates/feed.atom' });
      assert.equal(feed.headers['content-type'], 'application/atom+xml; charset=utf-8');
      assert.match(feed.body, /<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom" xml:lang="fr">/);
      assert.match(feed.body, /<title xml:lang="en">Webinars hosted for the GDC Zero Draft<\/title>/);
      assert.match(feed.body, /<published>2026-10-20T15:00:00\.000Z<\/published>/);
      assert.match(feed.body, /&lt;strong&gt;library&lt;\/strong&gt;/);
      assert.doesNotMatch(feed.body, /<script|&lt;script/);
    });

    test('every save is a revision with who and when; an earlier one is restored as a new revision', async () => {
      const detail = await editor.get(`/en/admin/updates/${id}`);
      const restore = [...detail.body.matchAll(/action="(\/en\/admin\/updates\/\d+\/revisions\/(\d+)\/restore)"/g)];
      assert.equal(restore.length, 1, 'the current revision is not offered');
      assert.match(detail.body, /editor@example\.org/);
      const restored = await editor.post(restore[0]?.[1] as string, {}, { csrfFrom: `/en/admin/updates/${id}` });
      assert.equal(restored.statusCode, 303);
      assert.equal((await t.app.inject({ url: '/en/updates/webinars-hosted-for-the-gdc-zero-draft' })).statusCode, 404, 'the first revision was a draft');
      const revisions = await t.deps.db.selectFrom('update_revisions').select('id').where('update_id', '=', id).execute();
      assert.equal(revisions.length, 3);
      const actions = (await t.deps.db.selectFrom('audit_events').select('action').where('subject', '=', `update:${id}`).orderBy('id').execute()).map(
        (a) => a.action,
      );
      assert.deepEqual(actions, ['update.created', 'update.updated', 'update.restored']);
    });

    test('bad input: a translated error naming the field, the form as typed, nothing stored', async () => {
      const before = await count();
      const badTime = await editor.post('/fr/admin/updates/new', form({ 'title.en': 'Other', 'title.ar': '', publishAt: 'tomorrow' }), {
        csrfFrom: '/fr/admin/updates/new',
      });
      assert.equal(badTime.statusCode, 400);
      assert.match(badTime.body, /Heure de publication \(UTC\)/);
      assert.match(badTime.body, /value="Other"/);
      const taken = await editor.post('/en/admin/updates/new', form({ 'title.ar': '' }), { csrfFrom: '/en/admin/updates/new' });
      assert.equal(taken.statusCode, 409);
      assert.match(taken.body, /Another update already has the address “webinars-hosted-for-the-gdc-zero-draft”/);
      const empty = await editor.post('/es/admin/updates/new', { status: 'draft', sourceLocale: 'es' }, { csrfFrom: '/es/admin/updates/new' });
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /Dé un título a la novedad/);
      assert.equal(await count(), before);
    });

    test('an editor deletes an update after confirming', async () => {
      assert.match((await editor.get(`/en/admin/updates/${id}/delete`)).body, /with all its versions and revisions/);
      const deleted = await editor.post(`/en/admin/updates/${id}/delete`, {}, { csrfFrom: `/en/admin/updates/${id}/delete` });
      assert.equal(deleted.statusCode, 303);
      assert.equal((await editor.get(`/en/admin/updates/${id}`)).statusCode, 404);
      assert.equal((await t.deps.db.selectFrom('update_revisions').select('id').where('update_id', '=', id).execute()).length, 0);
    });
  });
}
