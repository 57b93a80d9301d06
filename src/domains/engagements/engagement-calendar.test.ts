import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { simpleParser } from 'mailparser';
import { dialects } from '../../../test/dialects.ts';
import { type SmtpPeer, startSmtpPeer } from '../../../test/smtp-peer.ts';
import { createTestApp, type TestApp, TestClient, testPassword } from '../../../test/test-app.ts';
import { escapeText, foldLine } from '../../views/icalendar-text.ts';
import { cliActor } from '../audit/audit.service.ts';
import { deactivateStaff } from '../auth/staff-lifecycle.service.ts';
import { createEngagement, type EngagementReader } from './engagement.service.ts';
import { feedToken, nextReminderRun, readFeedToken, reminderJobName } from './engagement-calendar.ts';
import { renderIcs } from './engagement-ics.ts';
import { sendReminders } from './engagement-reminders.job.ts';

const owner: EngagementReader = { actor: cliActor, staffId: null, role: 'owner' };

// Debian's python3-icalendar (.ci/run installs it) lives with the system's python3, which a pyenv shim may hide.
const python = process.env.PYTHON ?? (fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');

/** Reads iCalendar text with python3's icalendar (an independent RFC 5545 parser): each event's fields as text. */
function parseIcs(text: string): { calendar: Record<string, string>; events: Record<string, string>[] } {
  const script = `
import sys, json, icalendar
cal = icalendar.Calendar.from_ical(sys.stdin.buffer.read())
def fields(c):
    out = {}
    for key, value in c.property_items(recursive=False):
        if key in ('BEGIN', 'END'): continue
        v = c.decoded(key) if key in ('SUMMARY', 'DESCRIPTION', 'LOCATION', 'UID', 'URL', 'STATUS', 'X-WR-CALNAME', 'VERSION', 'PRODID', 'METHOD') else c.get(key)
        out[key] = v.decode() if isinstance(v, bytes) else (v.to_ical().decode() if hasattr(v, 'to_ical') else str(v))
    return out
print(json.dumps({'calendar': fields(cal), 'events': [fields(e) for e in cal.walk('VEVENT')]}))
`;
  return JSON.parse(execFileSync(python, ['-c', script], { input: text, encoding: 'utf8' }));
}

test('iCalendar text: escaping, folding at 75 octets without splitting a character, exclusive all-day ends', () => {
  assert.equal(escapeText('a,b;c\\d\ne'), 'a\\,b\\;c\\\\d\\ne');
  const folded = foldLine(`SUMMARY:${'é'.repeat(60)}`);
  for (const line of folded.split('\r\n')) assert.ok(Buffer.byteLength(line) <= 75, line);
  assert.equal(folded.replace(/\r\n /g, ''), `SUMMARY:${'é'.repeat(60)}`);
  const text = renderIcs({
    name: 'Lena, “engagements”',
    productId: '-//Plenary//Engagements//EN',
    now: new Date('2026-10-20T09:00:00Z'),
    events: [
      { uid: 'engagement-1@example.org', start: '2026-12-31', end: '2026-12-31', summary: 'Réunion; avec, la mission 日本 '.repeat(4), status: 'TENTATIVE' },
    ],
  });
  assert.ok(text.endsWith('\r\n'));
  assert.ok(!/[^\r]\n/.test(text), 'every line ends with CRLF');
  const parsed = parseIcs(text);
  assert.equal(parsed.calendar['X-WR-CALNAME'], 'Lena, “engagements”');
  assert.equal(parsed.events[0]?.SUMMARY, 'Réunion; avec, la mission 日本 '.repeat(4));
  assert.equal(parsed.events[0]?.DTSTART, '20261231');
  assert.equal(parsed.events[0]?.DTEND, '20270101', 'DTEND is the day after the last day');
});

test('feed tokens: signed, canonical, and refused when changed', () => {
  const secret = 'test-secret-key-with-enough-length-0123456789';
  const token = feedToken(secret, 42, 3);
  assert.deepEqual(readFeedToken(secret, token), { staffId: 42, version: 3 });
  assert.throws(() => readFeedToken(secret, token.replace(/^16/, '17')), /link_invalid/);
  assert.throws(() => readFeedToken('another-secret-key-with-enough-length-000', token), /link_invalid/);
  assert.throws(() => readFeedToken(secret, `0${token}`), /link_invalid/);
  assert.equal(nextReminderRun(new Date('2026-10-20T05:00:00Z')).toISOString(), '2026-10-20T06:00:00.000Z');
  assert.equal(nextReminderRun(new Date('2026-10-20T06:00:00Z')).toISOString(), '2026-10-21T06:00:00.000Z');
});

for (const dialect of dialects) {
  describe(`calendar, feed and reminders on ${dialect}`, () => {
    let t: TestApp;
    let peer: SmtpPeer;
    let lena: TestClient;
    let viewer: TestClient;
    const staff: Record<string, number> = {};
    const staffId = async (email: string) =>
      (await t.deps.db.selectFrom('staff_accounts').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;

    before(async () => {
      peer = await startSmtpPeer({ smtpUtf8: true });
      t = await createTestApp(dialect, { SMTP_URL: peer.url, PUBLIC_URL: 'https://plenary.example.org' });
      t.clock.set(new Date('2026-10-20T09:00:00Z'));
      lena = await t.signedInClient('editor', 'lena@example.org');
      await t.signedInClient('editor', 'omar@example.org');
      viewer = await t.signedInClient('viewer', 'viewer@example.org');
      staff.lena = await staffId('lena@example.org');
      staff.omar = await staffId('omar@example.org');
      const record = (fields: Record<string, unknown>) => createEngagement(t.deps, owner, { kind: 'bilateral_meeting', ...fields });
      await record({ title: 'Mission of Japan', startDate: '2026-10-25', status: 'planned', ownerStaffId: staff.lena, place: 'Geneva', notes: 'SECRET NOTE' });
      await record({
        title: 'CSTD intersessional panel',
        startDate: '2026-11-10',
        endDate: '2026-11-12',
        status: 'planned',
        participantStaffIds: [staff.lena],
      });
      await record({ title: 'Omar’s briefing', startDate: '2026-11-02', status: 'planned', ownerStaffId: staff.omar });
      await record({ title: 'Cancelled visit', startDate: '2026-11-03', status: 'cancelled', ownerStaffId: staff.lena });
      await record({
        title: 'Meeting with Brazil',
        startDate: '2026-10-01',
        status: 'done',
        ownerStaffId: staff.lena,
        followUps: [
          { action: 'Send the paper on IDNs', ownerStaffId: staff.lena, dueDate: '2026-10-21' },
          { action: 'Call the mission back', ownerStaffId: staff.lena, dueDate: '2026-10-19' },
          { action: 'Plan the next visit', ownerStaffId: staff.lena, dueDate: '2026-12-30' },
          { action: 'Share the minutes', ownerStaffId: staff.omar, dueDate: '2026-10-22' },
          { action: 'Already done', ownerStaffId: staff.lena, dueDate: '2026-10-20', done: true },
        ],
      });
      const submission = (title: string, deadline: string, status: string) =>
        record({
          kind: 'submission',
          title,
          startDate: '2026-10-01',
          status: 'ongoing',
          ongoing: true,
          ownerStaffId: staff.lena,
          submission: { externalBody: 'CSTD secretariat', deadline, status },
        });
      await submission('Input to the annual WSIS report', '2026-10-22', 'drafting');
      await submission('Input already sent', '2026-10-21', 'submitted');
    });
    after(async () => {
      await t.close();
      await peer.close();
    });

    test('the calendar lists engagements ahead, open deadlines and follow-ups due (overdue ones marked); "mine" narrows it', async () => {
      const page = await viewer.get('/en/admin/engagements/calendar');
      assert.equal(page.statusCode, 200);
      for (const text of [
        'Mission of Japan',
        'CSTD intersessional panel',
        'Omar’s briefing',
        'Input to the annual WSIS report',
        'Call the mission back',
        'Share the minutes',
      ])
        assert.ok(page.body.includes(text), text);
      for (const text of ['Cancelled visit', 'Already done']) assert.ok(!page.body.includes(text), text);
      const deadlines = page.body.slice(page.body.indexOf('<h2>Submission deadlines</h2>'), page.body.indexOf('<h2>Follow-ups due</h2>'));
      assert.ok(deadlines.includes('Input to the annual WSIS report') && !deadlines.includes('Input already sent'), 'a submitted one has no deadline ahead');
      const ahead = page.body.slice(page.body.indexOf('<h2>Engagements ahead</h2>'), page.body.indexOf('<h2>Submission deadlines</h2>'));
      assert.ok(ahead.includes('Mission of Japan') && !ahead.includes('Meeting with Brazil'), 'a past engagement is not ahead');
      assert.match(page.body, /19 October 2026<span class="badge">Overdue<\/span>/);
      const mine = await lena.get('/en/admin/engagements/calendar?mine=1');
      assert.ok(mine.body.includes('CSTD intersessional panel'), 'a participant’s engagement is theirs');
      assert.ok(!mine.body.includes('Omar’s briefing'));
      assert.ok(!mine.body.includes('Share the minutes'));
      for (const locale of ['ar', 'zh', 'fr', 'ru', 'es']) assert.equal((await viewer.get(`/${locale}/admin/engagements/calendar`)).statusCode, 200);
    });

    test('a staff member makes a feed address; the feed is RFC 5545, theirs only, without notes; a new address ends the old one', async () => {
      const none = await lena.get('/en/admin/engagements/calendar');
      assert.match(none.body, /You have no feed address yet/);
      const made = await lena.post(
        '/en/admin/engagements/calendar/settings',
        { locale: 'fr', reminders: 'yes', action: 'new-address' },
        { csrfFrom: '/en/admin/engagements/calendar' },
      );
      assert.equal(made.statusCode, 303);
      const page = await lena.get(String(made.headers.location));
      const url = /id="feed-url"[^>]*value="([^"]+)"/.exec(page.body)?.[1] ?? '';
      assert.match(url, /^https:\/\/plenary\.example\.org\/calendar\/[^/]+\/engagements\.ics$/);
      const path = new URL(url).pathname;
      const anonymous = new TestClient(t.app);
      const feed = await anonymous.get(path);
      assert.equal(feed.statusCode, 200);
      assert.match(String(feed.headers['content-type']), /^text\/calendar; charset=utf-8/);
      assert.doesNotMatch(feed.body, /SECRET NOTE/);
      const { calendar, events } = parseIcs(feed.body);
      assert.equal(calendar.VERSION, '2.0');
      assert.equal(calendar['X-WR-CALNAME'], 'Test editor : interventions', 'in the language of her reminders');
      const bySummary = new Map(events.map((e) => [e.SUMMARY, e]));
      assert.equal(bySummary.get('Mission of Japan')?.DTSTART, '20261025');
      assert.equal(bySummary.get('Mission of Japan')?.STATUS, 'TENTATIVE');
      assert.equal(bySummary.get('CSTD intersessional panel')?.DTEND, '20261113');
      assert.equal(bySummary.get('Cancelled visit')?.STATUS, 'CANCELLED');
      assert.equal(bySummary.get('Meeting with Brazil')?.STATUS, 'CONFIRMED', 'past engagements stay in the feed');
      assert.equal(bySummary.get('Échéance : Input to the annual WSIS report')?.DTSTART, '20261022');
      assert.ok(bySummary.has('Suivi à échéance : Call the mission back'));
      assert.ok(!bySummary.has('Omar’s briefing'));
      assert.ok(!bySummary.has('Suivi à échéance : Share the minutes'));
      assert.equal(new Set(events.map((e) => e.UID)).size, events.length, 'every UID is unique');
      assert.ok(events.every((e) => e.UID?.endsWith('@plenary.example.org')));

      const again = await lena.post(
        '/en/admin/engagements/calendar/settings',
        { locale: 'fr', reminders: 'yes', action: 'new-address' },
        { csrfFrom: '/en/admin/engagements/calendar' },
      );
      const newUrl = /id="feed-url"[^>]*value="([^"]+)"/.exec((await lena.get(String(again.headers.location))).body)?.[1] ?? '';
      assert.notEqual(newUrl, url);
      assert.equal((await anonymous.get(path)).statusCode, 404, 'the old address stops');
      assert.equal((await anonymous.get(new URL(newUrl).pathname)).statusCode, 200);
      assert.equal((await anonymous.get(path.replace(/\.([A-Za-z0-9_-])/, '.x'))).statusCode, 404);
      assert.equal(
        (await anonymous.get(`/calendar/${feedToken(t.deps.secretKey, staff.omar as number, 1)}/engagements.ics`)).statusCode,
        404,
        'no address made, none works',
      );
      const audit = await t.deps.db.selectFrom('audit_events').selectAll().where('action', '=', 'engagement_calendar.new_address').execute();
      assert.equal(audit.length, 2);
    });

    test('reminders: one email a day per staff member in their language, each item once per due date, nothing twice', async () => {
      const queued = await t.deps.db.selectFrom('jobs').select(['run_at', 'status']).where('name', '=', reminderJobName).execute();
      assert.deepEqual(
        queued.map((j) => [j.run_at, j.status]),
        [['2026-10-21T06:00:00.000Z', 'queued']],
        'saving the settings scheduled the daily run once',
      );
      t.clock.set(new Date('2026-10-21T06:30:00Z'));
      await t.runJobs();
      const messages = await Promise.all(peer.received.map((m) => simpleParser(m.raw)));
      const to = (address: string) => messages.filter((m) => m.to && !Array.isArray(m.to) && m.to.value[0]?.address === address);
      const toLena = to('lena@example.org');
      assert.equal(toLena.length, 1);
      assert.equal(toLena[0]?.subject, '3 suivis et échéances approchent');
      const body = toLena[0]?.text ?? '';
      assert.match(body, /Bonjour Test editor/);
      assert.match(body, /21 octobre 2026 : Send the paper on IDNs/);
      assert.match(body, /19 octobre 2026 : Call the mission back/);
      assert.match(body, /échéance de la contribution « Input to the annual WSIS report »/);
      assert.doesNotMatch(body, /Plan the next visit|Share the minutes|Input already sent|Already done/);
      const toOmar = to('omar@example.org');
      assert.equal(toOmar.length, 1, 'reminders are on by default');
      assert.equal(toOmar[0]?.subject, '1 follow-up or deadline is due soon', 'in the network’s language when none is chosen');
      const next = await t.deps.db.selectFrom('jobs').select('run_at').where('name', '=', reminderJobName).where('status', '=', 'queued').execute();
      assert.deepEqual(
        next.map((j) => j.run_at),
        ['2026-10-22T06:00:00.000Z'],
        'the run queued the next day’s',
      );
      assert.equal(await sendReminders(t.deps), 0, 'a repeated run sends nothing');
      await t.runJobs();
      assert.equal(peer.received.length, 2);
    });

    test('turning reminders off stops them; a deactivated account gets none', async () => {
      await lena.signIn('lena@example.org', testPassword); // the clock moved past her session
      const off = await lena.post('/en/admin/engagements/calendar/settings', { locale: 'fr', action: 'save' }, { csrfFrom: '/en/admin/engagements/calendar' });
      assert.equal(off.statusCode, 303, off.body.slice(0, 300));
      await createEngagement(t.deps, owner, {
        kind: 'bilateral_meeting',
        title: 'Another',
        startDate: '2026-10-21',
        status: 'done',
        followUps: [
          { action: 'Lena’s new follow-up', ownerStaffId: staff.lena, dueDate: '2026-10-23' },
          { action: 'Omar’s new follow-up', ownerStaffId: staff.omar, dueDate: '2026-10-23' },
        ],
      });
      await deactivateStaff(t.deps, cliActor, staff.omar as number);
      assert.equal(await sendReminders(t.deps), 0);
      await lena.post(
        '/en/admin/engagements/calendar/settings',
        { locale: 'fr', reminders: 'yes', action: 'save' },
        { csrfFrom: '/en/admin/engagements/calendar' },
      );
      assert.equal(await sendReminders(t.deps), 1, 'on again, her new follow-up is reminded; the deactivated account’s is not');
      await lena.post('/en/admin/engagements/calendar/settings', { locale: 'fr', action: 'save' }, { csrfFrom: '/en/admin/engagements/calendar' });
      const feedRow = await t.deps.db
        .selectFrom('engagement_calendar_feeds')
        .selectAll()
        .where('staff_id', '=', staff.lena as number)
        .executeTakeFirstOrThrow();
      assert.equal(feedRow.reminders, 0);
    });

    test('the dashboard shows the next 30 days: 5 engagements and 5 submission deadlines at most, soonest first, with a link to the calendar', async () => {
      t.clock.set(new Date('2026-10-20T09:00:00Z'));
      const reader = await t.signedInClient('viewer', 'dashboard@example.org');
      await createEngagement(t.deps, owner, { kind: 'consultation', title: 'Sixth one, cut off', startDate: '2026-11-15', status: 'planned' });
      await createEngagement(t.deps, owner, { kind: 'consultation', title: 'Beyond 30 days', startDate: '2026-11-25', status: 'planned' });
      const page = await reader.get('/en/admin');
      assert.equal(page.statusCode, 200);
      const panel = page.body.slice(page.body.indexOf('<h2 id="dashboard-ahead">'), page.body.indexOf('</section>'));
      assert.match(panel, /The next 30 days/);
      const [engagements, deadlines] = panel.split('<h3>Submission deadlines</h3>');
      const titles = [...(engagements ?? '').matchAll(/<bdi>([^<]+)<\/bdi><\/a>/g)].map((m) => m[1]);
      assert.deepEqual(titles, ['Input to the annual WSIS report', 'Input already sent', 'Mission of Japan', 'Omar’s briefing', 'CSTD intersessional panel']);
      assert.match(
        engagements ?? '',
        /25 October 2026<\/span> <a href="\/en\/admin\/engagements\/\d+"><bdi>Mission of Japan<\/bdi><\/a> <span class="muted"><bdi>Geneva<\/bdi>/,
      );
      assert.deepEqual(
        [...(deadlines ?? '').matchAll(/<bdi>([^<]+)<\/bdi><\/a>/g)].map((m) => m[1]),
        ['Input to the annual WSIS report'],
        'open submissions only',
      );
      assert.match(panel, /href="\/en\/admin\/engagements\/calendar">Open the calendar</);
      assert.doesNotMatch(panel, /SECRET NOTE/);
      for (const locale of ['ar', 'zh', 'fr', 'ru', 'es']) assert.equal((await reader.get(`/${locale}/admin`)).statusCode, 200, locale);
    });
  });
}
