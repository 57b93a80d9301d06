import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { simpleParser } from 'mailparser';
import { dialects } from '../../../test/dialects.ts';
import { decodeQrBytes } from '../../../test/qr-code.ts';
import { createTestApp, type TestApp, type TestClient } from '../../../test/test-app.ts';
import { cliActor } from '../audit/audit.service.ts';
import { createEvent } from './event.service.ts';
import { checkInCode, checkInUrl } from './event-check-in.service.ts';
import { cancelLinkPath } from './event-email.tsx';
import { registerByStaff } from './event-registration.service.ts';

const briefing = {
  kind: 'briefing',
  title: { en: 'Briefing for the diplomats of the African Group' },
  startsAt: '2027-02-03T15:00:00Z',
  endsAt: '2027-02-03T16:30:00Z',
  timeZone: 'America/New_York',
  venue: 'Conference Room 4, UN Headquarters, New York',
  capacity: 2,
  visibility: 'public',
  status: 'published',
};

for (const dialect of dialects) {
  describe(`check-in at the door on ${dialect}`, () => {
    let t: TestApp;
    let editor: TestClient;
    before(async () => {
      t = await createTestApp(dialect, { PUBLIC_URL: 'https://plenary.example.org' });
      t.clock.set(new Date('2027-01-20T09:00:00Z'));
      editor = await t.signedInClient('editor');
    });
    after(() => t.close());

    test('a confirmed place at a venue carries a QR code; scanning it or typing a name marks the arrival once; others are refused', async () => {
      const event = await createEvent(t.deps, cliActor, briefing);
      const other = await createEvent(t.deps, cliActor, { ...briefing, title: { en: 'Another briefing' } });
      const place = async (eventId: number, email: string, name: string) => (await registerByStaff(t.deps, cliActor, eventId, { email, name })).registration;
      const ana = await place(event.id, 'ana@example.org', 'Ana Souza');
      const lena = await place(event.id, 'lena@example.org', 'Lena Fischer');
      const omar = await place(event.id, 'omar@example.org', 'Omar Haddad');
      const elsewhere = await place(other.id, 'kofi@example.org', 'Kofi Mensah');
      assert.equal(omar.status, 'waitlisted');

      await t.runJobs();
      const row = await t.deps.db.selectFrom('captured_mail').selectAll().where('envelope_to', '=', 'ana@example.org').executeTakeFirstOrThrow();
      const mail = await simpleParser(row.raw);
      const registrationPage = `/en${cancelLinkPath(t.deps, event, ana.id)}`;
      assert.match(mail.text ?? '', /Show your check-in code at the entrance/);
      assert.ok(String(mail.html).includes(`src="https://plenary.example.org${registrationPage}/check-in.png"`), 'the confirmation shows the QR code');

      const page = await editor.get(registrationPage);
      assert.match(page.body, /<figure class="check-in-qr">.*<svg/s, 'the registrant’s page shows it too');
      const png = await editor.get(`${registrationPage}/check-in.png`);
      assert.equal(png.headers['content-type'], 'image/png');
      const url = (await decodeQrBytes(png.rawPayload)).join('\n');
      assert.equal(url, checkInUrl(t.deps, event, ana.id, 'en'));
      assert.equal((await editor.get(`/en${cancelLinkPath(t.deps, event, omar.id)}/check-in.png`)).statusCode, 404, 'no code for the waitlist');

      // A phone's camera app opens the code's address: the page names the registrant and one button marks the arrival.
      const door = `/en/admin/events/${event.id}/check-in`;
      const scanned = await editor.get(url.replace('https://plenary.example.org', ''));
      assert.equal(scanned.statusCode, 200);
      assert.match(scanned.body, /Scanned code.*Ana Souza/s);
      const code = checkInCode(t.deps, ana.id);
      const marked = await editor.post(door, { code }, { csrfFrom: door });
      assert.equal(marked.statusCode, 303);
      const after = await editor.get(String(marked.headers.location));
      assert.match(after.body, /Ana Souza has arrived/);
      assert.match(after.body, /1 of 2 confirmed registrants have arrived/);
      const first = await t.deps.db.selectFrom('event_registrations').select(['attended', 'checked_in_at']).where('id', '=', ana.id).executeTakeFirstOrThrow();
      assert.equal(first.attended, 1);
      t.clock.set(new Date('2027-01-20T09:10:00Z'));
      const twice = await editor.post(door, { code }, { csrfFrom: door });
      assert.match((await editor.get(String(twice.headers.location))).body, /Ana Souza had already arrived/);
      const still = await t.deps.db.selectFrom('event_registrations').select('checked_in_at').where('id', '=', ana.id).executeTakeFirstOrThrow();
      assert.equal(still.checked_in_at, first.checked_in_at, 'the first arrival stays');

      // Typing a name works without a camera (and without JavaScript).
      const found = await editor.get(`${door}?q=FISCH`);
      assert.match(found.body, /aria-label="Mark the arrival of Lena Fischer"/);
      assert.doesNotMatch(found.body, /Omar Haddad/, 'only confirmed registrants are found');
      const byName = await editor.post(door, { registrationId: String(lena.id) }, { csrfFrom: door });
      assert.equal(byName.statusCode, 303);
      assert.match((await editor.get(door)).body, /2 of 2 confirmed registrants have arrived/);

      // Refused: the waitlist, a forged code, another event's code, and a viewer.
      const waitlisted = await editor.post(door, { code: checkInCode(t.deps, omar.id) }, { csrfFrom: door });
      assert.equal(waitlisted.statusCode, 409);
      assert.match(waitlisted.body, /Omar Haddad cannot be checked in: they are on the waitlist/);
      const forged = await editor.post(door, { code: `${ana.id}-AAAAAAAAAAAAAAAA` }, { csrfFrom: door });
      assert.equal(forged.statusCode, 400);
      assert.match(forged.body, /not a check-in code of this event/);
      assert.equal((await editor.post(door, { code: checkInCode(t.deps, elsewhere.id) }, { csrfFrom: door })).statusCode, 400);
      const viewer = await t.signedInClient('viewer');
      assert.equal((await viewer.post(door, { registrationId: String(omar.id) }, { csrfFrom: `/en/admin/events/${event.id}` })).statusCode, 403);
      const arrived = await t.deps.db
        .selectFrom('event_registrations')
        .select(['email_key', 'attended'])
        .where('checked_in_at', 'is not', null)
        .orderBy('email_key')
        .execute();
      assert.deepEqual(
        arrived.map((r) => r.email_key),
        ['ana@example.org', 'lena@example.org'],
      );
      const audit = await t.deps.db.selectFrom('audit_events').select('action').where('action', '=', 'event.check_in').execute();
      assert.equal(audit.length, 2);
    });
  });
}
