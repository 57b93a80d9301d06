import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp, type TestClient } from '../../../test/test-app.ts';
import { cliActor } from '../audit/audit.service.ts';
import { addMember } from '../members/member.service.ts';

for (const dialect of dialects) {
  describe(`announcements in the admin area and the public archive on ${dialect}`, () => {
    let t: TestApp;
    let editor: TestClient;
    let viewer: TestClient;
    before(async () => {
      t = await createTestApp(dialect);
      editor = await t.signedInClient('editor');
      viewer = await t.signedInClient('viewer');
      for (const [email, language, state] of [
        ['a@example.org', 'en', 'KE'],
        ['b@example.org', 'fr', 'FR'],
        ['c@example.org', 'fr', 'SN'],
      ]) {
        await addMember(t.deps, cliActor, { email, name: email, language, memberState: state }, { status: 'subscribed', basis: 'test' });
      }
    });
    after(async () => {
      await t.close();
    });

    test('compose with a preview, save, test, send, watch progress, read the report; the archive and the Atom feed show it', async () => {
      const preview = await editor.post('/en/admin/announcements/preview', { markdown: '**Zero** <b>draft</b>' }, { csrfFrom: '/en/admin/announcements/new' });
      assert.equal(preview.statusCode, 200);
      assert.equal(preview.body.trim(), '<p><strong>Zero</strong> &lt;b&gt;draft&lt;/b&gt;</p>');

      const created = await editor.post(
        '/en/admin/announcements/new',
        {
          subject: 'The Zero Draft is out',
          markdown: 'Dear {{name}}, the **Zero Draft** is out.',
          defaultLocale: 'en',
          'variants.fr.subject': 'L’avant-projet est paru',
          'variants.fr.markdown': 'Cher·e {{name}}, l’**avant-projet** est paru.',
          'audience.regionalGroup': '',
          intent: 'save',
        },
        { csrfFrom: '/en/admin/announcements/new' },
      );
      assert.equal(created.statusCode, 303);
      const page = String(created.headers.location);
      const draft = await editor.get(page);
      assert.match(draft.body, /3 subscribed members match this audience/);
      assert.match(draft.body, /<strong>Zero Draft<\/strong>/, 'the preview is rendered on the page');

      assert.equal((await editor.post(`${page}/test`, {}, { csrfFrom: page })).statusCode, 303);
      assert.equal(await t.runJobs(), 1);
      const testMail = await t.deps.db.selectFrom('captured_mail').selectAll().where('subject', 'like', '[TEST]%').executeTakeFirstOrThrow();
      assert.equal(testMail.envelope_to, 'editor@example.org');

      assert.equal((await viewer.post(`${page}/send`, { at: '' }, { csrfFrom: '/en/admin' })).statusCode, 403, 'a viewer cannot send');
      const step = await editor.post(`${page}/send`, { at: '', timeZone: 'Europe/Zurich' }, { csrfFrom: page });
      assert.equal(step.statusCode, 200, 'first the confirmation step');
      const confirm = /name="confirm" value="([^"]+)"/.exec(step.body)?.[1] ?? '';
      assert.equal((await editor.post(`${page}/send`, { at: '', timeZone: 'Europe/Zurich', confirm }, { csrfFrom: page })).statusCode, 303);
      const sending = await editor.get(`${page}/progress.json`);
      assert.equal(sending.json().status, 'sending');
      await t.runJobs();
      const sent = await editor.get(`${page}/progress.json`);
      assert.equal(sent.json().status, 'sent');
      assert.equal(sent.json().counts.sent, 3);
      const report = await viewer.get(page);
      assert.match(report.body, /<progress/);
      assert.match(report.body, /Deliveries by regional group/);
      assert.match(report.body, /African Group/);

      const archive = await t.app.inject({ url: '/fr/announcements' });
      assert.match(archive.body, /L’avant-projet est paru/);
      const id = /\/admin\/announcements\/(\d+)/.exec(page)?.[1];
      const entry = await t.app.inject({ url: `/fr/announcements/${id}` });
      assert.match(entry.body, /<strong>avant-projet<\/strong>/);
      assert.doesNotMatch(entry.body, /\{\{name\}\}/);
      const feed = await t.app.inject({ url: '/en/announcements/feed.atom' });
      assert.equal(feed.headers['content-type'], 'application/atom+xml; charset=utf-8');
      assert.match(feed.body, /<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom"/);
      assert.match(feed.body, /<entry><id>http:\/\/localhost:3000\/en\/announcements\/\d+<\/id><title>The Zero Draft is out<\/title>/);
    });

    test('scheduling takes the time zone into account, and a draft is not in the archive', async () => {
      const created = await editor.post(
        '/en/admin/announcements/new',
        { subject: 'Later', markdown: 'x', defaultLocale: 'en', intent: 'save' },
        { csrfFrom: '/en/admin/announcements/new' },
      );
      const page = String(created.headers.location);
      const id = Number(/(\d+)$/.exec(page)?.[1]);
      assert.equal((await t.app.inject({ url: `/en/announcements/${id}` })).statusCode, 404);
      const year = t.clock.now().getUTCFullYear() + 1;
      const step = await editor.post(`${page}/send`, { at: `${year}-01-15T09:00`, timeZone: 'Asia/Tokyo' }, { csrfFrom: page });
      const confirm = /name="confirm" value="([^"]+)"/.exec(step.body)?.[1] ?? '';
      await editor.post(`${page}/send`, { at: `${year}-01-15T09:00`, timeZone: 'Asia/Tokyo', confirm }, { csrfFrom: page });
      const row = await t.deps.db.selectFrom('announcements').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(row.status, 'scheduled');
      assert.equal(row.scheduled_at, `${year}-01-15T00:00:00.000Z`, '09:00 in Tokyo is midnight UTC');
    });
  });
}
