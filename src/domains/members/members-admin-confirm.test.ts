import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp, type TestClient } from '../../../test/test-app.ts';
import { cliActor } from '../audit/audit.service.ts';
import { addMember } from './member.service.ts';
import type { MemberRow } from './member.table.ts';
import { memberLinks } from './member-links.ts';

// Destructive actions are never one click: the first POST shows what will happen, only the confirmed one acts.
for (const dialect of dialects) {
  describe(`destructive member actions ask first on ${dialect}`, () => {
    let t: TestApp;
    let editor: TestClient;
    const ids: number[] = [];
    before(async () => {
      t = await createTestApp(dialect);
      editor = await t.signedInClient('editor');
      for (let i = 0; i < 14; i++) {
        const m = await addMember(
          t.deps,
          cliActor,
          { email: `delegate${i}@example.org`, name: `Delegate ${i}`, language: 'en', source: 'confirm-test' },
          { status: 'subscribed', basis: 'test' },
        );
        ids.push(m.id);
      }
    });
    after(async () => {
      await t.close();
    });

    const member = (id: number): Promise<MemberRow> => t.deps.db.selectFrom('members').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    async function countWithStatus(status: string): Promise<number> {
      const row = await t.deps.db
        .selectFrom('members')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('source', '=', 'confirm-test')
        .where('status', '=', status as MemberRow['status'])
        .executeTakeFirstOrThrow();
      return Number(row.n);
    }

    test('removing a member shows a confirmation page first; only the confirmed POST removes', async () => {
      const id = ids[0] as number;
      const detail = `/en/admin/members/${id}`;
      const asked = await editor.post(`${detail}/status`, { action: 'remove' }, { csrfFrom: detail });
      assert.equal(asked.statusCode, 200);
      assert.match(asked.body, /Delegate 0/);
      assert.match(asked.body, /delegate0@example\.org/);
      assert.match(asked.body, /name="confirm" value="yes"/);
      assert.match(asked.body, /name="action" value="remove"/);
      assert.equal((await member(id)).status, 'subscribed', 'nothing changed yet');
      const done = await editor.post(`${detail}/status`, { action: 'remove', confirm: 'yes' }, { csrfFrom: detail });
      assert.equal(done.statusCode, 303);
      assert.equal((await member(id)).status, 'removed');
    });

    test('erasing a member shows what will be erased first; only the confirmed POST erases', async () => {
      const id = ids[1] as number;
      const detail = `/en/admin/members/${id}`;
      const asked = await editor.post(`${detail}/erase`, {}, { csrfFrom: detail });
      assert.equal(asked.statusCode, 200);
      assert.match(asked.body, /Delegate 1/);
      assert.match(asked.body, /delegate1@example\.org/);
      assert.match(asked.body, /cannot be undone/);
      assert.match(asked.body, /name="confirm" value="yes"/);
      const untouched = await member(id);
      assert.equal(untouched.erased_at, null);
      assert.equal(untouched.name, 'Delegate 1');
      const done = await editor.post(`${detail}/erase`, { confirm: 'yes' }, { csrfFrom: detail });
      assert.equal(done.statusCode, 303);
      const erased = await member(id);
      assert.notEqual(erased.erased_at, null);
      assert.equal(erased.name, '');
    });

    test('the bulk form has no default action; its placeholder does nothing', async () => {
      const list = await editor.get('/en/admin/members?source=confirm-test');
      const select = /<select id="bulk-action"[^>]*>([\s\S]*?)<\/select>/.exec(list.body)?.[1] ?? '';
      assert.match(select, /^<option value(="")? selected(="")?>Choose an action<\/option>/, 'the first, selected option is the placeholder');
      const before = await countWithStatus('subscribed');
      const placeholder = await editor.post(
        '/en/admin/members/bulk?source=confirm-test',
        { action: '', expected: String(before), confirm: 'yes' },
        { csrfFrom: '/en/admin/members' },
      );
      assert.equal(placeholder.statusCode, 303);
      assert.doesNotMatch(String(placeholder.headers.location), /done=/);
      assert.equal(await countWithStatus('subscribed'), before, 'nothing changed');
    });

    test('a bulk action shows the action, the count and a sample of names, and acts only when confirmed', async () => {
      const count = await countWithStatus('subscribed');
      assert.equal(count, 12);
      const url = '/en/admin/members/bulk?source=confirm-test&status=subscribed';
      const asked = await editor.post(url, { action: 'unsubscribe', expected: String(count) }, { csrfFrom: '/en/admin/members' });
      assert.equal(asked.statusCode, 200);
      assert.match(asked.body, /Unsubscribe 12 members/);
      assert.match(asked.body, /Delegate 13/, 'a sample of the names');
      assert.match(asked.body, /and 2 more/, 'the sample says how many it leaves out');
      assert.match(asked.body, /name="confirm" value="yes"/);
      assert.match(asked.body, /name="expected" value="12"/);
      assert.equal(await countWithStatus('subscribed'), 12, 'nothing changed yet');

      await addMember(
        t.deps,
        cliActor,
        { email: 'late@example.org', name: 'Late Arrival', language: 'en', source: 'confirm-test' },
        { status: 'subscribed', basis: 'test' },
      );
      const stale = await editor.post(url, { action: 'unsubscribe', expected: '12', confirm: 'yes' }, { csrfFrom: '/en/admin/members' });
      assert.equal(stale.statusCode, 200, 'the set changed: asked again');
      assert.match(stale.body, /changed since/);
      assert.match(stale.body, /Unsubscribe 13 members/);
      assert.equal(await countWithStatus('subscribed'), 13, 'nothing changed');

      const done = await editor.post(url, { action: 'unsubscribe', expected: '13', confirm: 'yes' }, { csrfFrom: '/en/admin/members' });
      assert.equal(done.statusCode, 303);
      assert.match(String(done.headers.location), /done=13/);
      assert.equal(await countWithStatus('unsubscribed'), 13);
    });

    test('a member erasing their own data confirms on the page; a bare POST erases nothing', async () => {
      const id = ids[2] as number;
      const path = `/en/me/${memberLinks(t.deps, id).manage}/erase`;
      const page = await editor.get(path);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /name="confirm" value="yes"/);
      const bare = await editor.post(path, {}, { csrfFrom: path });
      assert.equal(bare.statusCode, 200);
      assert.match(bare.body, /name="confirm" value="yes"/, 'the question again');
      assert.equal((await member(id)).erased_at, null);
      const confirmed = await editor.post(path, { confirm: 'yes' }, { csrfFrom: path });
      assert.equal(confirmed.statusCode, 200);
      assert.notEqual((await member(id)).erased_at, null);
    });
  });
}
