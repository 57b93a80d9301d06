import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dkimVerify } from 'mailauth/lib/dkim/verify.js';
import { simpleParser } from 'mailparser';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { systemClock } from '../../clock.ts';
import { cliActor } from '../audit/audit.service.ts';
import { dkimTxtRecord, generateDkimKey } from '../delivery/dkim.ts';
import { readMailToken } from '../delivery/mail-token.ts';
import type { MailTransport } from '../delivery/mail-transport.ts';
import { addMember } from '../members/member.service.ts';
import * as repo from './announcement.repository.ts';
import * as announcements from './announcement.service.ts';
import { audienceOf } from './announcement.service.ts';
import { sendDue } from './announcement-sender.ts';

const key = generateDkimKey();

async function addSubscribed(t: TestApp, email: string, name: string, language: string, memberState = 'FR') {
  return addMember(t.deps, cliActor, { email, name, language, memberState }, { status: 'subscribed', basis: 'test' });
}

function header(raw: string, name: string): string | undefined {
  const block = (raw.split(/\r?\n\r?\n/)[0] ?? '').replace(/\r?\n[ \t]+/g, ' ');
  return new RegExp(`^${name}: (.*)$`, 'mi').exec(block)?.[1]?.trim();
}

for (const dialect of dialects) {
  describe(`announcements on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect, {
        PUBLIC_URL: 'https://outreach.example.org',
        MAIL_FROM: 'WSIS+20 Outreach <outreach@example.org>',
        BOUNCE_DOMAIN: 'bounces.example.org',
        DKIM_DOMAIN: 'example.org',
        DKIM_SELECTOR: 'plenary',
        DKIM_PRIVATE_KEY: key.privateKey,
      });
      await addSubscribed(t, 'amina@example.org', 'Amina', 'en', 'KE');
      await addSubscribed(t, 'ليلى@مثال.إختبار', 'ليلى', 'ar', 'EG');
      await addSubscribed(t, 'josé@ejemplo.es', 'José', 'es', 'MX');
      await addSubscribed(t, 'wei@example.org', '李伟', 'zh', 'CN');
    });
    after(async () => {
      await t.close();
    });

    test('every member receives their language, personalised, DKIM-signed, with List-* headers and a VERP sender', async () => {
      const a = await announcements.createAnnouncement(t.deps, cliActor, {
        subject: 'The Zero Draft is out',
        markdown: 'Dear {{name}},\n\nThe **Zero Draft** is out. <script>alert(1)</script>\n\n[Read it](https://example.org/zero-draft)',
        variants: {
          ar: { subject: 'صدرت المسودة الأولى', markdown: 'عزيزي {{name}}،\n\nصدرت **المسودة الأولى**.' },
          es: { subject: 'Ya está el borrador cero', markdown: 'Estimado/a {{name}}:\n\nYa está el **borrador cero**.' },
        },
      });
      await announcements.sendAnnouncement(t.deps, cliActor, a.id);
      await t.runJobs();
      const progress = await announcements.announcementProgress(t.deps, a.id);
      assert.equal(progress.status, 'sent');
      assert.deepEqual(progress.counts, { total: 4, queued: 0, sent: 4, deferred: 0, failed: 0, bounced: 0, cancelled: 0 });

      const mail = await t.deps.db
        .selectFrom('captured_mail')
        .selectAll()
        .where('subject', 'in', ['The Zero Draft is out', 'صدرت المسودة الأولى', 'Ya está el borrador cero'])
        .execute();
      assert.equal(mail.length, 4);
      const byTo = new Map(mail.map((m) => [m.envelope_to, m]));
      const arabic = byTo.get('ليلى@مثال.إختبار');
      assert.ok(arabic);
      const parsedAr = await simpleParser(arabic.raw);
      assert.equal(parsedAr.subject, 'صدرت المسودة الأولى');
      assert.match(String(parsedAr.html), /dir="rtl"/);
      assert.match(String(parsedAr.text), /عزيزي ليلى/);
      assert.match(String(header(arabic.raw, 'Subject')), /^=\?UTF-8\?/i, 'a non-ASCII subject is RFC 2047-encoded');

      const chinese = byTo.get('wei@example.org');
      assert.ok(chinese);
      const parsedZh = await simpleParser(chinese.raw);
      assert.equal(parsedZh.subject, 'The Zero Draft is out', 'no Chinese variant: the default');
      assert.match(String(parsedZh.html), /Dear 李伟/);
      assert.match(String(parsedZh.html), /&lt;script&gt;/, 'raw HTML in Markdown is escaped');

      for (const m of mail) {
        const verification = await dkimVerify(Buffer.from(m.raw), {
          resolver: async (name: string, rr: string) => {
            assert.equal(rr, 'TXT');
            assert.equal(name, 'plenary._domainkey.example.org');
            return [[dkimTxtRecord(key.publicKeyBase64)]];
          },
        });
        assert.equal(verification.results[0]?.status.result, 'pass', `DKIM for ${m.envelope_to}`);
        const verp = /^bounces\+([^@]+)@bounces\.example\.org$/.exec(m.envelope_from);
        assert.ok(verp, m.envelope_from);
        assert.equal(readMailToken(t.deps.secretKey, verp[1] as string)?.kind, 'd');
        assert.match(
          String(header(m.raw, 'List-Unsubscribe')),
          /^<https:\/\/outreach\.example\.org\/[a-z]{2}\/unsubscribe\/[^>]+>, <mailto:unsubscribe\+u\d+\.[0-9a-f]{12}@bounces\.example\.org\?subject=unsubscribe>$/,
        );
        assert.equal(header(m.raw, 'List-Unsubscribe-Post'), 'List-Unsubscribe=One-Click');
        assert.match(String(header(m.raw, 'List-Archive')), /^<https:\/\/outreach\.example\.org\/[a-z]{2}\/announcements>$/);
        assert.ok(header(m.raw, 'List-Id'));
        assert.ok(header(m.raw, 'Message-ID'));
        assert.ok(header(m.raw, 'Date'));
      }
      const to = header(arabic.raw, 'To') ?? '';
      assert.doesNotMatch(to, /=\?/, 'no RFC 2047 inside an address (RFC 6532)');
    });

    /** A fanned-out announcement whose senders the test runs itself (the queued start job is removed). */
    async function fannedOut(subject: string) {
      const a = await announcements.createAnnouncement(t.deps, cliActor, { subject, markdown: 'Hello {{name}}' });
      await announcements.sendAnnouncement(t.deps, cliActor, a.id);
      await t.deps.db.deleteFrom('jobs').where('name', '=', 'announcement.start').execute();
      const row = (await repo.findAnnouncement(t.deps.db, a.id))!;
      await repo.fanOut(t.deps.db, row, audienceOf(row), t.deps.clock.now());
      return row;
    }

    /** A transport that takes `ms` over each message and counts them per recipient. */
    function slowTransport(ms: number, onSend: () => void = () => {}) {
      const received = new Map<string, number>();
      const mail: MailTransport = {
        async send(message) {
          onSend();
          await new Promise((r) => setTimeout(r, ms));
          received.set(message.to, (received.get(message.to) ?? 0) + 1);
          return { messageId: `<${received.size}@test>` };
        },
        async close() {},
      };
      return { mail, received };
    }

    test('a batch that takes longer than the delivery lease keeps it: a second sender sends nothing twice', async () => {
      const a = await fannedOut('Slow relay');
      const { mail, received } = slowTransport(1200);
      const deps = { ...t.deps, clock: systemClock, mail, config: { ...t.deps.config, deliveryLeaseMs: 300 } };
      const first = sendDue(deps, a.id, new Date(Date.now() + 20_000));
      await new Promise((r) => setTimeout(r, 700)); // the first batch's lease, unrenewed, would have run out twice
      const second = await sendDue(deps, a.id, new Date(Date.now() + 3000));
      assert.equal(second.kind, 'more', 'the second sender found nothing due: the first still holds its batch');
      assert.equal((await first).kind, 'finished');
      assert.ok(received.size > 0);
      assert.deepEqual(
        [...received].filter(([, n]) => n !== 1),
        [],
        'every member received the announcement once',
      );
    });

    test('a sender told to stop (its job lease was lost) finishes the batch in hand and leases no more', async () => {
      const a = await fannedOut('Lost lease');
      const controller = new AbortController();
      const { mail, received } = slowTransport(1, () => controller.abort());
      const deps = { ...t.deps, mail, config: { ...t.deps.config, deliveryBatchSize: 1 } };
      const progress = await sendDue(deps, a.id, new Date(t.clock.now().getTime() + 60_000), controller.signal);
      assert.equal(progress.kind, 'stopped');
      assert.equal(received.size, 1, 'one batch of one, then no more');
      const counts = await repo.deliveryCounts(t.deps.db, a.id);
      assert.equal(counts.sent, 1);
      assert.equal(counts.sending, 0, 'the batch in hand was recorded');
      assert.ok(counts.queued > 0, 'the rest waits for the worker that holds the job now');
      assert.equal((await repo.findAnnouncement(t.deps.db, a.id))?.status, 'sending');
    });

    test('a member who unsubscribes after the fan-out receives nothing; pause stops, resume finishes, cancel cancels', async () => {
      const a = await announcements.createAnnouncement(t.deps, cliActor, { subject: 'Second', markdown: 'Hello {{name}}' });
      await announcements.sendAnnouncement(t.deps, cliActor, a.id);
      const startJob = await t.deps.db.selectFrom('jobs').select('id').where('name', '=', 'announcement.start').orderBy('id', 'desc').executeTakeFirstOrThrow();
      assert.ok(startJob);
      await announcements.pauseAnnouncement(t.deps, cliActor, a.id);
      await t.runJobs();
      let progress = await announcements.announcementProgress(t.deps, a.id);
      assert.equal(progress.status, 'paused');
      assert.equal(progress.counts.sent, 0, 'paused before any sending');
      await t.deps.db.updateTable('members').set({ status: 'unsubscribed' }).where('email_key', '=', 'amina@example.org').execute();
      await announcements.resumeAnnouncement(t.deps, cliActor, a.id);
      await t.runJobs();
      progress = await announcements.announcementProgress(t.deps, a.id);
      assert.equal(progress.status, 'sent');
      assert.equal(progress.counts.sent, 3);
      assert.equal(progress.counts.cancelled, 1);

      const c = await announcements.createAnnouncement(t.deps, cliActor, { subject: 'Third', markdown: 'x' });
      await announcements.sendAnnouncement(t.deps, cliActor, c.id, new Date(t.clock.now().getTime() + 3_600_000));
      assert.equal((await announcements.announcementProgress(t.deps, c.id)).status, 'scheduled');
      await announcements.cancelAnnouncement(t.deps, cliActor, c.id);
      t.clock.advance(3_600_001);
      await t.runJobs();
      const cancelled = await announcements.announcementProgress(t.deps, c.id);
      assert.equal(cancelled.status, 'cancelled');
      assert.equal(cancelled.counts.total, 0, 'a cancelled schedule sends nothing');
      await assert.rejects(announcements.resumeAnnouncement(t.deps, cliActor, c.id), /announcement_locked/);
    });
  });
}

test('with a slow relay rate, a batch stays well within its lease', async () => {
  const { leaseSafeBatchSize } = await import('./announcement-sender.ts');
  const { loadConfig } = await import('../../config/config.ts');
  const fast = loadConfig({ SMTP_URL: 'smtp://127.0.0.1:2526' });
  assert.equal(leaseSafeBatchSize(fast), 200, 'no rate: the configured batch');
  const slow = loadConfig({ SMTP_URL: 'smtp://127.0.0.1:2526', SMTP_RATE: '1', DELIVERY_LEASE_SECONDS: '120' });
  assert.equal(leaseSafeBatchSize(slow), 30, '1 message/s for a quarter of 120 s');
  const crawl = loadConfig({ SMTP_URL: 'smtp://127.0.0.1:2526', SMTP_RATE: '0.01' });
  assert.equal(leaseSafeBatchSize(crawl), 1);
});
