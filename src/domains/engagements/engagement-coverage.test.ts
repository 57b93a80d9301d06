import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Migration, Migrator } from 'kysely';
import { createTestDatabase, dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp, type TestClient } from '../../../test/test-app.ts';
import { migrations } from '../../db/migrations/index.ts';
import { locales, translator } from '../../i18n/i18n.ts';
import { cliActor } from '../audit/audit.service.ts';
import { addMember } from '../members/member.service.ts';
import { createEngagement, type EngagementReader, updateEngagement } from './engagement.service.ts';
import { contactClassOf, engagementCoverage, monthsBefore } from './engagement-coverage.ts';
import { memberStateDossier } from './member-state-dossier.ts';

const owner: EngagementReader = { actor: cliActor, staffId: null, role: 'owner' };

test('months before a day, and the contact classes', () => {
  assert.equal(monthsBefore('2026-10-20', 6), '2026-04-20');
  assert.equal(monthsBefore('2026-03-31', 1), '2026-02-28', 'the 31st becomes the last day of a shorter month');
  assert.equal(monthsBefore('2026-01-15', 3), '2025-10-15');
  assert.equal(contactClassOf(null, '2026-10-20'), 'never');
  assert.equal(contactClassOf('2026-07-20', '2026-10-20'), 'within3');
  assert.equal(contactClassOf('2026-07-19', '2026-10-20'), 'within6');
  assert.equal(contactClassOf('2025-10-20', '2026-10-20'), 'within12');
  assert.equal(contactClassOf('2025-10-19', '2026-10-20'), 'older');
});

for (const dialect of dialects) {
  describe(`coverage map and gaps on ${dialect}`, () => {
    let t: TestApp;
    let viewer: TestClient;
    const ids: Record<string, number> = {};
    const member = (email: string, memberState: string, status: 'pending' | 'subscribed' = 'subscribed') =>
      addMember(t.deps, cliActor, { email, name: email, memberState, stakeholderGroup: 'government', language: 'en' }, { status, basis: 'Met at the CSTD' });
    const engagement = async (key: string, fields: Record<string, unknown>) => {
      ids[key] = (await createEngagement(t.deps, owner, { kind: 'bilateral_meeting', title: key, ...fields })).id;
    };

    before(async () => {
      t = await createTestApp(dialect);
      t.clock.set(new Date('2026-10-20T09:00:00Z'));
      viewer = await t.signedInClient('viewer');
      await member('ana@mission-br.example', 'BR');
      await member('joao@mission-br.example', 'BR');
      await member('wanjiru@mission-ke.example', 'KE');
      await member('jonas@mission-de.example', 'DE');
      await member('claire@mission-fr.example', 'FR', 'pending');
      await engagement('brazil', { startDate: '2026-10-02', status: 'done', memberStates: ['BR'] });
      await engagement('kenya', { startDate: '2026-02-27', endDate: '2026-03-01', status: 'done', memberStates: ['KE'] });
      await engagement('india', { startDate: '2026-01-01', ongoing: true, status: 'ongoing', memberStates: ['IN'] });
      await engagement('germany', { startDate: '2026-11-01', status: 'planned', memberStates: ['DE'] });
      await engagement('france', { startDate: '2026-10-01', status: 'cancelled', memberStates: ['FR'] });
    });
    after(() => t.close());

    const coverage = (months = 6, regionalGroup: 'african' | null = null) => engagementCoverage(t.deps, { months, regionalGroup });
    const state = async (code: string, months = 6) => (await coverage(months)).states.find((s) => s.code === code);

    test('each member state has its members and last contact; planned and cancelled engagements are no contact', async () => {
      const c = await coverage();
      assert.equal(c.states.length, 193, 'the 193 Member States');
      assert.deepEqual(
        { ...(await state('BR')) },
        { code: 'BR', regionalGroup: 'latin_american_caribbean', members: 2, lastContact: '2026-10-02', contactClass: 'within3', engagementsInPeriod: 1 },
      );
      assert.equal((await state('KE'))?.lastContact, '2026-03-01');
      assert.equal((await state('KE'))?.contactClass, 'within12');
      assert.equal((await state('IN'))?.lastContact, '2026-10-20', 'an ongoing engagement is contact today');
      assert.equal((await state('DE'))?.contactClass, 'never');
      assert.equal((await state('FR'))?.lastContact, null);
      assert.equal((await state('FR'))?.members, 0, 'a pending member is not counted, as in the network picture');
    });

    test('gaps: members but no contact in the period, never first; member states without members; regional groups', async () => {
      const c = await coverage(6);
      assert.deepEqual(
        c.gaps.map((s) => s.code),
        ['DE', 'KE'],
      );
      assert.deepEqual(
        (await coverage(12)).gaps.map((s) => s.code),
        ['DE'],
        'Kenya was in contact within 12 months',
      );
      assert.ok(c.withoutMembers.some((s) => s.code === 'IN'));
      assert.ok(!c.withoutMembers.some((s) => s.code === 'BR'));
      assert.equal(c.withoutMembers.length, 193 - 3);
      const group = (g: string) => c.groups.find((x) => x.regionalGroup === g);
      assert.equal(group('latin_american_caribbean')?.inContact, 1);
      assert.equal(group('asia_pacific')?.inContact, 1);
      assert.equal(group('latin_american_caribbean')?.shareInContact, 0.5);
      assert.equal(group('african')?.memberStates, 54);
      assert.equal(group('african')?.underRepresented, true, 'Kenya is outside the 6 months: no African state in contact');
      assert.equal(group('latin_american_caribbean')?.underRepresented, false);
      const african = await coverage(6, 'african');
      assert.equal(african.states.length, 54);
      assert.deepEqual(
        african.gaps.map((s) => s.code),
        ['KE'],
      );
      assert.equal(african.groups.length, 5, 'the groups table always compares all five');
    });

    test('changing an engagement moves its member states on the map; the dossier reads the same last contact', async () => {
      await updateEngagement(t.deps, owner, ids.kenya as number, { startDate: '2026-09-01', endDate: null });
      assert.equal((await state('KE'))?.contactClass, 'within3');
      assert.equal((await memberStateDossier(t.deps, owner, 'KE', { notes: false })).lastContact, '2026-09-01');
      await updateEngagement(t.deps, owner, ids.kenya as number, { status: 'cancelled' });
      assert.equal((await state('KE'))?.lastContact, null);
      assert.equal((await memberStateDossier(t.deps, owner, 'KE', { notes: false })).lastContact, null);
      await updateEngagement(t.deps, owner, ids.germany as number, { status: 'done', startDate: '2026-10-19', memberStates: ['DE', 'KE'] });
      assert.equal((await state('DE'))?.lastContact, '2026-10-19');
      assert.equal((await state('KE'))?.lastContact, '2026-10-19', 'a member state added to an engagement gets its contact');
    });

    test('the page: the map coloured by last contact, the gaps and the sortable table, for viewers, in six languages', async () => {
      await member('haruto@mission-jp.example', 'JP');
      const page = await viewer.get('/en/admin/engagements/map?months=6');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<svg class="world-map__svg"[^>]*role="img"/);
      assert.match(page.body, /data-code="BR" data-class="within3"/);
      assert.match(page.body, /data-code="FR" data-class="never"/);
      assert.match(page.body, /<title>Brazil: last contact 2 October 2026; 2 members<\/title>/);
      assert.match(page.body, /Gaps: members but no contact in 6 months/);
      const gaps = /<caption>[^<]*with members and no contact[\s\S]*?<\/table>/.exec(page.body)?.[0] ?? '';
      assert.ok(gaps.includes('Japan'), 'Japan (members, never in contact) is a gap');
      assert.ok(!gaps.includes('Brazil'));
      const sorted = await viewer.get('/en/admin/engagements/map?sort=members');
      const table = /id="coverage-table"[\s\S]*<\/table>/.exec(sorted.body)?.[0] ?? '';
      assert.ok(table.indexOf('>Brazil<') < table.indexOf('>Germany<'), 'most members first');
      assert.ok(table.indexOf('>Germany<') < table.indexOf('>Afghanistan<'));
      assert.match(table, /aria-sort="descending"/);
      const african = await viewer.get('/en/admin/engagements/map?regionalGroup=african');
      assert.match(african.body, /data-code="KE" data-class=/);
      assert.doesNotMatch(african.body, /data-code="BR" data-class=/, 'other groups are drawn but not coloured');
      for (const locale of locales) {
        const localised = await viewer.get(`/${locale}/admin/engagements/map?months=bogus&regionalGroup=nowhere`);
        assert.equal(localised.statusCode, 200, locale);
        const missing = translator(locale)('message.missing');
        assert.ok(!localised.body.includes(missing), `${locale}: every text is translated`);
        assert.doesNotMatch(localised.body, /\{count|\{months/, locale);
      }
      assert.match((await viewer.get('/ar/admin/engagements/map')).body, /<html[^>]*dir="rtl"/);
    });
  });

  test(`migration 0023 gives engagements recorded before it their contact days, and goes down (${dialect})`, async () => {
    const database = await createTestDatabase(dialect, { migrate: false });
    try {
      const db = database.handle.db;
      const migrator = new Migrator({ db, provider: { getMigrations: async (): Promise<Record<string, Migration>> => migrations } });
      assert.equal((await migrator.migrateTo('0018-engagements')).error, undefined);
      const network = await db
        .insertInto('networks' as never)
        .values({ slug: 'n', name: '{}', purpose: '{}', join_call: '{}', default_locale: 'en', created_at: '2026-01-01' } as never)
        .returning('id' as never)
        .executeTakeFirstOrThrow();
      const networkId = (network as { id: number }).id;
      const row = (kind: string, status: string, start: string, end: string | null, ongoing: number) => ({
        network_id: networkId,
        kind,
        title: kind,
        start_date: start,
        end_date: end,
        ongoing,
        status,
        confidentiality: 'internal',
        created_by: 'test',
        created_at: '2026-01-01',
        updated_at: '2026-01-01',
      });
      const inserted = await db
        .insertInto('engagements')
        .values([
          row('done', 'done', '2025-05-01', '2025-05-03', 0),
          row('ongoing', 'ongoing', '2025-01-01', null, 1),
          row('planned', 'planned', '2027-01-01', null, 0),
        ] as never)
        .returning(['id', 'title'])
        .execute();
      await db
        .insertInto('engagement_member_states')
        .values(inserted.map((e) => ({ engagement_id: e.id, member_state: 'BR' })) as never)
        .execute();
      await migrator.migrateToLatest();
      const rows = await db
        .selectFrom('engagement_member_states as s')
        .innerJoin('engagements as e', 'e.id', 's.engagement_id')
        .select(['e.title', 's.network_id', 's.contact_from', 's.contact_to'])
        .orderBy('e.id')
        .execute();
      assert.deepEqual(rows, [
        { title: 'done', network_id: networkId, contact_from: '2025-05-01', contact_to: '2025-05-03' },
        { title: 'ongoing', network_id: networkId, contact_from: '2025-01-01', contact_to: '9999-12-31' },
        { title: 'planned', network_id: networkId, contact_from: null, contact_to: null },
      ]);
      // Down to before 0023 (through any later migration), one step at a time.
      for (let undone = ''; undone !== '0023-engagement-calendar'; ) {
        const down = await migrator.migrateDown();
        assert.equal(down.error, undefined);
        undone = down.results?.[0]?.migrationName ?? '0023-engagement-calendar';
      }
      const columns = await db.selectFrom('engagement_member_states').selectAll().execute();
      assert.deepEqual(Object.keys(columns[0] ?? {}).sort(), ['engagement_id', 'member_state']);
    } finally {
      await database.drop();
    }
  });
}
