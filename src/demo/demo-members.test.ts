import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, dialects, type TestDatabase } from '../../test/dialects.ts';
import { manualClock } from '../clock.ts';
import type { MemberRow } from '../domains/members/member.table.ts';
import { memberStates, regionalGroups } from '../domains/members/member-states.data.ts';
import { findCurrentNetwork } from '../domains/site/site.repository.ts';
import { demoSourceTags, seedDemoMembers } from './demo-members.ts';
import { seedDemoNetwork } from './demo-network.ts';

const scripts = [
  'Latin',
  'Arabic',
  'Han',
  'Hiragana',
  'Hangul',
  'Cyrillic',
  'Devanagari',
  'Bengali',
  'Thai',
  'Greek',
  'Hebrew',
  'Ethiopic',
  'Georgian',
  'Armenian',
];
const now = new Date('2026-03-01T09:00:00Z');

function tally<T>(items: readonly T[]): Map<T, number> {
  const counts = new Map<T, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return counts;
}

const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1);

/** An address that needs more than ASCII: a non-ASCII local part (no ASCII form) or an IDN domain. */
const isInternationalised = (m: MemberRow) => m.email_ascii === null || domainOf(m.email_ascii) !== domainOf(m.email_display);

async function seededDatabase(dialect: TestDatabase['dialect']) {
  const database = await createTestDatabase(dialect);
  const deps = { db: database.handle.db, clock: manualClock(now) };
  await seedDemoNetwork(deps);
  const network = await findCurrentNetwork(deps.db);
  assert.ok(network);
  const inserted = await seedDemoMembers(deps, network.id);
  const members = await deps.db.selectFrom('members').selectAll().where('network_id', '=', network.id).orderBy('id').execute();
  return { database, deps, networkId: network.id, inserted, members };
}

for (const dialect of dialects) {
  describe(`demo members on ${dialect}`, () => {
    let seeded: Awaited<ReturnType<typeof seededDatabase>>;
    before(async () => {
      seeded = await seededDatabase(dialect);
    });
    after(async () => {
      await seeded.database.drop();
    });

    test('451 subscribed members with staff consent and a demo_seeded event each', async (t) => {
      const { members, inserted, deps } = seeded;
      assert.equal(inserted, 451);
      assert.equal(members.length, 451);
      t.diagnostic(`members: ${members.length}`);
      for (const m of members) {
        assert.equal(m.status, 'subscribed');
        assert.equal(m.consent_method, 'staff');
        assert.equal(m.consent_basis, 'Synthetic demo data');
        assert.equal(m.consent_version, 'demo');
        assert.equal(m.consent_at, m.created_at);
        assert.equal(m.status_at, m.created_at);
      }
      const events = await deps.db.selectFrom('member_events').selectAll().where('kind', '=', 'demo_seeded').execute();
      assert.equal(events.length, 451);
      assert.deepEqual(new Set(events.map((e) => e.member_id)), new Set(members.map((m) => m.id)));
      assert.ok(events.every((e) => e.actor_label === 'demo' && e.to_status === 'subscribed'));
    });

    test('78 distinct UN Member States, spread evenly over the five regional groups', (t) => {
      const { members } = seeded;
      const states = new Set(members.map((m) => m.member_state));
      assert.equal(states.size, 78);
      const unMembers = new Set(memberStates.filter((s) => s.status === 'member').map((s) => s.code));
      assert.ok([...states].every((code) => code && unMembers.has(code)));
      assert.ok(members.every((m) => m.un_status === 'member'));
      const perGroup = tally(members.map((m) => m.regional_group));
      const statesPerGroup = tally([...new Map(members.map((m) => [m.member_state, m.regional_group])).values()]);
      for (const group of regionalGroups) {
        const count = perGroup.get(group) ?? 0;
        assert.ok(count >= 90 && count <= 91, `${group}: ${count}`);
        assert.ok((statesPerGroup.get(group) ?? 0) >= 15, `${group} states: ${statesPerGroup.get(group)}`);
      }
      const entropy = -[...perGroup.values()].reduce((sum, n) => sum + (n / members.length) * Math.log(n / members.length), 0);
      const evenness = entropy / Math.log(regionalGroups.length);
      assert.ok(evenness >= 0.999, `evenness ${evenness}`);
      t.diagnostic(`member states: ${states.size}`);
      t.diagnostic(`members per group: ${regionalGroups.map((g) => `${g} ${perGroup.get(g)}`).join(', ')}`);
      t.diagnostic(`states per group: ${regionalGroups.map((g) => `${g} ${statesPerGroup.get(g)}`).join(', ')}`);
      t.diagnostic(`evenness: ${evenness.toFixed(6)}`);
    });

    test('names in many scripts', (t) => {
      const seen = scripts.map((script) => [script, seeded.members.filter((m) => new RegExp(`\\p{Script=${script}}`, 'u').test(m.name)).length] as const);
      const present = seen.filter(([, n]) => n > 0);
      assert.ok(present.length >= 8, `scripts: ${present.map(([s]) => s).join(', ')}`);
      t.diagnostic(`scripts (${present.length}): ${present.map(([s, n]) => `${s} ${n}`).join(', ')}`);
    });

    test('unique, valid addresses at reserved domains, about one in ten internationalised', (t) => {
      const { members } = seeded;
      assert.equal(new Set(members.map((m) => m.email_key)).size, members.length);
      const reserved = /(\.example|\.example\.org|\.测试|\.испытание|\.परीक्षा|\.δοκιμή|\.إختبار|\.آزمایشی|\.テスト|\.테스트|\.טעסט|\.பரிட்சை)$/u;
      for (const m of members) assert.match(domainOf(m.email_display), reserved, m.email_display);
      const internationalised = members.filter(isInternationalised);
      const withoutAscii = internationalised.filter((m) => m.email_ascii === null);
      assert.ok(internationalised.length >= 30, `internationalised: ${internationalised.length}`);
      assert.ok(internationalised.length <= 70, `internationalised: ${internationalised.length}`);
      assert.ok(withoutAscii.length > 0 && withoutAscii.length < internationalised.length);
      t.diagnostic(`internationalised addresses: ${internationalised.length} (${withoutAscii.length} with no ASCII form)`);
    });

    test('all six languages, varied stakeholder groups and sources, joins spread over 18 months', (t) => {
      const { members } = seeded;
      const languages = tally(members.map((m) => m.language));
      assert.deepEqual(new Set(languages.keys()), new Set(['ar', 'en', 'es', 'fr', 'ru', 'zh']));
      const groups = tally(members.map((m) => m.stakeholder_group));
      assert.equal(groups.size, 6);
      const government = (groups.get('government') ?? 0) / members.length;
      assert.ok(government >= 0.35 && government <= 0.45, `government ${government}`);
      const sources = tally(members.map((m) => m.source));
      assert.ok([...sources.keys()].every((s) => s === null || (demoSourceTags as readonly string[]).includes(s)));
      assert.equal(sources.size, demoSourceTags.length + 1);
      const earliest = new Date(now.getTime() - 548 * 86_400_000).toISOString();
      assert.ok(members.every((m) => m.created_at >= earliest && m.created_at < now.toISOString()));
      const months = tally(members.map((m) => m.created_at.slice(0, 7)));
      assert.ok(months.size >= 15, `months: ${months.size}`);
      t.diagnostic(`languages: ${[...languages].map(([k, n]) => `${k} ${n}`).join(', ')}`);
      t.diagnostic(`stakeholder groups: ${[...groups].map(([k, n]) => `${k} ${n}`).join(', ')}`);
      t.diagnostic(`sources: ${[...sources].map(([k, n]) => `${k ?? 'none'} ${n}`).join(', ')}`);
      t.diagnostic(`months with joins: ${months.size}`);
    });

    test('a second call inserts nothing', async () => {
      const { deps, networkId } = seeded;
      assert.equal(await seedDemoMembers(deps, networkId), 0);
      const row = await deps.db
        .selectFrom('members')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(row.n), 451);
    });

    test('every demo looks the same', async () => {
      const again = await seededDatabase(dialect);
      try {
        const summary = (rows: MemberRow[]) => rows.map((m) => [m.name, m.email_display, m.member_state, m.organisation, m.created_at].join('|'));
        assert.deepEqual(summary(again.members), summary(seeded.members));
      } finally {
        await again.database.drop();
      }
    });
  });
}
