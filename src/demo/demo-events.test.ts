import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTestApp } from '../../test/test-app.ts';
import { findCurrentNetwork } from '../domains/site/site.repository.ts';
import { seedDemoEvents } from './demo-events.ts';
import { seedDemoMembers } from './demo-members.ts';

test('the demo network has past events with attendance, an upcoming webinar and an invite-only briefing for one regional group', async () => {
  const t = await createTestApp('sqlite');
  try {
    t.clock.set(new Date('2026-12-01T09:00:00Z'));
    const network = await findCurrentNetwork(t.deps.db);
    assert.ok(network);
    await seedDemoMembers(t.deps, network.id);
    assert.equal(await seedDemoEvents(t.deps, network.id), 4);
    assert.equal(await seedDemoEvents(t.deps, network.id), 0, 'seeded once');
    const events = await t.deps.db.selectFrom('events').selectAll().orderBy('starts_at').execute();
    assert.deepEqual(
      events.map((e) => [e.status, e.visibility]),
      [
        ['held', 'public'],
        ['held', 'invite_only'],
        ['published', 'public'],
        ['published', 'invite_only'],
      ],
    );
    const upcoming = events[2];
    assert.ok(upcoming && upcoming.starts_at > '2026-12-01');
    // 15:00 in Geneva on a Thursday.
    assert.equal(new Date(upcoming.starts_at).getUTCDay(), 4);
    assert.equal(upcoming.starts_at.slice(11, 16), '14:00');
    const past = await t.deps.db
      .selectFrom('event_registrations')
      .select(['event_id', 'attended', 'regional_group'])
      .where('event_id', '=', events[1]?.id ?? 0)
      .execute();
    assert.ok(past.length > 5);
    assert.ok(past.every((r) => r.regional_group === 'african'));
    assert.ok(past.some((r) => r.attended === 1) && past.some((r) => r.attended === 0));
    const invited = await t.deps.db
      .selectFrom('event_invitations')
      .select('member_id')
      .where('event_id', '=', events[3]?.id ?? 0)
      .execute();
    assert.ok(invited.length > 0);
  } finally {
    await t.close();
  }
});
