import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialects } from '../../test/dialects.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import type { BriefingFigures } from '../domains/reports/briefing.service.ts';
import { briefingSections } from '../domains/reports/briefing.table.ts';
import { requireNetwork } from '../domains/site/site.service.ts';
import { seedDemoBriefings } from './demo-briefings.ts';
import { seedDemoEvents } from './demo-events.ts';
import { seedDemoMembers } from './demo-members.ts';

const day = (date: Date) => date.toISOString().slice(0, 10);

for (const dialect of dialects) {
  describe(`the demo network's briefings on ${dialect}`, () => {
    let t: TestApp;
    let now: Date;

    before(async () => {
      // The demo is seeded as `plenary demo` does it: network (with its register), members and engagements, events, briefings.
      t = await createTestApp(dialect);
      now = t.clock.now();
      const network = await requireNetwork(t.deps);
      await seedDemoMembers(t.deps, network.id);
      await seedDemoEvents(t.deps, network.id);
      assert.equal(await seedDemoBriefings(t.deps, network.id), 2);
    });
    after(() => t.close());

    const rows = () => t.deps.db.selectFrom('briefings').selectAll().orderBy('period_from').execute();

    test('two published briefings for the last two full calendar months, published a month apart', async () => {
      const [earlier, later, ...more] = await rows();
      assert.ok(earlier && later);
      assert.equal(more.length, 0);
      const y = now.getUTCFullYear();
      const m = now.getUTCMonth();
      assert.deepEqual(
        [earlier.period_kind, earlier.period_from, earlier.period_to, earlier.status],
        ['last_month', day(new Date(Date.UTC(y, m - 2, 1))), day(new Date(Date.UTC(y, m - 1, 0))), 'published'],
      );
      assert.deepEqual(
        [later.period_kind, later.period_from, later.period_to, later.status],
        ['last_month', day(new Date(Date.UTC(y, m - 1, 1))), day(new Date(Date.UTC(y, m, 0))), 'published'],
      );
      const gapDays = (Date.parse(later.published_at ?? '') - Date.parse(earlier.published_at ?? '')) / 86_400_000;
      assert.ok(gapDays >= 28 && gapDays <= 31, `published ${gapDays} days apart`);
      assert.ok((later.published_at ?? '') <= now.toISOString());
      assert.equal(earlier.published_by, 'demo');
      const audit = await t.deps.db.selectFrom('audit_events').select('subject').where('action', '=', 'briefing.publish').orderBy('id').execute();
      assert.deepEqual(
        audit.map((a) => a.subject),
        [`briefing:${earlier.id}`, `briefing:${later.id}`],
      );
    });

    test('their snapshots are real figures, and the later one counts its change from the earlier', async () => {
      const [earlier, later] = await rows();
      const first = JSON.parse(earlier?.snapshot ?? 'null') as BriefingFigures;
      const second = JSON.parse(later?.snapshot ?? 'null') as BriefingFigures;
      assert.ok(first.picture.members > 100 && first.picture.memberStates > 50, JSON.stringify(first.picture));
      assert.ok(second.picture.members >= first.picture.members);
      assert.equal(second.picture.change.since, 'previous');
      assert.equal(second.picture.change.previous?.id, earlier?.id);
      assert.equal(second.picture.change.members, second.picture.members - first.picture.members);
      assert.equal(second.picture.change.memberStates, second.picture.memberStates - first.picture.memberStates);
      assert.equal(first.picture.change.since, 'period_start');
      assert.ok(second.growth.joined > 0, 'members joined during the month');
      // The register as it stood: nothing moved in the earlier month; Internet fragmentation was raised in the later.
      assert.equal(first.register.length, 4);
      assert.deepEqual(
        first.register.filter((i) => i.moved).map((i) => i.statement.en),
        [],
      );
      const moved = second.register.filter((i) => i.moved);
      assert.deepEqual(
        moved.map((i) => [i.statement.en, i.before?.likelihood, i.likelihood, i.before?.trend, i.trend]),
        [['Internet fragmentation.', 2, 3, 'steady', 'rising']],
      );
    });

    test('each has a narrative for every section in English, French and Arabic, and reads on its page', async () => {
      const [earlier, later] = await rows();
      for (const row of [earlier, later]) {
        const narrative = JSON.parse(row?.narrative ?? '{}') as Record<string, Record<string, string>>;
        for (const section of briefingSections) {
          assert.deepEqual(Object.keys(narrative[section] ?? {}).sort(), ['ar', 'en', 'fr'], `${row?.id} ${section}`);
        }
      }
      const viewer = await t.signedInClient('viewer');
      const page = await viewer.get(`/en/admin/reports/briefings/${later?.id}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Internet fragmentation/);
      const fr = await viewer.get(`/fr/admin/reports/briefings/${earlier?.id}`);
      assert.match(fr.body, /Le réseau est notre principal canal/);
    });

    test('seeding again adds nothing', async () => {
      assert.equal(await seedDemoBriefings(t.deps, (await requireNetwork(t.deps)).id), 0);
      assert.equal((await rows()).length, 2);
    });
  });
}
