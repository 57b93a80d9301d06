import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { simpleParser } from 'mailparser';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp, TestClient } from '../../../test/test-app.ts';
import * as announcements from '../announcements/announcement.service.ts';
import { cliActor } from '../audit/audit.service.ts';
import { addMember } from './member.service.ts';
import { memberLinks } from './member-links.ts';

/** Makes the next member id `next`, as in a network that has grown that far (or whose ids were imported). */
async function startMemberIdsAt(t: TestApp, next: number): Promise<void> {
  if (t.deps.dialect === 'postgres') {
    await sql`select setval(pg_get_serial_sequence('members', 'id'), ${next - 1})`.execute(t.deps.db);
    return;
  }
  const updated = await sql`update sqlite_sequence set seq = ${next - 1} where name = 'members'`.execute(t.deps.db);
  if (Number(updated.numAffectedRows ?? 0) === 0) await sql`insert into sqlite_sequence (name, seq) values ('members', ${next - 1})`.execute(t.deps.db);
}

async function statusOf(t: TestApp, id: number): Promise<string> {
  return (await t.deps.db.selectFrom('members').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
}

// Member ids past 999 made the old 102-character unsubscribe token longer than Fastify's default route
// parameter (100): every link answered 414. Here every kind of link is followed at ids past ten million
// and near the largest PostgreSQL integer.
for (const dialect of dialects) {
  describe(`member links at large member ids on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect, { PUBLIC_URL: 'https://outreach.example.org' });
    });
    after(async () => {
      await t.close();
    });

    for (const firstId of [10_000_001, 2_147_483_000]) {
      test(`an announcement's unsubscribe link (page and RFC 8058 one-click) works for member ${firstId}`, async () => {
        await startMemberIdsAt(t, firstId);
        const page = await addMember(
          t.deps,
          cliActor,
          { email: `page-${firstId}@example.org`, name: 'Page', language: 'fr' },
          { status: 'subscribed', basis: 'test' },
        );
        const oneClick = await addMember(
          t.deps,
          cliActor,
          { email: `click-${firstId}@example.org`, name: 'Click', language: 'en' },
          { status: 'subscribed', basis: 'test' },
        );
        assert.ok(page.id >= firstId && oneClick.id > page.id, `ids ${page.id}, ${oneClick.id}`);

        const a = await announcements.createAnnouncement(t.deps, cliActor, { subject: `Ids past ${firstId}`, markdown: 'Hello {{name}}' });
        await announcements.sendAnnouncement(t.deps, cliActor, a.id);
        await t.runJobs();
        const unsubscribeUrl = async (address: string) => {
          const row = await t.deps.db
            .selectFrom('captured_mail')
            .select('raw')
            .where('envelope_to', '=', address)
            .orderBy('id', 'desc')
            .executeTakeFirstOrThrow();
          const mail = await simpleParser(row.raw);
          const line = mail.headerLines.find((l) => l.key === 'list-unsubscribe')?.line ?? '';
          const url = /<(https:\/\/outreach\.example\.org\/[^>]+)>/.exec(line.replace(/\r?\n[ \t]+/g, ''))?.[1];
          assert.ok(url, line);
          assert.ok(mail.text?.includes(url.slice('https://outreach.example.org'.length)), 'the body carries the same link');
          return new URL(url).pathname;
        };

        const pagePath = await unsubscribeUrl(`page-${firstId}@example.org`);
        const shown = await t.app.inject({ method: 'GET', url: pagePath });
        assert.equal(shown.statusCode, 200, shown.body);
        const pressed = await t.app.inject({ method: 'POST', url: pagePath, payload: '', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
        assert.equal(pressed.statusCode, 200, pressed.body);
        assert.equal(await statusOf(t, page.id), 'unsubscribed');

        const clickPath = await unsubscribeUrl(`click-${firstId}@example.org`);
        const clicked = await t.app.inject({
          method: 'POST',
          url: clickPath,
          payload: 'List-Unsubscribe=One-Click',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        });
        assert.equal(clicked.statusCode, 200, clicked.body);
        assert.equal(clicked.body, 'unsubscribed\n');
        assert.equal(await statusOf(t, oneClick.id), 'unsubscribed');
      });

      test(`confirm and manage links work for member ${firstId + 100}`, async () => {
        await startMemberIdsAt(t, firstId + 100);
        const pending = await addMember(
          t.deps,
          cliActor,
          { email: `pending-${firstId}@example.org`, name: 'Pending', language: 'en' },
          { status: 'pending', basis: 'test' },
        );
        assert.ok(pending.id >= firstId + 100);
        const links = memberLinks(t.deps, pending.id);
        const client = new TestClient(t.app);

        const confirmPath = `/en/join/confirm/${links.confirm}`;
        assert.equal((await client.get(confirmPath)).statusCode, 200);
        const confirmed = await client.post(confirmPath, {}, { csrfFrom: confirmPath });
        assert.equal(confirmed.statusCode, 200, confirmed.body);
        assert.equal(await statusOf(t, pending.id), 'subscribed');

        const managePath = `/en/me/${links.manage}`;
        const preferences = await client.get(managePath);
        assert.equal(preferences.statusCode, 200, preferences.body);
        assert.equal((await client.get(`${managePath}/data.json`)).statusCode, 200);
        assert.equal((await client.get(`${managePath}/erase`)).statusCode, 200);
        const saved = await client.post(managePath, { name: 'Renamed', language: 'en' }, { csrfFrom: managePath });
        assert.equal(saved.statusCode, 303, saved.body);
        const renamed = await t.deps.db.selectFrom('members').select('name').where('id', '=', pending.id).executeTakeFirstOrThrow();
        assert.equal(renamed.name, 'Renamed');
      });
    }

    test('links sent in the earlier, longer format before this release still open at large ids', async () => {
      await startMemberIdsAt(t, 10_000_500);
      const member = await addMember(
        t.deps,
        cliActor,
        { email: 'legacy@example.org', name: 'Legacy', language: 'en' },
        { status: 'subscribed', basis: 'test' },
      );
      const expires = Math.floor(t.clock.now().getTime() / 1000) + 3600;
      const legacy = (purpose: string) => {
        const body = Buffer.from(JSON.stringify({ p: purpose, m: member.id, e: expires })).toString('base64url');
        return `${body}.${createHmac('sha256', t.deps.secretKey).update(body).digest('base64url')}`;
      };
      const unsubscribe = legacy('unsubscribe');
      assert.ok(unsubscribe.length > 100, `${unsubscribe.length} characters, over Fastify's default parameter limit`);
      assert.equal((await t.app.inject({ method: 'GET', url: `/en/me/${legacy('manage')}` })).statusCode, 200);
      assert.equal((await t.app.inject({ method: 'GET', url: `/en/unsubscribe/${unsubscribe}` })).statusCode, 200);
      const clicked = await t.app.inject({
        method: 'POST',
        url: `/unsubscribe/${unsubscribe}`,
        payload: 'List-Unsubscribe=One-Click',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      assert.equal(clicked.statusCode, 200, clicked.body);
      assert.equal(await statusOf(t, member.id), 'unsubscribed');
    });
  });
}
