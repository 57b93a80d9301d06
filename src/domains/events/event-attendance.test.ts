import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp, type TestClient } from '../../../test/test-app.ts';
import { cliActor } from '../audit/audit.service.ts';
import { createEvent } from './event.service.ts';
import { parseDuration, readAttendanceReport } from './event-attendance-report.ts';
import { registerByStaff } from './event-registration.service.ts';

const fixtures = path.resolve(import.meta.dirname, '../../../test/fixtures/attendance');
const fixture = (name: string) => fs.readFileSync(path.join(fixtures, name));

function multipart(name: string, content: Buffer) {
  const boundary = '----plenary-attendance-boundary';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n`);
  return { payload: Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]), contentType: `multipart/form-data; boundary=${boundary}` };
}

test('each platform’s report is read by its column names: visits summed, hosts and “Attended: No” left out, durations in every form', () => {
  const zoom = readAttendanceReport(fixture('zoom-attendee-report.csv'));
  assert.equal(zoom.platform, 'zoom');
  assert.deepEqual(
    zoom.participants.map((p) => [p.email, p.minutes]),
    [
      ['ANA@Example.ORG', 85],
      ['用户@xn--fsqu00a.xn--4rr70v', 91],
      ['o.haddad@unknown-mission.example', 65],
      ['', 40],
    ],
  );
  const webex = readAttendanceReport(fixture('webex-attendee-report.csv'));
  assert.equal(webex.platform, 'webex');
  assert.deepEqual(
    webex.participants.map((p) => [p.name, p.minutes]),
    [
      ['Lena Fischer', 87],
      ['José Ramírez', 90],
      ['Call-in User_1', 30],
    ],
  );
  const teams = readAttendanceReport(fixture('teams-attendance-report.csv'));
  assert.equal(teams.platform, 'teams');
  assert.deepEqual(
    teams.participants.map((p) => [p.name, p.minutes]),
    [
      ['Lena Fischer', 89],
      ['王芳', 45],
      ['Fatou Diallo (Guest)', 1],
    ],
    'the participants section only, not the visits of “In-Meeting Activities” again',
  );
  assert.deepEqual(['89', '1:30:00', '1h 28m 52s', '45m 9s', '52s', '87 mins', '--', 'soon'].map(parseDuration), [89, 90, 89, 45, 1, 87, null, null]);
});

for (const dialect of dialects) {
  describe(`attendance import on ${dialect}`, () => {
    let t: TestApp;
    let editor: TestClient;
    let eventId: number;
    const registrant = (email: string) =>
      t.deps.db.selectFrom('event_registrations').selectAll().where('event_id', '=', eventId).where('email_key', '=', email).executeTakeFirstOrThrow();
    const importCount = async () =>
      Number(
        (
          await t.deps.db
            .selectFrom('event_attendance_imports')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('event_id', '=', eventId)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const snapshot = () =>
      t.deps.db.selectFrom('event_registrations').select(['id', 'attended', 'attended_minutes']).where('event_id', '=', eventId).orderBy('id').execute();

    async function upload(name: string, content: Buffer, locale = 'en') {
      const page = await editor.get(`/${locale}/admin/events/${eventId}`);
      const action = /action="([^"]+attendance-import[^"]*)" enctype="multipart\/form-data"/.exec(page.body)?.[1]?.replace(/&amp;/g, '&');
      assert.ok(action, 'the import form carries its CSRF token in the action');
      const body = multipart(name, content);
      return t.app.inject({
        method: 'POST',
        url: action,
        payload: body.payload,
        headers: { 'content-type': body.contentType, cookie: [...editor.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
    }

    before(async () => {
      t = await createTestApp(dialect);
      t.clock.set(new Date('2027-01-05T09:00:00Z'));
      const event = await createEvent(t.deps, cliActor, {
        kind: 'webinar',
        title: { en: 'Webinar on the Zero Draft' },
        startsAt: '2027-01-14T14:00:00Z',
        endsAt: '2027-01-14T15:30:00Z',
        timeZone: 'Europe/Zurich',
        visibility: 'public',
        status: 'published',
      });
      eventId = event.id;
      for (const [email, name, memberState] of [
        ['ana@example.org', 'Ana Souza', 'BR'],
        ['用户@例子.广告', '王芳', 'CN'],
        ['josé@example.org', 'José Ramírez', 'ES'],
        ['lena@example.org', 'Lena Fischer', 'DE'],
        ['kofi@example.org', 'Kofi Mensah', 'GH'],
        ['omar@example.org', 'Omar Haddad', 'JO'],
      ] as const)
        await registerByStaff(t.deps, cliActor, eventId, { email, name, memberState });
      t.clock.set(new Date('2027-01-14T17:00:00Z'));
      editor = await t.signedInClient('editor');
    });
    after(() => t.close());

    test('Zoom, Webex and Teams reports match registrants by address in any form; the rest is listed to resolve; no-shows are counted', async () => {
      const zoom = await upload('zoom-attendee-report.csv', fixture('zoom-attendee-report.csv'));
      assert.equal(zoom.statusCode, 200, zoom.body);
      assert.match(
        zoom.body,
        /Zoom report imported: 4 participants, 2 matched to registrants, 2 to resolve below; 4 confirmed registrants marked as not attended/,
      );
      assert.deepEqual([(await registrant('ana@example.org')).attended_minutes, (await registrant('用户@例子.广告')).attended_minutes], [85, 91]);
      assert.equal((await registrant('kofi@example.org')).attended, 0, 'a confirmed registrant not in the report is a no-show');

      const webex = await upload('webex-attendee-report.csv', fixture('webex-attendee-report.csv'));
      assert.equal(webex.statusCode, 200);
      assert.match(webex.body, /Webex report imported: 3 participants, 2 matched/);
      const jose = await registrant('josé@example.org');
      assert.deepEqual([jose.attended, jose.attended_minutes], [1, 90], 'the NFD spelling in the report is the NFC address registered');

      const teams = await upload('teams-attendance-report.csv', fixture('teams-attendance-report.csv'), 'fr');
      assert.equal(teams.statusCode, 200);
      assert.match(teams.body, /Rapport Microsoft Teams importé : 3 participants, 2 rapprochés d’inscrits/);
      assert.equal((await registrant('lena@example.org')).attended_minutes, 89, 'the longer of two reports');
      assert.equal((await registrant('用户@例子.广告')).attended_minutes, 91, 'a shorter report never shortens what is known');

      // The same report again changes nothing, nor lists anyone twice.
      const before = await snapshot();
      await upload('zoom-attendee-report.csv', fixture('zoom-attendee-report.csv'));
      assert.deepEqual(await snapshot(), before);
      const open = await t.deps.db
        .selectFrom('event_attendance_unmatched')
        .selectAll()
        .where('event_id', '=', eventId)
        .where('status', '=', 'open')
        .orderBy('id')
        .execute();
      assert.deepEqual(
        open.map((u) => [u.name, u.email_display, u.minutes]),
        [
          ['Haddad, Omar (Mission of Jordan)', 'o.haddad@unknown-mission.example', 65],
          ['+41 22 555 01 23', '', 40],
          ['Call-in User_1', '', 30],
          ['Fatou Diallo (Guest)', '', 1],
        ],
      );

      // Staff resolve them on the event's page: Omar came with his mission's address; the phone caller is nobody of ours.
      const page = `/en/admin/events/${eventId}`;
      const shown = await editor.get(page);
      assert.match(shown.body, /4 participants not matched to a registrant/);
      const omar = await registrant('omar@example.org');
      const [omarRow, phoneRow] = open;
      const matched = await editor.post(
        `${page}/attendance-unmatched/${omarRow?.id}`,
        { action: 'match', registrationId: String(omar.id) },
        { csrfFrom: page },
      );
      assert.equal(matched.statusCode, 303);
      const dismissed = await editor.post(`${page}/attendance-unmatched/${phoneRow?.id}`, { action: 'dismiss' }, { csrfFrom: page });
      assert.equal(dismissed.statusCode, 303);
      const omarAfter = await registrant('omar@example.org');
      assert.deepEqual([omarAfter.attended, omarAfter.attended_minutes], [1, 65]);
      assert.match((await editor.get(page)).body, /2 participants not matched to a registrant/);

      const counts = await t.deps.db.selectFrom('event_registrations').select(['attended']).where('event_id', '=', eventId).execute();
      assert.equal(counts.filter((c) => c.attended === 1).length, 5);
      assert.equal(counts.filter((c) => c.attended === 0).length, 1, 'Kofi alone did not come');

      const csv = await editor.get(`/en/admin/events/${eventId}/registrations.csv?status=confirmed`);
      assert.equal(csv.statusCode, 200);
      assert.match(csv.headers['content-type'] as string, /^text\/csv/);
      assert.ok(csv.body.startsWith('\uFEFFid,email,name,status'));
      assert.match(csv.body, /ana@example\.org,Ana Souza,confirmed,BR,latin_american_caribbean,,en,[^,]+,yes,85,/);
      assert.match(csv.body, /kofi@example\.org,Kofi Mensah,confirmed,GH,african,,en,[^,]+,no,,/);
    });

    test('a file that is not a report (wrong columns, bad encoding, no one in it, over 50 MB) is refused with a translated message, and nothing changes', async () => {
      const before = [await importCount(), await snapshot()] as const;
      const wrong = await upload('wrong-columns.csv', fixture('wrong-columns.csv'));
      assert.equal(wrong.statusCode, 400);
      assert.match(wrong.body, /is not an attendance report Plenary can read/);
      const latin = await upload('latin1.csv', fixture('latin1.csv'), 'es');
      assert.equal(latin.statusCode, 400);
      assert.match(latin.body, /No se puede leer la codificación del texto de este archivo/);
      const empty = await upload('empty.csv', Buffer.from('Name,Email,Duration\r\n'), 'ru');
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /нет ни одного участника/);
      const huge = Buffer.alloc(50 * 1_048_576 + 10, 0x61);
      const tooLarge = await upload('huge.csv', huge, 'zh');
      assert.equal(tooLarge.statusCode, 413);
      assert.match(tooLarge.body, /此文件超过 50 MB/);
      assert.deepEqual([await importCount(), await snapshot()], before);
    });
  });
}
