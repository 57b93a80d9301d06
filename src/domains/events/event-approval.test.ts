import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type ParsedMail, simpleParser } from 'mailparser';
import { dialects } from '../../../test/dialects.ts';
import { type SmtpPeer, startSmtpPeer } from '../../../test/smtp-peer.ts';
import { createTestApp, type TestApp, TestClient } from '../../../test/test-app.ts';
import { createApiToken } from '../api/api-token.service.ts';
import { cliActor } from '../audit/audit.service.ts';
import { createEvent } from './event.service.ts';

type Json = Record<string, any>;

const briefing = {
  kind: 'briefing',
  title: { en: 'Briefing for the permanent missions', fr: 'Réunion d’information pour les missions permanentes' },
  startsAt: '2027-02-03T15:00:00Z',
  endsAt: '2027-02-03T16:30:00Z',
  timeZone: 'America/New_York',
  venue: 'Conference Room 4, UN Headquarters, New York',
  capacity: 1,
  visibility: 'public',
  status: 'published',
  approval: true,
};

for (const dialect of dialects) {
  describe(`moderated registration on ${dialect}`, () => {
    let t: TestApp;
    let peer: SmtpPeer;
    let editorToken: string;
    const mails = async (to: string): Promise<ParsedMail[]> => {
      const raw = peer.received.filter((m) => m.to.some((a) => a.toLowerCase() === to));
      return Promise.all(raw.map((m) => simpleParser(m.raw)));
    };
    const statusOf = async (id: number) =>
      (await t.deps.db.selectFrom('event_registrations').select(['status', 'declined_at']).where('id', '=', id).executeTakeFirstOrThrow()).status;
    const byEmail = (eventId: number, email: string) =>
      t.deps.db.selectFrom('event_registrations').selectAll().where('event_id', '=', eventId).where('email_key', '=', email).executeTakeFirstOrThrow();

    before(async () => {
      peer = await startSmtpPeer({ smtpUtf8: true });
      t = await createTestApp(dialect, { SMTP_URL: peer.url, PUBLIC_URL: 'https://plenary.example.org' });
      t.clock.set(new Date('2027-01-10T09:00:00Z'));
      editorToken = (await createApiToken(t.deps, cliActor, { name: 'crm', role: 'editor' })).token;
    });
    after(async () => {
      await t.close();
      await peer.close();
    });

    test('registrations wait for staff; approving respects capacity and the waitlist, declining sticks; each registrant is told in their language', async () => {
      const event = await createEvent(t.deps, cliActor, briefing);
      const register = (email: string, name: string, locale: string) =>
        new TestClient(t.app).post(`/${locale}/events/${event.id}`, { email, name, memberState: 'FR' }, { csrfFrom: `/${locale}/events/${event.id}` });

      const page = await new TestClient(t.app).get(`/en/events/${event.id}`);
      assert.match(page.body, /Registrations for this event are approved by the organisers/);
      const ana = await register('ana@example.org', 'Ana Souza', 'fr');
      assert.equal(ana.statusCode, 201, ana.body);
      assert.match(ana.body, /Votre inscription attend d’être approuvée/);
      assert.equal((await register('ANA@example.org', 'Ana S.', 'fr')).statusCode, 200, 'the same address again: the same registration');
      assert.equal((await register('lena@example.org', 'Lena Fischer', 'en')).statusCode, 201);
      assert.equal((await register('omar@example.org', 'Omar Haddad', 'en')).statusCode, 201);
      const [anaRow, lenaRow, omarRow] = await Promise.all(['ana@example.org', 'lena@example.org', 'omar@example.org'].map((e) => byEmail(event.id, e)));
      assert.deepEqual([anaRow.status, lenaRow.status, omarRow.status], ['pending_approval', 'pending_approval', 'pending_approval']);

      const api = await t.app.inject({ method: 'GET', url: `/api/v1/events/${event.id}`, headers: { authorization: `Bearer ${editorToken}` } });
      assert.deepEqual((api.json() as Json).counts, { confirmed: 0, waitlisted: 0, pendingApproval: 3, cancelled: 0, attended: 0, noShow: 0 });
      assert.equal((api.json() as Json).approval, true);

      await t.runJobs();
      assert.deepEqual(
        (await mails('ana@example.org')).map((m) => m.subject),
        ['Inscription reçue : Réunion d’information pour les missions permanentes'],
      );
      assert.doesNotMatch((await mails('lena@example.org'))[0]?.text ?? '', /calendar\.ics/, 'no calendar entry before a place');

      // Staff decide from the registrant list: approve Ana (the one place), Lena (the waitlist), decline Omar.
      const editor = await t.signedInClient('editor', 'approver@example.org');
      const admin = `/en/admin/events/${event.id}`;
      const list = await editor.get(`${admin}?status=pending_approval`);
      assert.match(list.body, /aria-label="Approve the registration of Ana Souza"/);
      assert.match(list.body, /Pending approval \(3\)/);
      const decide = (id: number, decision: string) => editor.post(`${admin}/registrations/${id}/decision`, { decision }, { csrfFrom: admin });
      assert.equal((await decide(anaRow.id, 'approve')).statusCode, 303);
      assert.equal((await decide(lenaRow.id, 'approve')).statusCode, 303);
      assert.equal((await decide(omarRow.id, 'decline')).statusCode, 303);
      assert.deepEqual([await statusOf(anaRow.id), await statusOf(lenaRow.id), await statusOf(omarRow.id)], ['confirmed', 'waitlisted', 'cancelled']);
      const twice = await decide(omarRow.id, 'approve');
      assert.equal(twice.statusCode, 409, 'a decided registration is not decided again');
      assert.match(twice.body, /already been decided/);
      assert.equal(await statusOf(omarRow.id), 'cancelled');
      assert.equal((await register('omar@example.org', 'Omar Haddad', 'en')).statusCode, 200, 'a declined person asking again stays declined');
      assert.equal(await statusOf(omarRow.id), 'cancelled');

      await t.runJobs();
      const anaMail = (await mails('ana@example.org')).at(-1);
      assert.equal(anaMail?.subject, 'Inscription confirmée : Réunion d’information pour les missions permanentes');
      assert.match(anaMail?.text ?? '', /calendar\.ics/);
      assert.equal((await mails('lena@example.org')).at(-1)?.subject, 'On the waitlist: Briefing for the permanent missions');
      const omarMail = (await mails('omar@example.org')).at(-1);
      assert.equal(omarMail?.subject, 'Registration declined: Briefing for the permanent missions');
      assert.doesNotMatch(omarMail?.text ?? '', /Cancel my registration/);
      assert.equal((await mails('omar@example.org')).length, 2, 'told once that it waits, once that it was declined');

      // Ana cancels: Lena, approved onto the waitlist, takes the place.
      const cancel = await editor.post(`${admin}/registrations/${anaRow.id}/cancel`, {}, { csrfFrom: admin });
      assert.equal(cancel.statusCode, 303);
      assert.equal(await statusOf(lenaRow.id), 'confirmed');

      const audit = await t.deps.db.selectFrom('audit_events').select('action').where('subject', '=', `event:${event.id}`).execute();
      assert.equal(audit.filter((a) => a.action === 'event.registration_approve').length, 2);
      assert.ok(audit.some((a) => a.action === 'event.registration_decline'));
    });

    test('the API: staff registrations take a place at once; pending ones are decided through the decision operation', async () => {
      const event = await createEvent(t.deps, cliActor, { ...briefing, capacity: 10 });
      const call = (method: 'GET' | 'POST', url: string, body?: unknown) =>
        t.app.inject({
          method,
          url,
          headers: { authorization: `Bearer ${editorToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
          ...(body ? { payload: JSON.stringify(body) } : {}),
        });
      const staff = await call('POST', `/api/v1/events/${event.id}/registrations`, { email: 'kofi@example.org', name: 'Kofi Mensah' });
      assert.equal(staff.statusCode, 201);
      assert.equal((staff.json() as Json).status, 'confirmed', 'no approval for a registration staff make');
      const form = await new TestClient(t.app).post(
        `/en/events/${event.id}`,
        { email: 'amina@example.org', name: 'Amina Otieno' },
        { csrfFrom: `/en/events/${event.id}` },
      );
      assert.equal(form.statusCode, 201);
      const pending = await byEmail(event.id, 'amina@example.org');
      const bad = await call('POST', `/api/v1/events/${event.id}/registrations/${pending.id}/decision`, { decision: 'maybe' });
      assert.equal(bad.statusCode, 400);
      assert.equal(await statusOf(pending.id), 'pending_approval');
      const decided = await call('POST', `/api/v1/events/${event.id}/registrations/${pending.id}/decision`, { decision: 'approve' });
      assert.equal(decided.statusCode, 200, decided.body);
      assert.equal((decided.json() as Json).status, 'confirmed');
      const again = await call('POST', `/api/v1/events/${event.id}/registrations/${pending.id}/decision`, { decision: 'decline' });
      assert.equal(again.statusCode, 409);
      assert.equal((again.json() as Json).error.code, 'event_registration_decided');
      const counts = ((await call('GET', `/api/v1/events/${event.id}`)).json() as Json).counts;
      assert.equal(counts.confirmed, 2);
      assert.equal(counts.pendingApproval, 0);
    });
  });
}
