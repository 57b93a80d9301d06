import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { simpleParser } from 'mailparser';
import { dialects } from '../../../test/dialects.ts';
import { startSmtpPeer } from '../../../test/smtp-peer.ts';
import { createTestApp, type TestApp, TestClient } from '../../../test/test-app.ts';
import { findJob } from '../../jobs/job.repository.ts';
import { minimumFillMs } from './join.routes.tsx';

/** The header block of a raw message with folded lines unfolded (RFC 5322 §2.2.3). */
function headerBlock(raw: string): string {
  return (raw.split(/\r?\n\r?\n/)[0] ?? '').replace(/\r?\n[ \t]+/g, ' ');
}

async function join(t: TestApp, email: string, locale: string) {
  const client = new TestClient(t.app);
  const page = await client.get(`/${locale}/join`);
  const stamp = /name="stamp" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  t.clock.advance(minimumFillMs + 100);
  const response = await client.post(
    `/${locale}/join`,
    { stamp, email, name: 'Li Wei', consent: 'yes', language: locale, memberState: 'CN' },
    { csrfFrom: `/${locale}/join` },
  );
  assert.equal(response.statusCode, 303);
  return client;
}

for (const dialect of dialects) {
  describe(`joining through a real SMTP peer on ${dialect}`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    after(async () => {
      for (const c of cleanups.reverse()) await c();
    });

    test('join → confirm → welcome → one-click unsubscribe, reading the emails the relay received', async () => {
      const peer = await startSmtpPeer({ smtpUtf8: true });
      const t = await createTestApp(dialect, { SMTP_URL: peer.url, MAIL_FROM: 'WSIS+20 Outreach <outreach@plenary.example>' });
      cleanups.push(peer.close, t.close);
      const client = await join(t, '用户@例子.广告', 'zh');
      assert.equal(await t.runJobs(), 1);
      assert.equal(peer.received.length, 1);
      const envelope = peer.received[0]!;
      assert.deepEqual(envelope.to, ['用户@例子.广告']);
      assert.ok(
        peer.commands.some((c) => /^MAIL FROM:<[^>]+> .*SMTPUTF8/.test(c)),
        `sent with the SMTPUTF8 parameter: ${peer.commands.join(' | ')}`,
      );
      const confirmation = await simpleParser(envelope.raw);
      assert.match(String(confirmation.subject), /WSIS\+20/);
      assert.equal(confirmation.to && 'value' in confirmation.to ? confirmation.to.value[0]?.address : '', '用户@例子.广告');
      assert.match(headerBlock(envelope.raw), /^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
      const confirmPath = new URL(/https?:\/\/\S+\/zh\/join\/confirm\/[A-Za-z0-9._-]+/.exec(String(confirmation.text))![0]).pathname;
      assert.equal((await client.post(confirmPath, {}, { csrfFrom: confirmPath })).statusCode, 200);

      assert.equal(await t.runJobs(), 1);
      const welcome = peer.received[1]!;
      assert.match(String((await simpleParser(welcome.raw)).subject), /WSIS\+20/);
      const unsubscribeUrl = /^List-Unsubscribe: <([^>]+)>/m.exec(headerBlock(welcome.raw))?.[1];
      assert.ok(unsubscribeUrl);
      const oneClick = await t.app.inject({
        method: 'POST',
        url: new URL(unsubscribeUrl).pathname,
        payload: 'List-Unsubscribe=One-Click',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      assert.equal(oneClick.statusCode, 200);
      const member = await t.deps.db.selectFrom('members').select('status').where('email_key', '=', '用户@例子.广告').executeTakeFirstOrThrow();
      assert.equal(member.status, 'unsubscribed');
    });

    test('an IDN domain with an ASCII local part goes out as A-labels', async () => {
      const peer = await startSmtpPeer({ smtpUtf8: false });
      const t = await createTestApp(dialect, { SMTP_URL: peer.url });
      cleanups.push(peer.close, t.close);
      await join(t, 'info@例子.广告', 'en');
      assert.equal(await t.runJobs(), 1);
      assert.ok(peer.commands.includes('RCPT TO:<info@xn--fsqu00a.xn--4rr70v>'), peer.commands.join(' | '));
      assert.equal(peer.received[0]?.utf8, false);
    });

    test('a relay without SMTPUTF8: a non-ASCII local part fails permanently with a clear reason', async () => {
      const peer = await startSmtpPeer({ smtpUtf8: false });
      const t = await createTestApp(dialect, { SMTP_URL: peer.url });
      cleanups.push(peer.close, t.close);
      await join(t, 'josé@ejemplo.es', 'es');
      await t.runJobs();
      assert.equal(peer.received.length, 0, 'no raw UTF-8 address was sent');
      const job = await t.deps.db.selectFrom('jobs').select('id').where('name', '=', 'member.email').executeTakeFirstOrThrow();
      const row = await findJob(t.deps.db, job.id);
      assert.equal(row?.status, 'failed');
      assert.equal(row?.attempts, 1, 'not retried');
      assert.match(String(row?.last_error), /SMTPUTF8/);
    });

    test('a 4xx reply is retried later; a 5xx reply fails at once', async () => {
      const peer = await startSmtpPeer({
        rejectRecipient: (address) => (address.startsWith('busy') ? [451, 'Try again later'] : address.startsWith('gone') ? [550, 'No such user'] : null),
      });
      const t = await createTestApp(dialect, { SMTP_URL: peer.url });
      cleanups.push(peer.close, t.close);
      await join(t, 'busy@example.org', 'en');
      await join(t, 'gone@example.org', 'en');
      await t.runJobs();
      const jobs = await t.deps.db.selectFrom('jobs').selectAll().where('name', '=', 'member.email').orderBy('id').execute();
      assert.equal(jobs[0]?.status, 'queued', '451: queued again with backoff');
      assert.match(String(jobs[0]?.last_error), /451/);
      assert.equal(jobs[1]?.status, 'failed', '550: failed');
      assert.match(String(jobs[1]?.last_error), /550/);
    });
  });
}
