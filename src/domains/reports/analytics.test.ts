import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { isAppError } from '../../errors/app-error.ts';
import { cliActor } from '../audit/audit.service.ts';
import { addMember, unsubscribe } from '../members/member.service.ts';
import { requireNetwork } from '../site/site.service.ts';
import { analyticsPeriod, announcementReach, maxPoints, memberAnalytics, pointStart } from './analytics.service.ts';
import { evennessIndexOf, unMemberStatesByGroup } from './evenness-index.ts';

const un = { african: 54, asia_pacific: 54, eastern_european: 23, latin_american_caribbean: 33, western_european_others: 29 };
/** 1 − ½ Σ |p − q|, written out independently of the code under test. */
function expectedIndex(network: typeof un): number {
  const total = Object.values(network).reduce((a, b) => a + b, 0);
  let distance = 0;
  for (const g of Object.keys(un) as (keyof typeof un)[]) distance += Math.abs(network[g] / total - un[g] / 193) / 2;
  return Math.round((1 - distance) * 1000) / 1000;
}

describe('the evenness index', () => {
  test('the UN composition comes from the data file: 54, 54, 23, 33, 29 = 193', () => {
    assert.deepEqual({ ...unMemberStatesByGroup }, un);
  });
  test('is 1 for a network spread like the UN, lower the less it is, 0 without member states', () => {
    assert.equal(evennessIndexOf(un).index, 1);
    assert.equal(
      evennessIndexOf({ african: 108, asia_pacific: 108, eastern_european: 46, latin_american_caribbean: 66, western_european_others: 58 }).index,
      1,
    );
    const allAfrican = { african: 10, asia_pacific: 0, eastern_european: 0, latin_american_caribbean: 0, western_european_others: 0 };
    assert.equal(evennessIndexOf(allAfrican).index, expectedIndex(allAfrican));
    assert.equal(evennessIndexOf(allAfrican).index, 0.28);
    const equal = { african: 5, asia_pacific: 5, eastern_european: 5, latin_american_caribbean: 5, western_european_others: 5 };
    assert.equal(evennessIndexOf(equal).index, expectedIndex(equal));
    assert.ok(evennessIndexOf(equal).index < 1 && evennessIndexOf(equal).index > evennessIndexOf(allAfrican).index);
    const none = { african: 0, asia_pacific: 0, eastern_european: 0, latin_american_caribbean: 0, western_european_others: 0 };
    assert.equal(evennessIndexOf(none).index, 0);
    assert.equal(evennessIndexOf(allAfrican).byRegionalGroup.african.share, 1);
    assert.equal(evennessIndexOf(allAfrican).byRegionalGroup.african.unShare, 0.2798);
  });
});

describe('analytics periods', () => {
  const now = new Date('2026-11-15T12:00:00Z');
  test('weeks start on Monday, months on the first', () => {
    assert.equal(pointStart(new Date('2026-10-01T10:00:00Z'), 'week').toISOString().slice(0, 10), '2026-09-28');
    assert.equal(pointStart(new Date('2026-09-28T00:00:00Z'), 'week').toISOString().slice(0, 10), '2026-09-28');
    assert.equal(pointStart(new Date('2026-10-04T23:59:00Z'), 'week').toISOString().slice(0, 10), '2026-09-28');
    assert.equal(pointStart(new Date('2026-10-31T23:00:00Z'), 'month').toISOString().slice(0, 10), '2026-10-01');
  });
  test('defaults: the last 12 months up to today', () => {
    assert.deepEqual(analyticsPeriod({}, now), { interval: 'month', from: '2025-12-01', to: '2026-11-15', by: null });
    assert.deepEqual(analyticsPeriod({ interval: 'day' }, now), { interval: 'day', from: '2026-10-17', to: '2026-11-15', by: null });
  });
  test('a period that ends before it starts, or has too many points, is refused', () => {
    assert.throws(
      () => analyticsPeriod({ from: '2026-11-02', to: '2026-11-01' }, now),
      (e: unknown) => isAppError(e, 'report_period_range'),
    );
    assert.throws(
      () => analyticsPeriod({ interval: 'day', from: '2020-01-01', to: '2026-11-01' }, now),
      (e: unknown) => isAppError(e, 'report_period_too_long') && e.details.max === maxPoints,
    );
    assert.equal(analyticsPeriod({ interval: 'month', from: '2020-01-01', to: '2026-11-01' }, now).from, '2020-01-01');
  });
});

for (const dialect of dialects) {
  describe(`growth and reach analytics on ${dialect}`, () => {
    let t: TestApp;
    let networkId: number;
    const ids: Record<string, number> = {};
    const add = async (key: string, at: string, fields: Record<string, string>, status: 'pending' | 'subscribed' = 'subscribed') => {
      t.clock.set(new Date(at));
      const member = await addMember(t.deps, cliActor, { email: `${key}@example.org`, name: key, ...fields }, { status, basis: 'Met at the CSTD' });
      ids[key] = member.id;
    };

    before(async () => {
      t = await createTestApp(dialect);
      networkId = (await requireNetwork(t.deps)).id;
      await add('kenya1', '2026-08-10T09:00:00Z', { memberState: 'KE', stakeholderGroup: 'government', language: 'en', source: 'hlgm-2024' });
      await add('france', '2026-08-20T09:00:00Z', { memberState: 'FR', stakeholderGroup: 'academia', language: 'fr' });
      await add('brazil', '2026-09-05T09:00:00Z', { memberState: 'BR', stakeholderGroup: 'government', language: 'es' });
      await add('kenya2', '2026-09-15T09:00:00Z', { memberState: 'KE', stakeholderGroup: 'civil_society', language: 'en', source: 'hlgm-2024' });
      // A sent announcement: delivered to two, bounced for one; the French member unsubscribes after it.
      const at = '2026-09-20T09:00:00.000Z';
      const announcement = await t.deps.db
        .insertInto('announcements')
        .values({
          network_id: networkId,
          subject: 'WSIS+20: the zero draft',
          markdown: 'Hello {{name}}',
          default_locale: 'en',
          variants: '{}',
          audience: null,
          in_archive: 1,
          status: 'sent',
          scheduled_at: null,
          total: 3,
          created_by: 'test',
          created_at: at,
          updated_at: at,
          started_at: at,
          finished_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const [key, state] of [
        ['kenya1', 'sent'],
        ['france', 'sent'],
        ['brazil', 'bounced'],
      ] as const) {
        await t.deps.db
          .insertInto('deliveries')
          .values({
            announcement_id: announcement.id,
            member_id: ids[key] as number,
            state,
            attempts: 1,
            next_attempt_at: at,
            locked_by: null,
            locked_until: null,
            last_reply: null,
            message_id: null,
            created_at: at,
            updated_at: at,
            sent_at: at,
          })
          .execute();
      }
      t.clock.set(new Date('2026-10-02T10:00:00Z'));
      await unsubscribe(t.deps, ids.france as number, 'page');
      await add('china', '2026-10-10T09:00:00Z', { memberState: 'CN', stakeholderGroup: 'academia', language: 'zh' }, 'pending');
      t.clock.set(new Date('2026-11-15T12:00:00Z'));
    });
    after(() => t.close());

    test('members, member states and changes per month, from today’s tallies and the changes since', async () => {
      const period = analyticsPeriod({ interval: 'month', from: '2026-08-01' }, t.clock.now());
      const { series, evenness } = await memberAnalytics(t.deps, networkId, period);
      assert.deepEqual(
        series.map((p) => [p.at, p.until, p.members, p.memberStates, p.joined, p.left]),
        [
          ['2026-08-01', '2026-08-31', 2, 2, 2, 0],
          ['2026-09-01', '2026-09-30', 4, 3, 2, 0],
          ['2026-10-01', '2026-10-31', 3, 2, 0, 1],
          ['2026-11-01', '2026-11-15', 3, 2, 0, 0],
        ],
      );
      // October: Kenya (African) and Brazil (GRULAC).
      const october = { african: 1, asia_pacific: 0, eastern_european: 0, latin_american_caribbean: 1, western_european_others: 0 };
      assert.equal(series[2]?.evennessIndex, expectedIndex(october));
      const september = { ...october, western_european_others: 1 };
      assert.equal(series[1]?.evennessIndex, expectedIndex(september));
      assert.ok((series[1]?.evennessIndex ?? 0) > (series[2]?.evennessIndex ?? 1), 'losing WEOG made the network less even');
      assert.equal(evenness.index, expectedIndex(october));
      assert.equal(evenness.byRegionalGroup.african.memberStates, 1);
    });

    test('by regional group, stakeholder group, language and source', async () => {
      const now = t.clock.now();
      const byGroup = await memberAnalytics(t.deps, networkId, analyticsPeriod({ from: '2026-09-01', to: '2026-10-31', by: 'regional_group' }, now));
      assert.deepEqual(byGroup.series[0]?.byRegionalGroup, {
        african: 2,
        asia_pacific: 0,
        eastern_european: 0,
        latin_american_caribbean: 1,
        western_european_others: 1,
        outside: 0,
      });
      assert.equal(byGroup.series[1]?.byRegionalGroup.western_european_others, 0);
      const byLanguage = await memberAnalytics(t.deps, networkId, analyticsPeriod({ from: '2026-08-01', to: '2026-10-31', by: 'language' }, now));
      assert.deepEqual(byLanguage.series[0]?.breakdown, { en: 1, es: 0, fr: 1 });
      assert.deepEqual(byLanguage.series[2]?.breakdown, { en: 2, es: 1, fr: 0 });
      assert.equal(byLanguage.breakdownValues[0], 'en');
      const bySource = await memberAnalytics(t.deps, networkId, analyticsPeriod({ from: '2026-09-01', to: '2026-09-30', by: 'source' }, now));
      assert.deepEqual(bySource.series[0]?.breakdown, { 'hlgm-2024': 2, none: 2 });
      const byStakeholder = await memberAnalytics(t.deps, networkId, analyticsPeriod({ from: '2026-10-01', to: '2026-10-31', by: 'stakeholder_group' }, now));
      assert.deepEqual(byStakeholder.series[0]?.breakdown, { government: 2, civil_society: 1, academia: 0 });
    });

    test('days and weeks: the day a member left, and weeks from Monday', async () => {
      const now = t.clock.now();
      const days = await memberAnalytics(t.deps, networkId, analyticsPeriod({ interval: 'day', from: '2026-09-30', to: '2026-10-03' }, now));
      assert.deepEqual(
        days.series.map((p) => [p.at, p.members, p.left]),
        [
          ['2026-09-30', 4, 0],
          ['2026-10-01', 4, 0],
          ['2026-10-02', 3, 1],
          ['2026-10-03', 3, 0],
        ],
      );
      const weeks = await memberAnalytics(t.deps, networkId, analyticsPeriod({ interval: 'week', from: '2026-09-01', to: '2026-09-20' }, now));
      assert.deepEqual(
        weeks.series.map((p) => [p.at, p.until, p.members, p.joined]),
        [
          ['2026-08-31', '2026-09-06', 3, 1],
          ['2026-09-07', '2026-09-13', 3, 0],
          ['2026-09-14', '2026-09-20', 4, 1],
        ],
      );
      // From a Sunday: the first week began on Monday, but Brazil's join on Saturday 5 September is before the period.
      const fromSunday = await memberAnalytics(t.deps, networkId, analyticsPeriod({ interval: 'week', from: '2026-09-06', to: '2026-09-20' }, now));
      assert.deepEqual(
        fromSunday.series.map((p) => [p.at, p.members, p.joined]),
        [
          ['2026-08-31', 3, 0],
          ['2026-09-07', 3, 0],
          ['2026-09-14', 4, 1],
        ],
      );
      const future = await memberAnalytics(t.deps, networkId, analyticsPeriod({ interval: 'month', from: '2026-11-01', to: '2027-02-28' }, now));
      assert.deepEqual(
        future.series.map((p) => p.at),
        ['2026-11-01'],
        'no point after today',
      );
    });

    test('announcements: delivered, bounced and unsubscribed after, by the recipients’ regional group', async () => {
      const reach = await announcementReach(t.deps, networkId, '2026-09-01', '2026-09-30');
      const group = (g: string) => reach.byRegionalGroup.find((r) => r.group === g);
      assert.deepEqual(group('african'), { group: 'african', delivered: 1, bounced: 0, failed: 0, unsubscribedAfter: 0 });
      assert.deepEqual(group('western_european_others'), { group: 'western_european_others', delivered: 1, bounced: 0, failed: 0, unsubscribedAfter: 1 });
      assert.deepEqual(group('latin_american_caribbean'), { group: 'latin_american_caribbean', delivered: 0, bounced: 1, failed: 0, unsubscribedAfter: 0 });
      assert.deepEqual(reach.totals, { delivered: 2, bounced: 1, failed: 0, unsubscribedAfter: 1 });
      assert.equal(reach.announcements.length, 1);
      assert.equal(reach.announcements[0]?.subject, 'WSIS+20: the zero draft');
      assert.equal(reach.announcements[0]?.unsubscribedAfter, 1);
      const october = await announcementReach(t.deps, networkId, '2026-10-01', '2026-10-31');
      assert.equal(october.announcements.length, 0);
      assert.equal(october.totals.delivered, 0);
    });
  });
}
