import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type ParsedMail, simpleParser } from 'mailparser';
import { dialects } from '../../../test/dialects.ts';
import { type SmtpPeer, startSmtpPeer } from '../../../test/smtp-peer.ts';
import { TestClient as Client, createTestApp, type TestApp, type TestClient } from '../../../test/test-app.ts';
import { cliActor } from '../audit/audit.service.ts';
import { createEvent } from './event.service.ts';
import { followUpJobName } from './event-follow-up.ts';
import { registerByStaff } from './event-registration.service.ts';

for (const dialect of dialects) {
  describe(`follow-ups after the event on ${dialect}`, () => {
    let t: TestApp;
    let peer: SmtpPeer;
    let editor: TestClient;
    const mails = async (): Promise<(ParsedMail & { to_: string })[]> =>
      Promise.all(peer.received.map(async (m) => Object.assign(await simpleParser(m.raw), { to_: m.to.join(',') })));

    before(async () => {
      peer = await startSmtpPeer({ smtpUtf8: true });
      t = await createTestApp(dialect, { SMTP_URL: peer.url, PUBLIC_URL: 'https://plenary.example.org' });
      t.clock.set(new Date('2027-01-14T15:00:00Z'));
      editor = await t.signedInClient('editor');
    });
    after(async () => {
      await t.close();
      await peer.close();
    });

    test('those who came and those who did not get different follow-ups in their language, with the materials, once', async () => {
      const event = await createEvent(t.deps, cliActor, {
        kind: 'webinar',
        title: { en: 'Webinar on the Zero Draft', es: 'Seminario web sobre el borrador cero' },
        startsAt: '2027-01-14T14:00:00Z',
        endsAt: '2027-01-14T15:30:00Z',
        timeZone: 'Europe/Zurich',
        visibility: 'public',
        status: 'published',
      });
      const people = [
        ['ana@example.org', 'Ana Souza', 'es', 1],
        ['lena@example.org', 'Lena Fischer', 'en', 1],
        ['kofi@example.org', 'Kofi Mensah', 'en', 0],
        ['omar@example.org', 'Omar Haddad', 'en', null],
      ] as const;
      for (const [email, name, locale, attended] of people) {
        const { registration } = await registerByStaff(t.deps, cliActor, event.id, { email, name, locale });
        await t.deps.db.updateTable('event_registrations').set({ attended }).where('id', '=', registration.id).execute();
      }
      await t.runJobs();
      peer.received.length = 0;

      const page = `/en/admin/events/${event.id}`;
      const bad = await editor.post(`${page}/materials`, { 'materials.0.label': 'Recording', 'materials.0.url': 'javascript:alert(1)' }, { csrfFrom: page });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /a link starting with http:\/\/ or https:\/\//);
      const saved = await editor.post(
        `${page}/materials`,
        {
          'materials.0.label': 'Recording',
          'materials.0.url': 'https://media.example.org/zero-draft',
          'materials.1.label': 'Slides (PDF)',
          'materials.1.url': 'https://media.example.org/zero-draft.pdf',
          'notes.noShow.es': 'La próxima sesión es el 28 de enero.',
        },
        { csrfFrom: page },
      );
      assert.equal(saved.statusCode, 200);
      assert.match(saved.body, /The materials and notes are saved/);
      assert.match(
        (await new Client(t.app).get(`/en/events/${event.id}`)).body,
        /href="https:\/\/media\.example\.org\/zero-draft"/,
        'the public page lists them',
      );

      const early = await editor.post(`${page}/follow-up`, {}, { csrfFrom: page });
      assert.equal(early.statusCode, 409, 'not before the event has ended');
      assert.match(early.body, /only be sent once the event has ended/);

      t.clock.set(new Date('2027-01-14T16:00:00Z'));
      const sent = await editor.post(`${page}/follow-up`, {}, { csrfFrom: page });
      assert.equal(sent.statusCode, 200);
      assert.match(sent.body, /Sending the follow-ups: 2 to those who attended, 1 to those who did not/);
      assert.equal((await editor.post(`${page}/follow-up`, {}, { csrfFrom: page })).statusCode, 409, 'once per event');

      await t.runJobs();
      // A job run again (a worker that crashed after sending) sends nothing twice.
      await t.deps.queue.enqueue(followUpJobName, { eventId: event.id });
      await t.runJobs();
      const received = await mails();
      assert.deepEqual(received.map((m) => [m.to_, m.subject]).sort(), [
        ['ana@example.org', 'Gracias por asistir: Seminario web sobre el borrador cero'],
        ['kofi@example.org', 'Sorry we missed you: Webinar on the Zero Draft'],
        ['lena@example.org', 'Thank you for attending: Webinar on the Zero Draft'],
      ]);
      assert.match(received.find((m) => m.to_ === 'ana@example.org')?.text ?? '', /Gracias por participar/);
      const kofi = received.find((m) => m.to_ === 'kofi@example.org');
      assert.match(kofi?.text ?? '', /Recording: https:\/\/media\.example\.org\/zero-draft/);
      assert.match(kofi?.text ?? '', /Slides \(PDF\): https:\/\/media\.example\.org\/zero-draft\.pdf/);
      assert.doesNotMatch(
        kofi?.text ?? '',
        /próxima sesión/,
        'the Spanish note goes to Spanish readers (and to the network’s default language only if written in it)',
      );
      assert.equal(kofi?.headers.get('list-unsubscribe'), undefined, 'transactional');
    });
  });
}
