import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp, type TestClient } from '../../../test/test-app.ts';
import { recordAudit } from './audit.service.ts';

/** The ids of the rows of an audit page, in page order. */
function rowIds(html: string): number[] {
  return [...html.matchAll(/<tr data-id="(\d+)"/g)].map((m) => Number(m[1]));
}

/** The href of the link with this text (HTML-decoded), or undefined. */
function linkTo(html: string, text: string): string | undefined {
  const match = new RegExp(`<a href="([^"]+)"[^>]*>${text}</a>`).exec(html);
  return match?.[1]?.replaceAll('&amp;', '&');
}

for (const dialect of dialects) {
  describe(`audit log on ${dialect}`, () => {
    let t: TestApp;
    let owner: TestClient;
    let allIds: number[];

    before(async () => {
      t = await createTestApp(dialect);
      owner = await t.signedInClient('owner', 'audit-owner@example.org');
      // 230 events over three days: two actors, three actions.
      t.clock.set(new Date('2026-05-01T08:00:00Z'));
      for (let i = 0; i < 230; i++) {
        const actor = i % 2 === 0 ? { staffId: 1, label: 'ana@example.org' } : { staffId: null, label: 'api:crm-sync' };
        const action = ['member.add', 'member.edit', 'announcement.send'][i % 3]!;
        await recordAudit(t.deps, actor, action, `member:${i}`);
        t.clock.advance(20 * 60 * 1000); // 230 × 20 min ≈ 3.2 days
      }
      const rows = await t.deps.db.selectFrom('audit_events').select('id').orderBy('id', 'desc').execute();
      allIds = rows.map((r) => r.id);
    });
    after(() => t?.close());

    test('pages of 100, newest first, older and newer by keyset, with no gap and no repeat', async () => {
      const first = await owner.get('/en/admin/audit');
      assert.equal(first.statusCode, 200);
      const page1 = rowIds(first.body);
      assert.deepEqual(page1, allIds.slice(0, 100));
      assert.equal(linkTo(first.body, 'Newer entries'), undefined);
      const older = linkTo(first.body, 'Older entries');
      assert.ok(older);
      assert.match(older, /before=\d+/);

      const second = await owner.get(older);
      const page2 = rowIds(second.body);
      assert.deepEqual(page2, allIds.slice(100, 200));
      const third = await owner.get(linkTo(second.body, 'Older entries')!);
      assert.deepEqual(rowIds(third.body), allIds.slice(200));
      assert.equal(linkTo(third.body, 'Older entries'), undefined);

      const back = await owner.get(linkTo(third.body, 'Newer entries')!);
      assert.deepEqual(rowIds(back.body), page2);
      const backAgain = await owner.get(linkTo(back.body, 'Newer entries')!);
      assert.deepEqual(rowIds(backAgain.body), page1);
      assert.equal(linkTo(backAgain.body, 'Newer entries'), undefined);
    });

    test('filters by actor, action and dates, and paging keeps them', async () => {
      const byActor = await owner.get('/en/admin/audit?actor=CRM-SYNC');
      const actorRows = await t.deps.db.selectFrom('audit_events').select('id').where('actor_label', '=', 'api:crm-sync').orderBy('id', 'desc').execute();
      assert.deepEqual(
        rowIds(byActor.body),
        actorRows.slice(0, 100).map((r) => r.id),
      );
      const next = linkTo(byActor.body, 'Older entries')!;
      assert.match(next, /actor=CRM-SYNC/);
      assert.deepEqual(
        rowIds((await owner.get(next)).body),
        actorRows.slice(100).map((r) => r.id),
      );

      const sends = await owner.get('/en/admin/audit?action=announcement.send');
      const sendRows = rowIds(sends.body);
      assert.equal(sendRows.length, 76);
      assert.doesNotMatch(sends.body, /<code>member\.add<\/code>/);
      const memberActions = rowIds((await owner.get('/en/admin/audit?action=member.')).body);
      assert.equal(memberActions.length, 100, 'a trailing dot matches every action of the domain');

      const oneDay = await owner.get('/en/admin/audit?from=2026-05-02&to=2026-05-02&action=member.add');
      const expected = await t.deps.db
        .selectFrom('audit_events')
        .select('id')
        .where('at', '>=', '2026-05-02T00:00:00.000Z')
        .where('at', '<', '2026-05-03T00:00:00.000Z')
        .where('action', '=', 'member.add')
        .orderBy('id', 'desc')
        .execute();
      assert.ok(expected.length > 10);
      assert.deepEqual(
        rowIds(oneDay.body),
        expected.map((r) => r.id),
      );
      assert.match(oneDay.body, /value="2026-05-02"/);

      const none = await owner.get('/en/admin/audit?actor=nobody-at-all');
      assert.deepEqual(rowIds(none.body), []);
      assert.match(none.body, /No entry matches these filters/);
    });

    test('a malformed filter is a 400 naming it, not a 500', async () => {
      for (const query of ['from=yesterday', 'to=2026-13-45', 'before=abc', 'after=-1']) {
        const response = await owner.get(`/en/admin/audit?${query}`);
        assert.equal(response.statusCode, 400, query);
      }
    });

    test('the filter form is translated, and only owners read the log', async () => {
      const fr = await owner.get('/fr/admin/audit');
      assert.match(fr.body, /Entrées plus récentes|Filtrer/);
      assert.match(fr.body, /<label for="audit-actor">[^<]*[a-zé]/);
      const ar = await owner.get('/ar/admin/audit');
      assert.match(ar.body, /تصفية/);
      const editor = await t.signedInClient('editor', 'audit-editor@example.org');
      assert.equal((await editor.get('/en/admin/audit')).statusCode, 403);
    });
  });
}
