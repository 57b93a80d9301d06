import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Kysely, Migrator } from 'kysely';
import { createTestDatabase, dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp, type TestClient } from '../../../test/test-app.ts';
import { migrations } from '../../db/migrations/index.ts';
import { cliActor } from '../audit/audit.service.ts';
import { addMember } from '../members/member.service.ts';
import * as service from './announcement.service.ts';

/** The id in an announcement's admin URL. */
const idOf = (location: unknown) => Number(/\/admin\/announcements\/(\d+)/.exec(String(location))?.[1]);

for (const dialect of dialects) {
  describe(`which announcements the public archive shows, on ${dialect}`, () => {
    let t: TestApp;
    let editor: TestClient;
    before(async () => {
      t = await createTestApp(dialect);
      editor = await t.signedInClient('editor');
      for (const [email, memberState] of [
        ['kenya@example.org', 'KE'],
        ['senegal@example.org', 'SN'],
        ['france@example.org', 'FR'],
      ]) {
        await addMember(t.deps, cliActor, { email, name: email, language: 'en', memberState }, { status: 'subscribed', basis: 'test' });
      }
    });
    after(async () => {
      await t.close();
    });

    async function sendAll(id: number) {
      await service.sendAnnouncement(t.deps, cliActor, id);
      await t.runJobs();
      assert.equal((await service.getAnnouncement(t.deps, id)).status, 'sent');
    }

    async function isPublic(id: number, subject: string): Promise<boolean> {
      const entry = await t.app.inject({ url: `/en/announcements/${id}` });
      const archive = (await t.app.inject({ url: '/en/announcements' })).body;
      const feed = (await t.app.inject({ url: '/en/announcements/feed.atom' })).body;
      assert.equal(archive.includes(subject), entry.statusCode === 200, `${subject}: the archive agrees with the entry page`);
      assert.equal(feed.includes(subject), entry.statusCode === 200, `${subject}: the feed agrees with the entry page`);
      assert.ok([200, 404].includes(entry.statusCode));
      return entry.statusCode === 200;
    }

    test('by default, an announcement to a segment stays out of the archive and its feed; one to the whole network is in it', async () => {
      const segment = await service.createAnnouncement(t.deps, cliActor, {
        subject: 'For the African Group only',
        markdown: 'Dear {{name}}',
        audience: { regionalGroup: 'african' },
      });
      const everyone = await service.createAnnouncement(t.deps, cliActor, { subject: 'For the whole network', markdown: 'Dear {{name}}' });
      assert.equal(segment.in_archive, 0);
      assert.equal(everyone.in_archive, 1);
      await sendAll(segment.id);
      await sendAll(everyone.id);
      assert.equal(segment.id && (await service.announcementProgress(t.deps, segment.id)).counts.sent, 2, 'Kenya and Senegal');
      assert.equal(await isPublic(segment.id, 'For the African Group only'), false);
      assert.equal(await isPublic(everyone.id, 'For the whole network'), true);
      const mail = await t.deps.db.selectFrom('captured_mail').select(['subject', 'raw']).execute();
      const toSegment = mail.filter((m) => m.subject === 'For the African Group only');
      assert.equal(toSegment.length, 2);
      for (const m of toSegment) assert.ok(!m.raw.includes(`/announcements/${segment.id}`), 'no “view online” link to a page that does not exist');
      assert.ok(mail.some((m) => m.subject === 'For the whole network' && m.raw.includes(`/announcements/${everyone.id}`)));
    });

    test('staff may publish an announcement to a segment by choosing to, or keep one to the whole network out', async () => {
      const chosen = await service.createAnnouncement(t.deps, cliActor, {
        subject: 'Published by choice',
        markdown: 'x',
        audience: { regionalGroup: 'african' },
        inArchive: true,
      });
      const kept = await service.createAnnouncement(t.deps, cliActor, { subject: 'Kept out by choice', markdown: 'x', inArchive: false });
      await sendAll(chosen.id);
      await sendAll(kept.id);
      assert.equal(await isPublic(chosen.id, 'Published by choice'), true);
      assert.equal(await isPublic(kept.id, 'Kept out by choice'), false);
    });

    test('the composer’s checkbox: on for the whole network, off for a segment unless ticked for that segment', async () => {
      const form = (fields: Record<string, string>) =>
        editor.post(
          '/en/admin/announcements/new',
          { subject: 'Form', markdown: 'x', defaultLocale: 'en', intent: 'save', ...fields },
          { csrfFrom: '/en/admin/announcements/new' },
        );
      const blank = await editor.get('/en/admin/announcements/new');
      assert.match(blank.body, /<input[^>]*name="inArchive"[^>]*checked/, 'a new announcement goes to the whole network: ticked');
      assert.match(blank.body, /name="archiveFor" value="network"/);

      // The box was ticked for the whole network; the audience became a segment in the same submit: not a choice for the segment.
      const switched = await form({ 'audience.regionalGroup': 'african', inArchive: 'yes', archiveFor: 'network' });
      assert.equal(switched.statusCode, 303);
      const switchedRow = await service.getAnnouncement(t.deps, idOf(switched.headers.location));
      assert.equal(switchedRow.in_archive, 0);
      const page = await editor.get(String(switched.headers.location));
      assert.doesNotMatch(page.body, /<input[^>]*name="inArchive"[^>]*checked/);
      assert.match(page.body, /name="archiveFor" value="segment"/);

      // Ticked while the audience was the segment: an explicit choice.
      const ticked = await editor.post(
        String(switched.headers.location),
        { subject: 'Form', markdown: 'x', defaultLocale: 'en', intent: 'save', 'audience.regionalGroup': 'african', inArchive: 'yes', archiveFor: 'segment' },
        { csrfFrom: String(switched.headers.location) },
      );
      assert.equal(ticked.statusCode, 303);
      assert.equal((await service.getAnnouncement(t.deps, switchedRow.id)).in_archive, 1);

      const unticked = await form({ archiveFor: 'network' });
      assert.equal((await service.getAnnouncement(t.deps, idOf(unticked.headers.location))).in_archive, 0, 'unticked for the whole network');
    });
  });

  describe(`migration 0009 on ${dialect}`, () => {
    test('existing sent announcements stay published only when they went to the whole network', async () => {
      const database = await createTestDatabase(dialect, { migrate: false });
      try {
        const db = database.handle.db as unknown as Kysely<any>;
        const names = Object.keys(migrations).sort();
        const previous = names[names.indexOf('0009-announcement-archive') - 1] as string;
        const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
        assert.equal((await migrator.migrateTo(previous)).error, undefined);
        const network = await db
          .insertInto('networks')
          .values({ slug: 'n', name: '{}', purpose: '{}', join_call: '{}', default_locale: 'en', created_at: '2025-01-01T00:00:00.000Z' })
          .returning('id')
          .executeTakeFirstOrThrow();
        const row = (subject: string, audience: string | null) => ({
          network_id: network.id,
          subject,
          markdown: 'x',
          default_locale: 'en',
          variants: '{}',
          audience,
          status: 'sent',
          scheduled_at: null,
          total: 1,
          created_by: 'cli',
          created_at: '2025-01-01T00:00:00.000Z',
          updated_at: '2025-01-01T00:00:00.000Z',
          started_at: '2025-01-01T00:00:00.000Z',
          finished_at: '2025-01-01T00:00:00.000Z',
        });
        await db
          .insertInto('announcements')
          .values([row('network', null), row('empty filters', '{}'), row('african', '{"regionalGroup":"african"}'), row('french', '{"language":"fr"}')])
          .execute();
        assert.equal((await migrator.migrateToLatest()).error, undefined);
        const rows = await db.selectFrom('announcements').select(['subject', 'in_archive']).orderBy('id').execute();
        assert.deepEqual(
          rows.map((r) => [r.subject, Number(r.in_archive)]),
          [
            ['network', 1],
            ['empty filters', 1],
            ['african', 0],
            ['french', 0],
          ],
        );
      } finally {
        await database.drop();
      }
    });
  });
}
