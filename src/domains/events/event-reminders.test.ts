import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { simpleParser } from 'mailparser';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { cliActor } from '../audit/audit.service.ts';
import { changeEvent, planEvent, registerFromForm } from './event-registration.service.ts';
import { reminderJobName } from './event-reminders.ts';

for (const dialect of dialects) {
  describe(`reminders and attendance on ${dialect}`, () => {
    let t: TestApp;
    const reminders = async (address: string) => {
      const rows = await t.deps.db
        .selectFrom('captured_mail')
        .select('raw')
        .where('envelope_to', '=', address)
        .where('subject', 'like', '%Напоминание%')
        .orderBy('id')
        .execute();
      return Promise.all(rows.map((r) => simpleParser(r.raw)));
    };
    before(async () => {
      t = await createTestApp(dialect);
      t.clock.set(new Date('2026-12-01T09:00:00Z'));
    });
    after(() => t.close());

    test('reminders go to confirmed registrants once each, in their language and zone, and follow the event when it moves', async () => {
      const event = await planEvent(t.deps, cliActor, {
        kind: 'webinar',
        title: { en: 'Webinar on the Zero Draft', ru: 'Вебинар о нулевом проекте' },
        startsAt: '2027-01-14T14:00:00Z',
        endsAt: '2027-01-14T15:30:00Z',
        timeZone: 'Europe/Zurich',
        onlineUrl: 'https://meet.example.org/zero-draft',
        capacity: 1,
        visibility: 'public',
        status: 'published',
      });
      await registerFromForm(
        t.deps,
        event.id,
        { email: 'irina@example.org', name: 'Ирина Петрова', memberState: 'RU', locale: 'ru', timeZone: 'Europe/Moscow' },
        null,
      );
      await registerFromForm(t.deps, event.id, { email: 'waiting@example.org', name: 'Wait Ing', locale: 'ru' }, null);
      await t.runJobs();

      t.clock.set(new Date('2027-01-13T14:00:01Z'));
      await t.runJobs();
      const [first] = await reminders('irina@example.org');
      assert.equal(first?.subject, 'Напоминание: Вебинар о нулевом проекте');
      assert.match(first?.text ?? '', /начнётся через 1 день/);
      assert.match(first?.text ?? '', /По вашему времени: четверг, 14 января 2027 года, 17:00/);
      assert.match(first?.text ?? '', /meet\.example\.org\/zero-draft/);
      assert.equal((await reminders('waiting@example.org')).length, 0, 'the waitlist is not reminded');

      // The same job again (a worker that died after sending) sends nothing more.
      await t.deps.queue.enqueue(reminderJobName, { eventId: event.id, offsetMinutes: 1440, startsAt: event.starts_at });
      await t.runJobs();
      assert.equal((await reminders('irina@example.org')).length, 1);

      // Moved a week on: the old one-hour reminder does nothing, the new start's reminders are due in their time.
      await changeEvent(t.deps, cliActor, event.id, { startsAt: '2027-01-21T14:00:00Z', endsAt: '2027-01-21T15:30:00Z' });
      t.clock.set(new Date('2027-01-14T13:00:01Z'));
      await t.runJobs();
      assert.equal((await reminders('irina@example.org')).length, 1);
      t.clock.set(new Date('2027-01-21T13:00:01Z'));
      await t.runJobs();
      const all = await reminders('irina@example.org');
      assert.equal(all.length, 3, 'a day and an hour before the new start');
      assert.match(all[2]?.text ?? '', /начнётся через 1 час/);
      assert.match(all[2]?.text ?? '', /21 января 2027 года, 17:00/);
    });

    test('staff mark attendance (editors only, confirmed registrants only) and read it by regional group and member state', async () => {
      t.clock.set(new Date('2026-12-01T09:00:00Z'));
      const event = await planEvent(t.deps, cliActor, {
        kind: 'briefing',
        title: { en: 'Briefing for diplomats' },
        startsAt: '2027-02-01T15:00:00Z',
        endsAt: '2027-02-01T16:00:00Z',
        timeZone: 'America/New_York',
        capacity: 3,
        visibility: 'public',
        status: 'published',
      });
      const people = [
        ['kenya@example.org', 'KE'],
        ['nigeria@example.org', 'NG'],
        ['brazil@example.org', 'BR'],
        ['late@example.org', 'FR'],
      ] as const;
      const ids: number[] = [];
      for (const [email, memberState] of people)
        ids.push((await registerFromForm(t.deps, event.id, { email, name: email, memberState, locale: 'en' }, null)).registration.id);
      const editor = await t.signedInClient('editor');
      const viewer = await t.signedInClient('viewer');
      const page = `/en/admin/events/${event.id}`;
      const mark = (client: typeof editor, id: number, attended: string) =>
        client.post(`${page}/registrations/${id}/attendance`, { attended }, { csrfFrom: page });
      assert.equal((await mark(editor, ids[0] as number, 'yes')).statusCode, 303);
      assert.equal((await mark(editor, ids[2] as number, 'yes')).statusCode, 303);
      assert.equal((await mark(editor, ids[2] as number, 'no')).statusCode, 303);
      assert.equal((await mark(viewer, ids[1] as number, 'yes')).statusCode, 403);
      assert.equal((await mark(editor, ids[3] as number, 'yes')).statusCode, 400, 'a waitlisted registrant did not have a place');
      const html = (await viewer.get(page)).body;
      const row = (group: string, state: string) => new RegExp(`<td>${group}</td><td>${state}</td><td>(\\d+)</td><td>(\\d+)</td>`).exec(html)?.slice(1);
      assert.deepEqual(row('African Group', 'Kenya'), ['1', '1']);
      assert.deepEqual(row('African Group', 'Nigeria'), ['1', '0']);
      assert.deepEqual(row('Latin American and Caribbean Group', 'Brazil'), ['1', '0']);
      const audit = await t.deps.db.selectFrom('audit_events').select('action').where('action', '=', 'event.attendance').execute();
      assert.equal(audit.length, 3);
    });
  });
}
