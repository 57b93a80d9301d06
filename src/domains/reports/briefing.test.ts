import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp, type TestClient } from '../../../test/test-app.ts';
import { cliActor } from '../audit/audit.service.ts';
import { createEngagement } from '../engagements/engagement.service.ts';
import { createItem, updateItem } from '../engagements/register.service.ts';
import { addMember } from '../members/member.service.ts';
import { resolvePeriod } from './briefing.service.ts';

const idOf = (location: unknown) => Number(/\/admin\/reports\/briefings\/(\d+)/.exec(String(location))?.[1]);

describe('briefing periods', () => {
  const now = new Date('2026-11-15T10:00:00Z');
  test('last month, last quarter, since the last briefing, custom', () => {
    assert.deepEqual(resolvePeriod('last_month', {}, now, undefined), { from: '2026-10-01', to: '2026-10-31' });
    assert.deepEqual(resolvePeriod('last_month', {}, new Date('2026-01-10T00:00:00Z'), undefined), { from: '2025-12-01', to: '2025-12-31' });
    assert.deepEqual(resolvePeriod('last_quarter', {}, now, undefined), { from: '2026-07-01', to: '2026-09-30' });
    assert.deepEqual(resolvePeriod('last_quarter', {}, new Date('2026-02-01T00:00:00Z'), undefined), { from: '2025-10-01', to: '2025-12-31' });
    assert.deepEqual(resolvePeriod('custom', { from: '2026-10-05', to: '2026-10-05' }, now, undefined), { from: '2026-10-05', to: '2026-10-05' });
    assert.throws(() => resolvePeriod('since_last', {}, now, undefined), { code: 'briefing_no_previous' });
    assert.throws(() => resolvePeriod('custom', { from: '2026-10-06', to: '2026-10-05' }, now, undefined), { code: 'report_period_range' });
    assert.throws(() => resolvePeriod('custom', { from: '2026-10-06' }, now, undefined), { code: 'invalid_input' });
  });
});

for (const dialect of dialects) {
  describe(`briefings on ${dialect}`, () => {
    let t: TestApp;
    let editor: TestClient;
    let viewer: TestClient;
    const editorReader = { actor: cliActor, staffId: null, role: 'editor' as const };
    const member = async (i: number, state: string, at: string) => {
      t.clock.set(new Date(at));
      await addMember(
        t.deps,
        cliActor,
        { email: `b${i}@example.org`, name: `Member ${i}`, memberState: state, language: 'en' },
        { status: 'subscribed', basis: 'test' },
      );
    };
    const row = async (id: number) => t.deps.db.selectFrom('briefings').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const count = async () =>
      Number(
        (
          await t.deps.db
            .selectFrom('briefings')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    before(async () => {
      t = await createTestApp(dialect);
      await member(1, 'KE', '2026-09-25T09:00:00Z');
      const item = await createItem(t.deps, cliActor, {
        topic: 'Multistakeholder model',
        kind: 'risk',
        statement: { en: 'The multistakeholder model is weakened in the outcome document.', fr: 'Le modèle multipartite est affaibli.' },
        likelihood: 2,
        impact: 4,
        trend: 'steady',
      });
      await member(2, 'FR', '2026-10-05T09:00:00Z');
      await member(3, 'BR', '2026-10-12T09:00:00Z');
      await createEngagement(t.deps, editorReader, {
        kind: 'bilateral_meeting',
        title: 'Meeting with the Permanent Mission of Brazil',
        startDate: '2026-10-14',
        status: 'done',
        memberStates: ['BR'],
        confidentiality: 'board',
      });
      await createEngagement(t.deps, editorReader, {
        kind: 'bilateral_meeting',
        title: 'Internal planning with a mission',
        startDate: '2026-10-15',
        status: 'done',
        memberStates: ['FR'],
        confidentiality: 'internal',
      });
      await createEngagement(t.deps, editorReader, {
        kind: 'submission',
        title: 'Input to the zero draft',
        startDate: '2026-10-20',
        status: 'ongoing',
        confidentiality: 'public',
        submission: { externalBody: 'UN DESA', deadline: '2026-12-10', status: 'drafting' },
      });
      t.clock.set(new Date('2026-10-22T09:00:00Z'));
      await updateItem(t.deps, cliActor, item.id, { likelihood: 4, trend: 'rising', reason: 'The zero draft weakens the language.' });
      // Signed in last: a session lasts 12 hours of the test clock.
      t.clock.set(new Date('2026-11-03T09:00:00Z'));
      editor = await t.signedInClient('editor', 'lena@example.org');
      viewer = await t.signedInClient('viewer', 'viewer@example.org');
    });
    after(() => t.close());

    const start = (client: TestClient, fields: Record<string, string>) =>
      client.post('/en/admin/reports/briefings', fields, { csrfFrom: '/en/admin/reports/briefings' });

    test('bad periods are refused with a translated message and store nothing; viewers cannot start one', async () => {
      const backwards = await start(editor, { periodKind: 'custom', from: '2026-10-31', to: '2026-10-01' });
      assert.equal(backwards.statusCode, 400);
      assert.match(backwards.body, /The period ends before it starts/);
      const none = await start(editor, { periodKind: 'since_last', from: '', to: '' });
      assert.equal(none.statusCode, 409);
      assert.match(none.body, /No briefing has been published yet/);
      const missing = await start(editor, { periodKind: 'custom', from: '', to: '2026-10-31' });
      assert.equal(missing.statusCode, 400);
      assert.match(missing.body, /not valid \(From\)/);
      assert.equal((await start(viewer, { periodKind: 'last_month' })).statusCode, 403);
      assert.equal(await count(), 0);
    });

    test('a draft shows live figures by section, only engagements shareable with the Board, and what moved in the register', async () => {
      const created = await start(editor, { periodKind: 'last_month', from: '', to: '' });
      assert.equal(created.statusCode, 303, created.body);
      const id = idOf(created.headers.location);
      assert.deepEqual([(await row(id)).period_from, (await row(id)).period_to], ['2026-10-01', '2026-10-31']);
      const page = await viewer.get(`/en/admin/reports/briefings/${id}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<h1>Briefing for the Board, 1–31 October 2026<\/h1>/);
      for (const heading of [
        'The network’s picture',
        'Growth',
        'Announcements',
        'Events and attendance',
        'Engagements and submissions',
        'Risks and opportunities',
        'Upcoming milestones and deadlines',
      ]) {
        assert.ok(page.body.includes(`>${heading}</h2>`), heading);
      }
      assert.match(page.body, /Since 1 October 2026: members \+2, UN Member States \+2/);
      assert.match(page.body, /Meeting with the Permanent Mission of Brazil/);
      assert.match(page.body, /Input to the zero draft/);
      assert.doesNotMatch(page.body, /Internal planning/, 'an internal engagement is not for the Board');
      assert.match(page.body, /The multistakeholder model is weakened/);
      assert.match(page.body, /2 × 4<\/td><td>4 × 4<strong> \(moved\)<\/strong>/);
      assert.match(page.body, /Deadline of the submission “Input to the zero draft” \(UN DESA\)/);
      assert.doesNotMatch(page.body, /Publish<\/button>/, 'viewers do not publish');
      assert.match((await editor.get(`/en/admin/reports/briefings/${id}`)).body, /Publish<\/button>/);
    });

    test('staff write the narrative per language in Markdown; markup is refused and nothing is saved', async () => {
      const id = idOf((await start(editor, { periodKind: 'custom', from: '2026-10-01', to: '2026-10-15' })).headers.location);
      const edit = `/en/admin/reports/briefings/${id}/edit`;
      const saved = await editor.post(
        edit,
        { locale: 'en', title: 'October briefing', 'narrative.picture': 'We grew **fast** this month.', 'narrative.growth': '' },
        { csrfFrom: edit },
      );
      assert.equal(saved.statusCode, 303, saved.body);
      const frSaved = await editor.post(edit, { locale: 'fr', title: '', 'narrative.picture': 'Le réseau a *beaucoup* grandi.' }, { csrfFrom: edit });
      assert.equal(frSaved.statusCode, 303);
      const before = await row(id);
      const script = await editor.post(
        edit,
        { locale: 'en', title: 'Hacked', 'narrative.picture': 'Fine', 'narrative.growth': 'Look <script>alert(1)</script>' },
        { csrfFrom: edit },
      );
      assert.equal(script.statusCode, 400);
      assert.match(script.body, /The narrative “Narrative: Growth”|contains HTML tags/);
      assert.match(script.body, /Look &lt;script>alert\(1\)&lt;\/script><\/textarea>/, 'the form comes back, escaped');
      const after = await row(id);
      assert.equal(after.narrative, before.narrative);
      assert.equal(after.title, before.title);

      const en = await viewer.get(`/en/admin/reports/briefings/${id}`);
      assert.match(en.body, /<h1>October briefing<\/h1>/);
      assert.match(en.body, /We grew <strong>fast<\/strong> this month\./);
      const fr = await viewer.get(`/fr/admin/reports/briefings/${id}`);
      assert.match(fr.body, /Le réseau a <em>beaucoup<\/em> grandi\./);
      assert.match(fr.body, /<h1>Note d’information du Conseil, 1er–15 octobre 2026<\/h1>/);
      const ar = await viewer.get(`/ar/admin/reports/briefings/${id}`);
      assert.match(ar.body, /<html lang="ar" dir="rtl"/);
      assert.match(ar.body, /<div class="briefing__narrative" lang="en" dir="ltr"><p class="muted">النص مكتوب باللغة: English\.<\/p>/);
      assert.equal((await viewer.get(`/en/admin/reports/briefings/${id}/edit`)).statusCode, 403);
    });

    test('publishing freezes the figures; the next briefing counts since it; a published briefing cannot change', async () => {
      const first = idOf((await start(editor, { periodKind: 'custom', from: '2026-09-01', to: '2026-10-10' })).headers.location);
      const publish = await editor.post(`/en/admin/reports/briefings/${first}/publish`, {}, { csrfFrom: `/en/admin/reports/briefings/${first}` });
      assert.equal(publish.statusCode, 303);
      const published = await row(first);
      assert.equal(published.status, 'published');
      const snapshot = JSON.parse(published.snapshot ?? '{}');
      assert.equal(snapshot.picture.members, 2);
      // Later: a member joins, the register moves again. The published briefing does not change.
      await member(4, 'CN', '2026-11-03T10:00:00Z');
      const page = await viewer.get(`/en/admin/reports/briefings/${first}`);
      assert.match(page.body, /Published on/);
      assert.match(page.body, /Since 1 September 2026: members \+2, UN Member States \+2/);
      assert.equal((await row(first)).snapshot, published.snapshot);

      const next = await start(editor, { periodKind: 'since_last', from: '', to: '' });
      assert.equal(next.statusCode, 303, next.body);
      const second = idOf(next.headers.location);
      assert.deepEqual([(await row(second)).period_from, (await row(second)).period_to], ['2026-10-11', '2026-11-03']);
      const secondPage = await viewer.get(`/en/admin/reports/briefings/${second}`);
      assert.match(secondPage.body, /Since the last briefing \(Briefing for the Board, 1 September–10 October 2026\): members \+2, UN Member States \+2/);

      const edit = await editor.post(
        `/en/admin/reports/briefings/${first}/edit`,
        { locale: 'en', title: 'Changed' },
        { csrfFrom: `/en/admin/reports/briefings/${second}/edit` },
      );
      assert.equal(edit.statusCode, 409);
      assert.match(edit.body, /published and can no longer be changed/);
      const again = await editor.post(`/en/admin/reports/briefings/${first}/publish`, {}, { csrfFrom: `/en/admin/reports/briefings/${second}` });
      assert.equal(again.statusCode, 409);
      assert.equal((await row(first)).snapshot, published.snapshot);

      const audit = await t.deps.db.selectFrom('audit_events').select(['action', 'subject']).where('action', 'like', 'briefing.%').execute();
      assert.ok(audit.some((a) => a.action === 'briefing.publish' && a.subject === `briefing:${first}`));
      assert.ok(audit.some((a) => a.action === 'briefing.create' && a.subject === `briefing:${second}`));
      const list = await viewer.get('/en/admin/reports/briefings');
      assert.match(list.body, /Briefing for the Board, 1 September–10 October 2026/);
      assert.match(list.body, /aria-current="page">Briefings</);
    });
  });
}
