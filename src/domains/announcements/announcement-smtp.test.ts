import assert from 'node:assert/strict';
import net from 'node:net';
import { after, describe, test } from 'node:test';
import { dkimVerify } from 'mailauth/lib/dkim/verify.js';
import { simpleParser } from 'mailparser';
import { dialects } from '../../../test/dialects.ts';
import { startSmtpPeer } from '../../../test/smtp-peer.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { hasControlCharacters } from '../../security/human-text.ts';
import { cliActor } from '../audit/audit.service.ts';
import { dkimTxtRecord, generateDkimKey } from '../delivery/dkim.ts';
import { readMailToken } from '../delivery/mail-token.ts';
import { sendMailJobName } from '../delivery/send-mail.job.ts';
import { addMember } from '../members/member.service.ts';
import * as announcements from './announcement.service.ts';
import { maxDeliveryAttempts } from './announcement-sender.ts';

// An announcement through a real SMTP peer (nodemailer's smtp-server in this process) that answers
// with scripted 4xx and 5xx replies, lacks SMTPUTF8, or never answers at all. What the relay saw and
// what the `deliveries` outbox says must agree: every recipient is sent, deferred, or failed for a reason.

const minute = 60_000;
const key = generateDkimKey();
const languages = ['en', 'fr', 'es', 'ar', 'zh', 'ru'] as const;

async function addSubscribed(t: TestApp, email: string, i: number) {
  return addMember(
    t.deps,
    cliActor,
    { email, name: `Member ${i}`, language: languages[i % languages.length], memberState: ['KE', 'FR', 'BR', 'JP', 'PL'][i % 5] },
    { status: 'subscribed', basis: 'test' },
  );
}

/** A header of a raw message, unfolded (RFC 5322 §2.2.3). */
function header(raw: string, name: string): string | undefined {
  const block = (raw.split(/\r?\n\r?\n/)[0] ?? '').replace(/\r?\n[ \t]+/g, ' ');
  return new RegExp(`^${name}: (.*)$`, 'mi').exec(block)?.[1]?.trim();
}

async function deliveriesOf(t: TestApp, announcementId: number) {
  const rows = await t.deps.db
    .selectFrom('deliveries')
    .innerJoin('members', 'members.id', 'deliveries.member_id')
    .select([
      'deliveries.id',
      'deliveries.state',
      'deliveries.attempts',
      'deliveries.next_attempt_at',
      'deliveries.last_reply',
      'deliveries.locked_by',
      'deliveries.sent_at',
      'deliveries.message_id',
      'members.email_display as email',
    ])
    .where('deliveries.announcement_id', '=', announcementId)
    .orderBy('deliveries.id')
    .execute();
  return new Map(rows.map((r) => [r.email, r]));
}

/** A TCP server that accepts connections and never says a word (a hung relay); `release` turns it into a proxy to `upstream`. */
async function startSilentRelay() {
  const held = new Set<net.Socket>();
  let upstreamPort: number | null = null;
  const server = net.createServer((socket) => {
    socket.on('error', () => {});
    if (upstreamPort === null) {
      held.add(socket);
      socket.on('close', () => held.delete(socket));
      return;
    }
    const upstream = net.connect({ host: '127.0.0.1', port: upstreamPort });
    upstream.on('error', () => socket.destroy());
    socket.pipe(upstream).pipe(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  let connections = 0;
  server.on('connection', () => connections++);
  return {
    url: `smtp://127.0.0.1:${port}`,
    connections: () => connections,
    release(upstreamUrl: string) {
      upstreamPort = Number(new URL(upstreamUrl).port);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of held) s.destroy();
        server.close(() => resolve());
      }),
  };
}

for (const dialect of dialects) {
  describe(`an announcement through a real SMTP peer on ${dialect}`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    after(async () => {
      for (const c of cleanups.reverse()) await c();
    });

    test('451 is deferred with backoff and sent later; 550 fails at once; a UTF-8 local part without SMTPUTF8 fails with that reason', async () => {
      let busy = true;
      const peer = await startSmtpPeer({
        smtpUtf8: false,
        rejectRecipient: (address) => {
          if (address.startsWith('stuck')) return [451, '4.7.1 Greylisted, try again later'];
          if (busy && address.startsWith('busy')) return [451, '4.3.2 Try again later'];
          if (address.startsWith('gone')) return [550, '5.1.1 No such user'];
          return null;
        },
      });
      const t = await createTestApp(dialect, {
        SMTP_URL: peer.url,
        MAIL_FROM: 'WSIS+20 Outreach <outreach@example.org>',
        BOUNCE_DOMAIN: 'bounces.example.org',
        DKIM_DOMAIN: 'example.org',
        DKIM_SELECTOR: 'plenary',
        DKIM_PRIVATE_KEY: key.privateKey,
      });
      cleanups.push(peer.close, t.close);

      const fine = Array.from({ length: 22 }, (_, i) => `member${i}@example.org`);
      const busyOnes = ['busy1@example.org', 'busy2@example.net', 'busy3@example.com'];
      const goneOnes = ['gone1@example.org', 'gone2@example.net'];
      const idn = 'info@例子.广告'; // ASCII local part: goes out as A-labels, no SMTPUTF8 needed
      const utf8 = 'josé@ejemplo.es'; // needs SMTPUTF8, which this relay does not offer
      const stuck = 'stuck@example.org'; // 451 on every attempt
      const everyone = [...fine, ...busyOnes, ...goneOnes, idn, utf8, stuck];
      assert.equal(everyone.length, 30);
      for (const [i, email] of everyone.entries()) await addSubscribed(t, email, i);

      const a = await announcements.createAnnouncement(t.deps, cliActor, {
        subject: 'The Zero Draft is out',
        markdown: 'Dear {{name}},\n\nThe **Zero Draft** is out.',
      });
      await announcements.sendAnnouncement(t.deps, cliActor, a.id);
      const sentAt = t.clock.now().getTime();
      await t.runJobs();

      let progress = await announcements.announcementProgress(t.deps, a.id);
      assert.equal(progress.status, 'sending', 'deferred deliveries keep the announcement open');
      assert.deepEqual(progress.counts, { total: 30, queued: 0, sent: 23, deferred: 4, failed: 3, bounced: 0, cancelled: 0 });

      let rows = await deliveriesOf(t, a.id);
      for (const email of [...fine, idn]) {
        const row = rows.get(email)!;
        assert.equal(row.state, 'sent', email);
        assert.equal(row.attempts, 1);
        assert.ok(row.sent_at && row.message_id, `${email}: sent_at and message_id recorded`);
        assert.match(String(row.last_reply), /^250 /, 'the relay’s reply is kept');
        assert.equal(row.locked_by, null, 'no lease left behind');
      }
      for (const email of [...busyOnes, stuck]) {
        const row = rows.get(email)!;
        assert.equal(row.state, 'deferred', email);
        assert.equal(row.attempts, 1);
        assert.match(String(row.last_reply), /^451 /);
        assert.equal(new Date(row.next_attempt_at).getTime() - sentAt, minute, 'first retry after one minute');
      }
      for (const email of goneOnes) {
        const row = rows.get(email)!;
        assert.equal(row.state, 'failed', email);
        assert.match(String(row.last_reply), /^550 5\.1\.1 No such user/);
      }
      const utf8Row = rows.get(utf8)!;
      assert.equal(utf8Row.state, 'failed');
      assert.match(String(utf8Row.last_reply), /needs SMTPUTF8 \(RFC 6531\), which the relay does not offer/);

      const recipients = () => peer.received.flatMap((m) => m.to);
      assert.equal(peer.received.length, 23);
      assert.ok(peer.commands.includes('RCPT TO:<info@xn--fsqu00a.xn--4rr70v>'), 'the IDN domain went out as A-labels');
      assert.ok(!peer.commands.some((c) => /[^ -~]/.test(c)), 'no raw UTF-8 address reached a relay without SMTPUTF8');

      // Signed on the way out through the pool, and the signature verifies on what the relay received.
      for (const m of peer.received.slice(0, 3)) {
        const verification = await dkimVerify(Buffer.from(m.raw), { resolver: async () => [[dkimTxtRecord(key.publicKeyBase64)]] });
        assert.equal(verification.results[0]?.status.result, 'pass', `DKIM for ${m.to.join()}`);
      }

      // Nothing is due before the backoff has passed.
      t.clock.advance(minute - 1000);
      await t.runJobs();
      assert.equal(peer.received.length, 23, 'not retried early');

      // Second attempt: still busy, so the delay doubles.
      t.clock.advance(1000);
      await t.runJobs();
      rows = await deliveriesOf(t, a.id);
      for (const email of [...busyOnes, stuck]) {
        const row = rows.get(email)!;
        assert.equal(row.state, 'deferred');
        assert.equal(row.attempts, 2);
        assert.equal(new Date(row.next_attempt_at).getTime() - t.clock.now().getTime(), 2 * minute, 'the second delay doubles');
      }

      // The peer recovers: the busy ones go out on the third attempt; the stuck one keeps being deferred.
      busy = false;
      t.clock.advance(2 * minute);
      await t.runJobs();
      progress = await announcements.announcementProgress(t.deps, a.id);
      assert.deepEqual(progress.counts, { total: 30, queued: 0, sent: 26, deferred: 1, failed: 3, bounced: 0, cancelled: 0 });
      rows = await deliveriesOf(t, a.id);
      for (const email of busyOnes) assert.equal(rows.get(email)?.attempts, 3);

      // The stuck one: 1, 2, 4, 8, 16, 32, 60 minutes (capped), then it fails on attempt 8.
      const delays: number[] = [];
      for (let guard = 0; guard < 20 && progress.status === 'sending'; guard++) {
        const row = (await deliveriesOf(t, a.id)).get(stuck)!;
        if (row.state !== 'deferred') break;
        const wait = new Date(row.next_attempt_at).getTime() - t.clock.now().getTime();
        delays.push(wait / minute);
        t.clock.advance(wait);
        await t.runJobs();
        progress = await announcements.announcementProgress(t.deps, a.id);
      }
      assert.deepEqual(delays, [4, 8, 16, 32, 60]);
      const stuckRow = (await deliveriesOf(t, a.id)).get(stuck)!;
      assert.equal(stuckRow.state, 'failed');
      assert.equal(stuckRow.attempts, maxDeliveryAttempts);
      assert.match(String(stuckRow.last_reply), /^451 /);

      assert.equal(progress.status, 'sent');
      assert.ok(progress.finishedAt);
      assert.deepEqual(progress.counts, { total: 30, queued: 0, sent: 26, deferred: 0, failed: 4, bounced: 0, cancelled: 0 });

      // What the relay received agrees with the outbox: each sent delivery exactly once, nothing else.
      const got = recipients().sort();
      assert.equal(new Set(got).size, got.length, 'no recipient received the announcement twice');
      // smtp-server reports the envelope's IDN domain decoded; the wire form was checked above.
      assert.deepEqual(got, [...fine, ...busyOnes, idn].sort());
      for (const email of goneOnes) {
        assert.equal(peer.commands.filter((c) => c.startsWith(`RCPT TO:<${email}>`)).length, 1, `${email}: a 550 is not retried`);
      }
      assert.equal(peer.commands.filter((c) => c.startsWith(`RCPT TO:<${stuck}>`)).length, maxDeliveryAttempts);
    });

    test('what the relay receives: each language, personalised, DKIM-signed on the wire, List-* headers, VERP, UTF-8 addresses with SMTPUTF8', async () => {
      const peer = await startSmtpPeer({ smtpUtf8: true });
      const t = await createTestApp(dialect, {
        SMTP_URL: peer.url,
        PUBLIC_URL: 'https://outreach.example.org',
        MAIL_FROM: 'Plenary <outreach@example.org>',
        BOUNCE_DOMAIN: 'bounces.example.org',
        DKIM_DOMAIN: 'example.org',
        DKIM_SELECTOR: 'plenary',
        DKIM_PRIVATE_KEY: key.privateKey,
      });
      cleanups.push(peer.close, t.close);
      // The From name is the network's sender name (a setting), not MAIL_FROM's: a non-ASCII one tests its encoding.
      await t.deps.db.updateTable('networks').set({ sender_name: 'Réseau WSIS+20' }).execute();
      const people = [
        { email: 'amina@example.org', name: 'Amina', language: 'en', memberState: 'KE' },
        { email: 'ليلى@مثال.إختبار', name: 'ليلى', language: 'ar', memberState: 'EG' },
        { email: 'josé@ejemplo.es', name: 'José Pérez', language: 'es', memberState: 'MX' },
        { email: 'wei@例子.广告', name: '李伟', language: 'zh', memberState: 'CN' },
      ];
      for (const p of people) await addMember(t.deps, cliActor, p, { status: 'subscribed', basis: 'test' });
      const a = await announcements.createAnnouncement(t.deps, cliActor, {
        subject: 'The Zero Draft is out: what it says on the IGF mandate, the review cycle and financing',
        markdown: 'Dear {{name}},\n\nThe **Zero Draft** is out. <script>alert(1)</script>\n\n[Read it](https://example.org/zero-draft)',
        variants: {
          ar: { subject: 'صدرت المسودة الأولى', markdown: 'عزيزي {{name}}،\n\nصدرت **المسودة الأولى**.' },
          es: { subject: 'Ya está el borrador cero', markdown: 'Estimado/a {{name}}:\n\nYa está el **borrador cero**.' },
        },
      });
      await announcements.sendAnnouncement(t.deps, cliActor, a.id);
      await t.runJobs();
      assert.equal((await announcements.announcementProgress(t.deps, a.id)).status, 'sent');
      assert.equal(peer.received.length, 4);

      const byLocalPart = new Map(peer.received.map((m) => [m.to[0]!.split('@')[0], m]));
      const rows = await deliveriesOf(t, a.id);
      for (const m of peer.received) {
        const verification = await dkimVerify(Buffer.from(m.raw), { resolver: async () => [[dkimTxtRecord(key.publicKeyBase64)]] });
        assert.equal(verification.results[0]?.status.result, 'pass', `DKIM for ${m.to.join()}`);
        const parsed = await simpleParser(m.raw);
        const verp = /^bounces\+([^@]+)@bounces\.example\.org$/.exec(m.from);
        assert.ok(verp, m.from);
        const token = readMailToken(t.deps.secretKey, verp[1] as string);
        assert.equal(token?.kind, 'd');
        const delivery = [...rows.values()].find((r) => r.id === token?.id);
        assert.ok(delivery, 'the VERP token names this delivery');
        assert.equal(parsed.messageId, `<${delivery.message_id}>`, 'the recorded Message-ID is the one on the wire');
        assert.equal(header(m.raw, 'List-Unsubscribe-Post'), 'List-Unsubscribe=One-Click');
        assert.match(
          String(header(m.raw, 'List-Unsubscribe')),
          /^<https:\/\/outreach\.example\.org\/[a-z]{2}\/unsubscribe\/[^>]+>, <mailto:unsubscribe\+u\d+\.[0-9a-f]{12}@bounces\.example\.org\?subject=unsubscribe>$/,
        );
        assert.match(String(header(m.raw, 'List-Archive')), /^<https:\/\/outreach\.example\.org\/[a-z]{2}\/announcements>$/);
        assert.ok(header(m.raw, 'List-Id'));
        assert.ok(parsed.date instanceof Date && !Number.isNaN(parsed.date.getTime()));
        assert.equal(parsed.from?.value[0]?.name, 'Réseau WSIS+20');
        assert.equal(parsed.from?.value[0]?.address, 'outreach@example.org');
        for (const line of m.raw.split('\r\n')) assert.ok(Buffer.byteLength(line) <= 998, 'no line over 998 octets (RFC 5322)');
      }
      const arabic = byLocalPart.get('ليلى')!;
      assert.equal(arabic.utf8, true, 'a UTF-8 address goes with SMTPUTF8');
      const parsedAr = await simpleParser(arabic.raw);
      assert.equal(parsedAr.subject, 'صدرت المسودة الأولى');
      assert.match(String(parsedAr.html), /dir="rtl"/);
      assert.match(String(parsedAr.text), /عزيزي ليلى/);
      assert.doesNotMatch(/^To: (.*)$/m.exec(arabic.raw)?.[1] ?? '', /=\?/, 'no RFC 2047 inside an address (RFC 6532)');

      const english = await simpleParser(byLocalPart.get('amina')!.raw);
      assert.equal(
        english.subject,
        'The Zero Draft is out: what it says on the IGF mandate, the review cycle and financing',
        'a long subject survives folding',
      );
      assert.match(String(english.html), /&lt;script&gt;/, 'raw HTML in Markdown is escaped');
      assert.match(String(english.text), /^Dear Amina,/);
      const spanish = await simpleParser(byLocalPart.get('josé')!.raw);
      assert.match(String(spanish.text), /Estimado\/a José Pérez:/);
      const chinese = byLocalPart.get('wei')!;
      assert.ok(peer.commands.includes('RCPT TO:<wei@xn--fsqu00a.xn--4rr70v>'), 'an ASCII local part with an IDN domain goes out as A-labels');
      assert.equal(chinese.utf8, false);
      assert.match(String((await simpleParser(chinese.raw)).html), /Dear 李伟/, 'no Chinese variant: the default, with the name in Chinese');
    });

    test('control characters in a subject (NUL, VT, FF, ESC, BS, DEL) never reach a header: the DKIM signature verifies on what the relay received', async () => {
      const peer = await startSmtpPeer();
      const t = await createTestApp(dialect, {
        SMTP_URL: peer.url,
        MAIL_FROM: 'WSIS+20 Outreach <outreach@example.org>',
        BOUNCE_DOMAIN: 'bounces.example.org',
        DKIM_DOMAIN: 'example.org',
        DKIM_SELECTOR: 'plenary',
        DKIM_PRIVATE_KEY: key.privateKey,
      });
      cleanups.push(peer.close, t.close);
      await addMember(
        t.deps,
        cliActor,
        { email: 'amina@example.org', name: 'Amina', language: 'en', memberState: 'KE' },
        { status: 'subscribed', basis: 'test' },
      );
      await addMember(t.deps, cliActor, { email: 'zoe@example.fr', name: 'Zoé', language: 'fr', memberState: 'FR' }, { status: 'subscribed', basis: 'test' });
      const dirty = 'Zero\u0000Draft\u000b is\u000c out\u001b[31m now\b\u007f!';
      const clean = 'Zero Draft is out [31m now !';

      // Cleaned where staff or the API write it…
      const typed = await announcements.createAnnouncement(t.deps, cliActor, {
        subject: dirty,
        markdown: 'Dear {{name}},\u0000 the\u001b draft\u007f.',
        variants: { fr: { subject: `Avant-projet\u0007 ${dirty}`, markdown: 'Bonjour {{name}}\u000b.' } },
      });
      assert.equal(typed.subject, clean);
      assert.equal(typed.markdown, 'Dear {{name}}, the draft.');
      assert.deepEqual(JSON.parse(typed.variants), { fr: { subject: `Avant-projet ${clean}`, markdown: 'Bonjour {{name}}.' } });
      // …and where headers are built, for a row that never went through the service (saved before the fix).
      const stored = await announcements.createAnnouncement(t.deps, cliActor, { subject: 'placeholder', markdown: 'Hello {{name}}' });
      // PostgreSQL cannot store NUL in text at all; SOH stands in for it there.
      const storedSubject = dialect === 'postgres' ? dirty.replace('\u0000', '\u0001') : dirty;
      await t.deps.db.updateTable('announcements').set({ subject: storedSubject }).where('id', '=', stored.id).execute();

      await announcements.sendTest(t.deps, cliActor, stored.id, { email: 'editor@example.org', name: 'Ed\u001bitor', locale: 'en' });
      // And by the transport itself, whatever built the message (the composer is not the only author of mail).
      await t.deps.queue.enqueue(sendMailJobName, { to: 'raw@example.org', subject: dirty, text: 'Hello', headers: { 'X-Plenary-Note': 'a\u0008b\u000cc' } });
      await announcements.sendAnnouncement(t.deps, cliActor, typed.id);
      await announcements.sendAnnouncement(t.deps, cliActor, stored.id);
      await t.runJobs();
      assert.equal(peer.received.length, 6, 'one test, one transactional email and two announcements to two members');

      const subjects: string[] = [];
      for (const m of peer.received) {
        const head = m.raw.split('\r\n\r\n')[0] ?? '';
        const verification = await dkimVerify(Buffer.from(m.raw), { resolver: async () => [[dkimTxtRecord(key.publicKeyBase64)]] });
        assert.equal(verification.results[0]?.status.result, 'pass', `DKIM for ${m.to.join()}: ${JSON.stringify(verification.results[0]?.status)}`);
        assert.ok(!head.split('\r\n').some(hasControlCharacters), `no control character in the headers to ${m.to.join()}`);
        const parsed = await simpleParser(m.raw);
        assert.ok(!String(parsed.text).split('\n').some(hasControlCharacters), 'nor in the body');
        subjects.push(String(parsed.subject));
      }
      assert.deepEqual(subjects.sort(), [`Avant-projet ${clean}`, `[TEST] ${clean}`, clean, clean, clean, clean].sort());
    });

    test('the capture transport (no SMTP relay) cleans the subject and header values it is given, whoever built them', async () => {
      const t = await createTestApp(dialect);
      cleanups.push(t.close);
      await t.deps.queue.enqueue(sendMailJobName, {
        to: 'amina@example.org',
        subject: 'Zero\u000bDraft\u001b out\u007f',
        text: 'Hello',
        headers: { 'X-Plenary-Note': 'a\u0008b\u000cc' },
      });
      await t.runJobs();
      const captured = await t.deps.db.selectFrom('captured_mail').selectAll().executeTakeFirstOrThrow();
      assert.equal(captured.subject, 'Zero Draft out');
      const parsed = await simpleParser(captured.raw);
      assert.equal(parsed.subject, 'Zero Draft out');
      assert.equal(parsed.headers.get('x-plenary-note'), 'a b c');
    });

    test('a relay that accepts the connection and never answers: deliveries are deferred, not lost, and go out once it answers', async () => {
      const relay = await startSilentRelay();
      const peer = await startSmtpPeer();
      const t = await createTestApp(dialect, { SMTP_URL: relay.url, SMTP_TIMEOUT_SECONDS: '1', SMTP_MAX_CONNECTIONS: '3' });
      cleanups.push(relay.close, peer.close, t.close);
      const emails = Array.from({ length: 6 }, (_, i) => `patient${i}@example.org`);
      for (const [i, email] of emails.entries()) await addSubscribed(t, email, i);

      const a = await announcements.createAnnouncement(t.deps, cliActor, { subject: 'Briefing', markdown: 'Hello {{name}}' });
      await announcements.sendAnnouncement(t.deps, cliActor, a.id);
      const started = Date.now();
      await t.runJobs();
      const waited = Date.now() - started;
      assert.ok(waited < 15_000, `SMTP_TIMEOUT_SECONDS bounds the wait (took ${waited} ms)`);
      assert.ok(relay.connections() >= 1);

      let progress = await announcements.announcementProgress(t.deps, a.id);
      assert.equal(progress.status, 'sending');
      assert.deepEqual(progress.counts, { total: 6, queued: 0, sent: 0, deferred: 6, failed: 0, bounced: 0, cancelled: 0 });
      for (const row of (await deliveriesOf(t, a.id)).values()) {
        assert.equal(row.state, 'deferred');
        assert.match(String(row.last_reply), /greeting|timeout/i);
        assert.equal(row.locked_by, null);
      }
      const continuation = await t.deps.db
        .selectFrom('jobs')
        .select(['run_at'])
        .where('name', '=', announcements.announcementSendJobName)
        .where('status', '=', 'queued')
        .execute();
      assert.ok(continuation.length >= 1, 'a sender job is queued for the retry');

      relay.release(peer.url);
      t.clock.advance(minute);
      await t.runJobs();
      progress = await announcements.announcementProgress(t.deps, a.id);
      assert.equal(progress.status, 'sent');
      assert.deepEqual(progress.counts, { total: 6, queued: 0, sent: 6, deferred: 0, failed: 0, bounced: 0, cancelled: 0 });
      assert.deepEqual(peer.received.flatMap((m) => m.to).sort(), [...emails].sort());
    });
  });
}
