import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { simpleParser } from 'mailparser';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp, TestClient } from '../../../test/test-app.ts';
import { assembleDeps } from '../../runtime.ts';
import { cliActor } from '../audit/audit.service.ts';
import { addMember, erase } from '../members/member.service.ts';
import { createEvent } from './event.service.ts';
import { memberRegistrationPath } from './event-email.tsx';
import { registerFromForm } from './event-registration.service.ts';

const base = {
  kind: 'webinar',
  title: { en: 'Webinar on the Zero Draft', zh: '关于零号草案的网络研讨会' },
  startsAt: '2027-01-14T14:00:00Z',
  endsAt: '2027-01-14T15:30:00Z',
  timeZone: 'Europe/Zurich',
  onlineUrl: 'https://meet.example.org/zero-draft',
  visibility: 'public',
  status: 'published',
};

async function mailsTo(t: TestApp, address: string) {
  // An internationalised domain may be in its A-label form on the envelope: the local part finds it either way.
  const local = `${address.slice(0, address.lastIndexOf('@'))}@%`;
  const rows = await t.deps.db
    .selectFrom('captured_mail')
    .selectAll()
    .where((eb) => eb.or([eb('envelope_to', '=', address), eb('envelope_to', 'like', local)]))
    .orderBy('id')
    .execute();
  return Promise.all(rows.map((r) => simpleParser(r.raw)));
}

/** The first link in a message's text that starts with `prefix` (absolute), as a path. */
function linkIn(text: string | undefined, prefix: RegExp): string {
  // The calendar file's link (…/calendar.ics) comes first in a confirmation; this wants the page.
  const match = [...(text ?? '').matchAll(new RegExp(`https?://[^/\\s]+(${prefix.source}[^\\s]*)`, 'g'))].find((m) => !m[1]?.endsWith('.ics'));
  assert.ok(match, `no link like ${prefix} in: ${text}`);
  return match[1] as string;
}

for (const dialect of dialects) {
  describe(`registration on ${dialect}`, () => {
    let t: TestApp;
    const registrations = (eventId: number) =>
      t.deps.db.selectFrom('event_registrations').selectAll().where('event_id', '=', eventId).orderBy('placed_at').orderBy('id').execute();
    const register = (eventId: number, fields: Record<string, string>, locale = 'en') =>
      new TestClient(t.app).post(
        `/${locale}/events/${eventId}`,
        { name: 'Ana Souza', memberState: 'BR', organisation: 'Mission of Brazil', ...fields },
        { csrfFrom: `/${locale}/join` },
      );

    before(async () => {
      t = await createTestApp(dialect, { ALLOW_SPECIAL_USE_DOMAINS: 'false' });
      t.clock.set(new Date('2026-12-01T09:00:00Z'));
    });
    after(() => t.close());

    test('the public page shows the time in the event’s zone and the reader’s, and a form that needs no JavaScript', async () => {
      const event = await createEvent(t.deps, cliActor, { ...base, capacity: 2 });
      const page = await new TestClient(t.app).get(`/en/events/${event.id}?tz=America/New_York`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Thursday, 14 January 2027, 15:00 GMT\+1, until 16:30/);
      assert.match(page.body, /Your time: Thursday, 14 January 2027, 09:00 EST, until 10:30/);
      assert.match(page.body, /<form method="post" action="\/en\/events\/\d+"/);
      assert.match(page.body, /name="email" type="text" inputmode="email"/);
      assert.match(page.body, /2 places left/);
      const zh = await new TestClient(t.app).get(`/zh/events/${event.id}`);
      assert.match(zh.body, /关于零号草案的网络研讨会/);
      assert.match(zh.body, /2027年1月14日/);
      const list = await new TestClient(t.app).get('/en/events');
      assert.match(list.body, new RegExp(`href="/en/events/${event.id}"`));

      // schema.org Event data for search engines, in the reader's language, without the join link.
      const jsonLd = (html: string) => JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)?.[1] ?? 'null');
      const data = jsonLd(zh.body);
      assert.equal(data['@type'], 'Event');
      assert.equal(data.name, '关于零号草案的网络研讨会');
      assert.equal(data.startDate, '2027-01-14T14:00:00.000Z');
      assert.equal(data.eventAttendanceMode, 'https://schema.org/OnlineEventAttendanceMode');
      assert.equal(data.location.url, `${t.deps.config.publicUrl}/zh/events/${event.id}`);
      assert.ok(!zh.body.includes('meet.example.org'), 'the join link is for registrants only');
      assert.ok(jsonLd(list.body).some((e: { url: string }) => e.url.endsWith(`/en/events/${event.id}`)));
    });

    test('capacity and waitlist: places in order, the same person twice is one registration, cancelling promotes the first waiting', async () => {
      const event = await createEvent(t.deps, cliActor, { ...base, capacity: 2 });
      const first = await register(event.id, { email: '用户@例子.广告', name: '王芳', memberState: 'CN', timeZone: 'Asia/Shanghai' }, 'zh');
      assert.equal(first.statusCode, 201, first.body);
      assert.match(first.body, /报名成功/);
      assert.equal((await register(event.id, { email: 'lena@example.org', name: 'Lena Fischer', memberState: 'DE' })).statusCode, 201);
      const third = await register(event.id, { email: 'omar@example.org', name: 'Omar Haddad', memberState: 'JO' });
      assert.equal(third.statusCode, 201);
      assert.match(third.body, /You are on the waitlist/);
      const again = await register(event.id, { email: 'LENA@EXAMPLE.ORG', name: 'Lena F.' });
      assert.equal(again.statusCode, 200, 'the same address in another spelling is the same registration');
      const rows = await registrations(event.id);
      assert.deepEqual(
        rows.map((r) => [r.email_display, r.status]),
        [
          ['用户@例子.广告', 'confirmed'],
          ['lena@example.org', 'confirmed'],
          ['omar@example.org', 'waitlisted'],
        ],
      );
      assert.equal(rows[0]?.regional_group, 'asia_pacific');
      assert.equal(rows[0]?.time_zone, 'Asia/Shanghai');

      await t.runJobs();
      const [confirmation] = await mailsTo(t, '用户@例子.广告');
      assert.equal(confirmation?.subject, '报名已确认：关于零号草案的网络研讨会');
      assert.match(confirmation?.text ?? '', /按您所在时区：2027年1月14日星期四 22:00/);
      assert.match(confirmation?.text ?? '', /meet\.example\.org\/zero-draft/, 'a confirmed registrant gets the join link');
      const [waitlisted] = await mailsTo(t, 'omar@example.org');
      assert.equal(waitlisted?.subject, 'On the waitlist: Webinar on the Zero Draft');
      assert.doesNotMatch(waitlisted?.text ?? '', /meet\.example\.org/, 'no join link before a place');
      assert.equal(waitlisted?.headers.get('list-unsubscribe'), undefined);

      // Lena cancels from the link in her email; Omar, first on the waitlist, gets her place and is told.
      const [lenaMail] = await mailsTo(t, 'lena@example.org');
      const cancelPath = linkIn(lenaMail?.text, /\/en\/events\/registration\//);
      const client = new TestClient(t.app);
      const status = await client.get(cancelPath);
      assert.equal(status.statusCode, 200);
      assert.match(status.body, /Confirmed/);
      const cancelled = await client.post(cancelPath, {}, { csrfFrom: cancelPath });
      assert.equal(cancelled.statusCode, 200);
      assert.match(cancelled.body, /Cancelled/);
      assert.deepEqual(
        (await registrations(event.id)).map((r) => r.status),
        ['confirmed', 'cancelled', 'confirmed'],
      );
      await client.post(cancelPath, {}, { csrfFrom: cancelPath });
      await t.runJobs();
      const omar = await mailsTo(t, 'omar@example.org');
      assert.deepEqual(
        omar.map((m) => m.subject),
        ['On the waitlist: Webinar on the Zero Draft', 'A place for you: Webinar on the Zero Draft'],
      );
      assert.deepEqual(
        (await mailsTo(t, 'lena@example.org')).map((m) => m.subject),
        ['Registration confirmed: Webinar on the Zero Draft', 'Registration cancelled: Webinar on the Zero Draft'],
        'cancelling twice tells her once',
      );

      // A forged link changes nothing; a link past its expiry is refused as expired.
      assert.equal((await client.get(`${cancelPath.slice(0, -2)}xx`)).statusCode, 400);
      t.clock.set(new Date('2027-01-16T09:00:00Z'));
      assert.equal((await client.get(cancelPath)).statusCode, 410);
      t.clock.set(new Date('2026-12-01T09:00:00Z'));
    });

    test('bad input and closed registration are refused with translated messages, and nothing is stored', async () => {
      const event = await createEvent(t.deps, cliActor, { ...base, registrationClosesAt: '2027-01-10T00:00:00Z' });
      const address = await register(event.id, { email: 'not an address' }, 'fr');
      assert.equal(address.statusCode, 400);
      assert.match(address.body, /id="email-error"/);
      assert.match(address.body, /value="Ana Souza"/, 'what was typed stays');
      const special = await register(event.id, { email: 'someone@example.test' });
      assert.equal(special.statusCode, 400);
      const name = await register(event.id, { email: 'ana@example.org', name: '   ' }, 'es');
      assert.match(name.body, /id="name-error"/);
      const state = await register(event.id, { email: 'ana@example.org', memberState: 'XX' });
      assert.match(state.body, /id="memberState-error"/);
      assert.equal((await registrations(event.id)).length, 0);

      t.clock.set(new Date('2027-01-11T09:00:00Z'));
      const late = await register(event.id, { email: 'ana@example.org' }, 'ru');
      assert.equal(late.statusCode, 409);
      assert.match(late.body, /Регистрация на это мероприятие закрыта/);
      t.clock.set(new Date('2026-12-01T09:00:00Z'));
      const cancelledEvent = await createEvent(t.deps, cliActor, { ...base, status: 'cancelled' });
      const refused = await register(cancelledEvent.id, { email: 'ana@example.org' });
      assert.equal(refused.statusCode, 409);
      assert.match(refused.body, /it has been cancelled/);
      const draft = await createEvent(t.deps, cliActor, { ...base, status: 'draft' });
      assert.equal((await new TestClient(t.app).get(`/en/events/${draft.id}`)).statusCode, 404);
      assert.equal((await registrations(event.id)).length + (await registrations(cancelledEvent.id)).length, 0);
    });

    test('“also join the network” starts the usual double opt-in, with the event as the source', async () => {
      const event = await createEvent(t.deps, cliActor, base);
      const response = await register(event.id, { email: 'joiner@example.org', name: 'Jo Iner', join: 'yes' });
      assert.equal(response.statusCode, 201);
      const member = await t.deps.db.selectFrom('members').selectAll().where('email_key', '=', 'joiner@example.org').executeTakeFirstOrThrow();
      assert.equal(member.status, 'pending');
      assert.equal(member.source, `event-${event.id}`);
      await t.runJobs();
      const subjects = (await mailsTo(t, 'joiner@example.org')).map((m) => m.subject);
      assert.equal(subjects.length, 2);
      assert.ok(subjects.includes('Registration confirmed: Webinar on the Zero Draft'));
    });

    test('a members’ event takes members’ signed links only; an invite-only event only the invited, even with the URL', async () => {
      const member = await addMember(
        t.deps,
        cliActor,
        { email: 'diplomat@mission-ke.example', name: 'Amina Otieno', memberState: 'KE', language: 'fr' },
        { status: 'subscribed', basis: 'Met at the CSTD' },
      );
      const outsider = await addMember(
        t.deps,
        cliActor,
        { email: 'outsider@example.org', name: 'Out Sider', memberState: 'FR', language: 'en' },
        { status: 'subscribed', basis: 'Met at the CSTD' },
      );
      const members = await createEvent(t.deps, cliActor, { ...base, visibility: 'members' });
      const form = await register(members.id, { email: 'ana@example.org' });
      assert.equal(form.statusCode, 403);
      assert.match(form.body, /for members of the network/);
      const link = memberRegistrationPath(t.deps, members, member.id);
      const client = new TestClient(t.app);
      const confirm = await client.get(`/fr${link}`);
      assert.equal(confirm.statusCode, 200);
      assert.match(confirm.body, /Amina Otieno, vous inscrire à « Webinar on the Zero Draft »/);
      const done = await client.post(`/fr${link}`, {}, { csrfFrom: `/fr${link}` });
      assert.equal(done.statusCode, 201, done.body);
      assert.equal((await client.post(`/fr${link}`, {}, { csrfFrom: `/fr${link}` })).statusCode, 200, 'one click twice: one registration');
      assert.equal((await registrations(members.id)).length, 1);
      assert.equal((await client.get(`/fr/events/${members.id}/register/${'x'.repeat(30)}`)).statusCode, 400);

      const briefing = await createEvent(t.deps, cliActor, {
        ...base,
        kind: 'briefing',
        title: { en: 'Briefing for the African Group' },
        visibility: 'invite_only',
        venue: 'Conference Room 4, UN Headquarters, New York',
        timeZone: 'America/New_York',
      });
      assert.equal((await new TestClient(t.app).get(`/en/events/${briefing.id}`)).statusCode, 404, 'a closed briefing is not public');
      const uninvited = memberRegistrationPath(t.deps, briefing, outsider.id);
      assert.equal((await new TestClient(t.app).get(`/en${uninvited}`)).statusCode, 403);
      await assert.rejects(registerFromForm(t.deps, briefing.id, { email: 'ana@example.org', name: 'Ana', locale: 'en' }, null), /event_invitation_required/);

      const editor = await t.signedInClient('editor');
      const page = `/en/admin/events/${briefing.id}`;
      const unknown = await editor.post(`${page}/invitations`, { addresses: 'nobody@example.org' }, { csrfFrom: page });
      assert.equal(unknown.statusCode, 400);
      assert.match(unknown.body, /“nobody@example\.org” is not a subscribed member/);
      const invited = await editor.post(`${page}/invitations`, { addresses: 'DIPLOMAT@mission-ke.example' }, { csrfFrom: page });
      assert.equal(invited.statusCode, 200);
      assert.match(invited.body, /1 member invited/);
      await t.runJobs();
      const invitation = (await mailsTo(t, 'diplomat@mission-ke.example')).find((m) => m.subject?.startsWith('Invitation'));
      assert.equal(invitation?.subject, 'Invitation : Briefing for the African Group');
      const invitationLink = linkIn(invitation?.text, /\/fr\/events\/\d+\/register\//);
      const registered = await client.post(invitationLink, {}, { csrfFrom: invitationLink });
      assert.equal(registered.statusCode, 201);
      assert.equal((await new TestClient(t.app).post(`/en${uninvited}`, {}, { csrfFrom: null })).statusCode, 403, 'no CSRF token, no registration');
      assert.deepEqual(
        (await registrations(briefing.id)).map((r) => [r.email_display, r.member_state, r.regional_group]),
        [['diplomat@mission-ke.example', 'KE', 'african']],
      );
      const audit = await t.deps.db.selectFrom('audit_events').select('action').where('subject', '=', `event:${briefing.id}`).execute();
      assert.ok(audit.some((a) => a.action === 'event.invite'));

      // Erasing the member erases their registrations' name and address; the counts by member state stay.
      await erase(t.deps, member, cliActor);
      const left = await registrations(briefing.id);
      assert.deepEqual(
        left.map((r) => [r.name, r.email_display, r.member_state, r.status]),
        [['[erased]', '[erased]', 'KE', 'confirmed']],
      );
      assert.ok(!JSON.stringify(await registrations(members.id)).includes('diplomat@mission-ke.example'));
    });

    test('no overbooking under concurrency: 1,000 simultaneous registrations from two connections for 100 places', async () => {
      const event = await createEvent(t.deps, cliActor, { ...base, capacity: 100 });
      // On PostgreSQL the other half comes through a second pool, as from another instance. SQLite's second
      // connection in this process would wait for the lock synchronously, blocking the first: there one process
      // serves, and the worker is another process.
      const otherDeps =
        dialect === 'postgres' ? assembleDeps(t.deps.config, await t.database.connectAgain(), { clock: t.clock, secretKey: t.deps.secretKey }) : t.deps;
      // One browser session's CSRF cookie and token for every form post, as the benchmark does: the test is about
      // the places, not about 500 page loads before them.
      const browser = new TestClient(t.app);
      const csrf = /name="_csrf" value="([^"]+)"/.exec((await browser.get(`/en/events/${event.id}`)).body)?.[1] ?? '';
      const attempts = Array.from({ length: 1000 }, (_, i) => {
        const input = { email: `person${i}@example.org`, name: `Person ${i}`, locale: 'en' };
        // Half through HTTP on the app's pool, half through the service on another connection (another instance).
        return i % 2 === 0
          ? browser.post(`/en/events/${event.id}`, { ...input, _csrf: csrf }, { csrfFrom: null }).then((r) => assert.equal(r.statusCode, 201, r.body))
          : registerFromForm(otherDeps, event.id, input, null);
      });
      await Promise.all(attempts);
      const rows = await registrations(event.id);
      assert.equal(rows.length, 1000);
      assert.equal(rows.filter((r) => r.status === 'confirmed').length, 100);
      assert.equal(rows.filter((r) => r.status === 'waitlisted').length, 900);
      // Raising the capacity promotes the first five on the waitlist, in order.
      const editor = await t.signedInClient('editor', 'capacity@example.org');
      const edit = `/en/admin/events/${event.id}/edit`;
      const body = {
        kind: 'webinar',
        'title.en': 'Webinar on the Zero Draft',
        startsAt: '2027-01-14T15:00',
        endsAt: '2027-01-14T16:30',
        timeZone: 'Europe/Zurich',
        onlineUrl: base.onlineUrl,
        capacity: '105',
        visibility: 'public',
        status: 'published',
      };
      assert.equal((await editor.post(edit, body, { csrfFrom: edit })).statusCode, 303);
      const after = await registrations(event.id);
      const waiting = rows
        .filter((r) => r.status === 'waitlisted')
        .slice(0, 5)
        .map((r) => r.id);
      assert.deepEqual(
        after.filter((r) => waiting.includes(r.id)).map((r) => r.status),
        ['confirmed', 'confirmed', 'confirmed', 'confirmed', 'confirmed'],
      );
      assert.equal(after.filter((r) => r.status === 'confirmed').length, 105);
    });
  });
}
