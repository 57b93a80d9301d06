import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { isAppError } from '../../errors/app-error.ts';
import { cliActor } from '../audit/audit.service.ts';
import { createEvent, getEvent, listEvents, updateEvent } from './event.service.ts';
import { eventTimes, wallClockIn } from './event-time.ts';

const webinar = {
  kind: 'webinar',
  title: { en: 'Webinar on the Zero Draft', ar: 'ندوة عبر الإنترنت بشأن المسودة الأولى', zh: '关于零号草案的网络研讨会' },
  description: { en: 'The **Zero Draft** of the outcome document.' },
  startsAt: '2027-01-14T14:00:00Z',
  endsAt: '2027-01-14T15:30:00Z',
  timeZone: 'Europe/Zurich',
  capacity: 100,
  visibility: 'public',
  status: 'published',
};

for (const dialect of dialects) {
  describe(`events on ${dialect}`, () => {
    let t: TestApp;
    const count = async () =>
      Number(
        (
          await t.deps.db
            .selectFrom('events')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    before(async () => {
      t = await createTestApp(dialect);
      t.clock.set(new Date('2026-12-01T09:00:00Z'));
    });
    after(() => t.close());

    test('an event is stored with its texts per locale, instants in UTC and its zone, and the creation is audited', async () => {
      const row = await createEvent(t.deps, cliActor, { ...webinar, startsAt: '2027-01-14T15:00:00+01:00' });
      assert.equal(row.starts_at, '2027-01-14T14:00:00.000Z');
      assert.equal(row.time_zone, 'Europe/Zurich');
      assert.deepEqual(JSON.parse(row.title), webinar.title);
      assert.equal(row.sequence, 0);
      const { counts } = await getEvent(t.deps, row.id);
      assert.deepEqual(counts, { confirmed: 0, waitlisted: 0, pending_approval: 0, cancelled: 0, attended: 0, no_show: 0 });
      const audit = await t.deps.db.selectFrom('audit_events').selectAll().where('action', '=', 'event.create').execute();
      assert.equal(audit.length, 1);
      assert.equal(audit[0]?.subject, `event:${row.id}`);
    });

    test('bad input is refused with its own code, and nothing is stored', async () => {
      const before = await count();
      const refusals: [Record<string, unknown>, string][] = [
        [{ endsAt: '2027-01-14T13:00:00Z' }, 'event_time_range'],
        [{ endsAt: webinar.startsAt }, 'event_time_range'],
        [{ timeZone: 'Mars/Olympus_Mons' }, 'event_unknown_time_zone'],
        [{ timeZone: '+01:00' }, 'event_unknown_time_zone'],
        [{ capacity: -5 }, 'event_capacity_negative'],
        [{ capacity: 2.5 }, 'invalid_input'],
        [{ title: { en: '   ' } }, 'event_title_required'],
        [{ title: { xx: 'Unknown language' } }, 'invalid_input'],
        [{ onlineUrl: 'javascript:alert(1)' }, 'invalid_input'],
        [{ startsAt: '14 January 2027' }, 'invalid_input'],
        [{ registrationOpensAt: '2027-01-10T00:00:00Z', registrationClosesAt: '2027-01-09T00:00:00Z' }, 'event_registration_window'],
        [{ status: 'postponed' }, 'invalid_input'],
        [{ visibility: 'secret' }, 'invalid_input'],
        [{ colour: 'blue' }, 'invalid_input'],
      ];
      for (const [change, code] of refusals) {
        await assert.rejects(
          createEvent(t.deps, cliActor, { ...webinar, ...change }),
          (e) => isAppError(e) && e.code === code,
          `${JSON.stringify(change)} → ${code}`,
        );
      }
      assert.equal(await count(), before);
    });

    test('moving the event or cancelling it raises the calendar SEQUENCE; a new title does not; a no-op changes nothing', async () => {
      const row = await createEvent(t.deps, cliActor, webinar);
      const renamed = await updateEvent(t.deps, cliActor, row.id, { title: { en: 'Webinar on the Zero Draft (updated)' } });
      assert.equal(renamed.after.sequence, 0);
      assert.deepEqual(JSON.parse(renamed.after.title), { en: 'Webinar on the Zero Draft (updated)' });
      const moved = await updateEvent(t.deps, cliActor, row.id, { startsAt: '2027-01-15T14:00:00Z', endsAt: '2027-01-15T15:30:00Z' });
      assert.equal(moved.after.sequence, 1);
      const same = await updateEvent(t.deps, cliActor, row.id, { startsAt: '2027-01-15T14:00:00Z' });
      assert.equal(same.after.updated_at, moved.after.updated_at);
      const cancelled = await updateEvent(t.deps, cliActor, row.id, { status: 'cancelled' });
      assert.equal(cancelled.after.sequence, 2);
      await assert.rejects(updateEvent(t.deps, cliActor, row.id, { endsAt: '2027-01-15T13:00:00Z' }), (e) => isAppError(e, 'event_time_range'));
      const updates = await t.deps.db
        .selectFrom('audit_events')
        .select('details')
        .where('action', '=', 'event.update')
        .where('subject', '=', `event:${row.id}`)
        .execute();
      assert.equal(updates.length, 3, 'the no-op and the refused change are not in the log');
    });

    test('upcoming events soonest first, past ones latest first', async () => {
      const old = await createEvent(t.deps, cliActor, { ...webinar, startsAt: '2026-10-01T14:00:00Z', endsAt: '2026-10-01T15:00:00Z', status: 'held' });
      const upcoming = (await listEvents(t.deps, 'upcoming')).map((e) => e.row.starts_at);
      assert.deepEqual(upcoming, [...upcoming].sort());
      const past = await listEvents(t.deps, 'past');
      assert.ok(past.some((e) => e.row.id === old.id));
      assert.ok(!(await listEvents(t.deps, 'upcoming')).some((e) => e.row.id === old.id));
    });
  });
}

test('times across a daylight-saving change: planned in Geneva, read in New York before and after the clocks move', () => {
  // 29 March 2027: Geneva is on summer time (UTC+2) since 28 March; New York since 14 March (UTC−4).
  const spring = eventTimes('en', '2027-03-29T13:00:00.000Z', 'Europe/Zurich', 'America/New_York');
  assert.match(spring.event, /Monday, 29 March 2027, 15:00/);
  assert.match(spring.reader ?? '', /09:00/);
  // 20 March 2027: New York has moved (UTC−4), Geneva not yet (UTC+1): five hours apart, not six.
  const between = eventTimes('en', '2027-03-20T14:00:00.000Z', 'Europe/Zurich', 'America/New_York');
  assert.match(between.event, /15:00/);
  assert.match(between.reader ?? '', /10:00/);
  assert.equal(wallClockIn('2027-10-31T01:30:00.000Z', 'Europe/Zurich'), '2027-10-31T02:30');
  assert.equal(eventTimes('ar', '2027-01-14T14:00:00.000Z', 'Europe/Zurich', 'Europe/Zurich').reader, null, 'the same zone is said once');
});
