import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { simpleParser } from 'mailparser';
import { dialects } from '../../../test/dialects.ts';
import { startSmtpPeer } from '../../../test/smtp-peer.ts';
import { createTestApp, type TestApp, TestClient } from '../../../test/test-app.ts';
import * as announcements from '../announcements/announcement.service.ts';
import { cliActor } from '../audit/audit.service.ts';
import { addMember } from '../members/member.service.ts';
import { memberEmailJobName } from '../members/member-email.job.ts';

/** Every path that carries a credential: a staff account's set-password link, a member's confirm/manage/unsubscribe link. */
const staffLink = /\/admin\/set-password\/([A-Za-z0-9_-]{20,})/g;
const memberLink = /\/(?:join\/confirm|me|unsubscribe)\/([A-Za-z0-9._-]{16,})/g;

/** The message as its reader sees it: quoted-printable and base64 decoded, headers unfolded. */
async function decoded(raw: string): Promise<string> {
  const mail = await simpleParser(raw);
  const headers = mail.headerLines.map((l) => l.line.replace(/\r?\n[ \t]+/g, ' ')).join('\n');
  return `${headers}\n${mail.text ?? ''}\n${typeof mail.html === 'string' ? mail.html : ''}`;
}

async function lastCaptured(t: TestApp, to: string) {
  return t.deps.db.selectFrom('captured_mail').selectAll().where('envelope_to', '=', to).orderBy('id', 'desc').executeTakeFirstOrThrow();
}

/** The tokens of `pattern` in a text, e.g. every member token in a message. */
function tokens(text: string, pattern: RegExp): string[] {
  return [...text.matchAll(pattern)].map((m) => m[1]!);
}

for (const dialect of dialects) {
  describe(`captured mail hands out no credentials on ${dialect}`, () => {
    let t: TestApp;
    let owner: TestClient;
    let editor: TestClient;
    let viewer: TestClient;
    before(async () => {
      t = await createTestApp(dialect);
      owner = await t.signedInClient('owner', 'owner@example.org');
      editor = await t.signedInClient('editor', 'editor@example.org');
      viewer = await t.signedInClient('viewer', 'viewer@example.org');
    });
    after(async () => {
      await t.close();
    });

    test('an invitation is kept without its set-password link: a viewer cannot become owner from it', async () => {
      const invited = await owner.post(
        '/en/admin/staff',
        { email: 'new-owner@example.org', name: 'New Owner', role: 'owner' },
        { csrfFrom: '/en/admin/staff' },
      );
      assert.equal(invited.statusCode, 303);
      await t.runJobs();
      const row = await lastCaptured(t, 'new-owner@example.org');
      const reader = await decoded(row.raw);
      assert.deepEqual(tokens(reader, staffLink), [], 'no set-password token in the stored message');
      assert.deepEqual(tokens(row.raw.replace(/=\r?\n/g, ''), staffLink), [], 'nor in its raw source');
      assert.match(reader, /\[redacted\]/, 'the link is replaced by a marker');
      assert.match(reader, /New Owner/, 'the rest of the invitation is kept');

      for (const url of ['/en/admin/mail', `/en/admin/mail/${row.id}`]) assert.equal((await viewer.get(url)).statusCode, 403, `viewer on ${url}`);
      for (const client of [owner, editor]) {
        const page = await client.get(`/en/admin/mail/${row.id}`);
        assert.equal(page.statusCode, 200);
        assert.deepEqual(tokens(page.body, staffLink), []);
      }
      // The one set-password link that exists was never readable, so nothing a viewer saw opens it.
      const links = await t.deps.db.selectFrom('staff_links').select('used_at').execute();
      assert.ok(links.length >= 1 && links.every((l) => l.used_at === null));
    });

    test('members’ links are kept for owners only: editors read the message with them removed', async () => {
      const member = await addMember(t.deps, cliActor, { email: 'li.wei@example.org', name: 'Li Wei', language: 'zh' }, { status: 'pending', basis: 'test' });
      await t.deps.queue.enqueue(memberEmailJobName, { memberId: member.id, kind: 'confirmation' });
      await addMember(t.deps, cliActor, { email: 'amina@example.org', name: 'Amina', language: 'ar' }, { status: 'subscribed', basis: 'test' });
      const a = await announcements.createAnnouncement(t.deps, cliActor, { subject: 'Zero draft', markdown: 'Dear {{name}}, the zero draft is out.' });
      await announcements.sendAnnouncement(t.deps, cliActor, a.id);
      await t.runJobs();

      for (const to of ['li.wei@example.org', 'amina@example.org']) {
        const row = await lastCaptured(t, to);
        const secrets = tokens(await decoded(row.raw), memberLink);
        assert.ok(secrets.length >= 1, `${to}: the stored message keeps the member's links`);

        const forOwner = await owner.get(`/en/admin/mail/${row.id}`);
        assert.equal(forOwner.statusCode, 200);
        assert.ok(
          secrets.every((s) => forOwner.body.includes(s)),
          'owners see the links',
        );

        const forEditor = await editor.get(`/en/admin/mail/${row.id}`);
        assert.equal(forEditor.statusCode, 200);
        for (const secret of secrets) {
          assert.ok(!forEditor.body.includes(secret), `${to}: editors never see ${secret}`);
          assert.ok(!forEditor.body.includes(secret.slice(-12)), 'not even the signature');
        }
        assert.doesNotMatch(forEditor.body, /unsubscribe\+[a-z0-9.]+@/i, 'nor the mailto unsubscribe token');
        assert.match(forEditor.body, /\[redacted\]/);
        assert.match(forEditor.body, to === 'amina@example.org' ? /the zero draft is out/ : /li\.wei@example\.org/, 'the message itself is readable');
        assert.equal((await viewer.get(`/en/admin/mail/${row.id}`)).statusCode, 403);
      }
    });

    test('the admin navigation offers captured mail to editors and owners, not viewers', async () => {
      assert.ok(!(await viewer.get('/en/admin')).body.includes(`href="/en/admin/mail"`), 'no link for viewers');
      assert.ok((await editor.get('/en/admin')).body.includes(`href="/en/admin/mail"`), 'a link for editors');
    });
  });

  describe(`invited staff get their link by real SMTP on ${dialect}`, () => {
    test('the invitation through a relay carries a working set-password link', async () => {
      const peer = await startSmtpPeer({ smtpUtf8: true });
      const t = await createTestApp(dialect, { SMTP_URL: peer.url });
      try {
        const owner = await t.signedInClient('owner', 'inviter@example.org');
        const invited = await owner.post('/en/admin/staff', { email: 'josé@ejemplo.es', name: 'José', role: 'editor' }, { csrfFrom: '/en/admin/staff' });
        assert.equal(invited.statusCode, 303);
        assert.equal(await t.runJobs(), 1);
        assert.equal(peer.received.length, 1);
        const [token] = tokens(await decoded(peer.received[0]!.raw), staffLink);
        assert.ok(token, 'the relay received the link');
        const path = `/en/admin/set-password/${token}`;
        const stranger = new TestClient(t.app);
        assert.equal((await stranger.post(path, { password: 'a long enough passphrase' }, { csrfFrom: path })).statusCode, 303);
        assert.equal((await stranger.signIn('josé@ejemplo.es', 'a long enough passphrase')).statusCode, 303);
        assert.equal(await t.deps.db.selectFrom('captured_mail').select('id').executeTakeFirst(), undefined, 'nothing captured');
      } finally {
        await t.close();
        await peer.close();
      }
    });
  });
}
