import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import nodemailer from 'nodemailer';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import * as announcements from '../announcements/announcement.service.ts';
import { cliActor } from '../audit/audit.service.ts';
import { mailToken } from '../delivery/mail-token.ts';
import { findMember } from '../members/member.repository.ts';
import { addMember, applyStatusAction, erase } from '../members/member.service.ts';
import type { MemberRow } from '../members/member.table.ts';
import { parseBounce } from './dsn-parser.ts';
import { clientKey, type MxServer, startMxServer } from './mx-server.ts';

const fixtures = path.resolve(import.meta.dirname, '../../../test/fixtures/bounces');
const fixtureVerp = 'bounces+d1.5f0c3a9e1b2d@bounces.example.org';
const day = 24 * 60 * 60 * 1000;

/** Sends raw mail to the mx server with nodemailer, as a remote MTA would; resolves with its reply or the SMTP error. */
async function deliver(
  port: number,
  envelope: { from: string; to: string },
  raw: string,
): Promise<{ ok: true; response: string } | { ok: false; code: number; response: string }> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  try {
    const info = await transport.sendMail({ envelope, raw });
    return { ok: true, response: String(info.response) };
  } catch (error) {
    const e = error as { responseCode?: number; response?: string };
    return { ok: false, code: e.responseCode ?? 0, response: String(e.response) };
  } finally {
    transport.close();
  }
}

/** A plain SMTP client on a raw socket, to speak to the server one command at a time and see every reply. */
class RawSmtp {
  private buffer = '';
  private readonly replies: string[] = [];
  private waiter: (() => void) | null = null;
  ended = false;
  readonly closed: Promise<void>;

  private constructor(readonly socket: net.Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (text: string) => {
      this.buffer += text;
      // A reply ends with a line whose code is followed by a space (RFC 5321 §4.2.1).
      for (let m = /(?:^|\r\n)(\d{3}) [^\r\n]*\r\n/.exec(this.buffer); m; m = /(?:^|\r\n)(\d{3}) [^\r\n]*\r\n/.exec(this.buffer)) {
        const end = m.index + m[0].length;
        this.replies.push(this.buffer.slice(0, end).replace(/^\r\n/, '').trimEnd());
        this.buffer = this.buffer.slice(end);
      }
      this.waiter?.();
    });
    socket.on('error', () => {});
    this.closed = new Promise((resolve) =>
      socket.on('close', () => {
        this.ended = true;
        this.waiter?.();
        resolve();
      }),
    );
  }

  static open(port: number, localAddress = '127.0.0.1'): Promise<RawSmtp> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ port, host: '127.0.0.1', localAddress }, () => resolve(new RawSmtp(socket)));
      socket.once('error', reject);
    });
  }

  /** The next whole reply, or null when the connection closes first or nothing comes within `ms`. */
  async reply(ms = 5000): Promise<string | null> {
    const deadline = Date.now() + ms;
    while (this.replies.length === 0 && !this.ended && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.waiter = null;
    }
    return this.replies.shift() ?? null;
  }

  async command(line: string): Promise<string | null> {
    this.socket.write(`${line}\r\n`);
    return this.reply();
  }

  close(): Promise<void> {
    this.socket.destroy();
    return this.closed;
  }
}

const bounceCount = async (t: TestApp) =>
  Number(
    (
      await t.deps.db
        .selectFrom('bounces')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

for (const dialect of dialects) {
  describe(`plenary mx on ${dialect}`, () => {
    let t: TestApp;
    let mx: MxServer;
    const logs: string[] = [];
    let memberCount = 0;

    before(async () => {
      t = await createTestApp(dialect, { PUBLIC_URL: 'https://outreach.example.org', BOUNCE_DOMAIN: 'bounces.example.org' });
      mx = await startMxServer({ ...t.deps, log: (line) => logs.push(line) }, { port: 0, host: '127.0.0.1' });
    });
    after(async () => {
      await mx.close();
      await t.close();
    });

    async function newMember(): Promise<MemberRow> {
      memberCount++;
      return addMember(
        t.deps,
        cliActor,
        { email: `member${memberCount}@example.net`, name: `Member ${memberCount}`, language: 'en', memberState: 'KE' },
        {
          status: 'subscribed',
          basis: 'test',
        },
      );
    }

    /** Sends an announcement to every subscribed member through the real jobs; returns its id. */
    async function announce(subject: string): Promise<number> {
      const a = await announcements.createAnnouncement(t.deps, cliActor, { subject, markdown: 'Dear {{name}},\n\nNews.' });
      await announcements.sendAnnouncement(t.deps, cliActor, a.id);
      await t.runJobs();
      return a.id;
    }

    /** The delivery of an announcement to a member, with the VERP sender and raw source its captured message has. */
    async function sentTo(announcementId: number, member: MemberRow) {
      const delivery = await t.deps.db
        .selectFrom('deliveries')
        .selectAll()
        .where('announcement_id', '=', announcementId)
        .where('member_id', '=', member.id)
        .executeTakeFirstOrThrow();
      assert.equal(delivery.state, 'sent');
      const mail = await t.deps.db.selectFrom('captured_mail').selectAll().where('message_id', '=', String(delivery.message_id)).executeTakeFirstOrThrow();
      assert.match(mail.envelope_from, /^bounces\+d\d+\.[0-9a-f]{12}@bounces\.example\.org$/);
      return { delivery, verp: mail.envelope_from, raw: mail.raw };
    }

    /** A fixture as the member's mail system would send it back: to the VERP address, naming the member. */
    async function bounceFor(name: string, verp: string, member: MemberRow): Promise<string> {
      const raw = fs.readFileSync(path.join(fixtures, name), 'utf8');
      const recipient = (await parseBounce(raw))?.recipient;
      const named = recipient ? raw.split(recipient).join(member.email_display) : raw;
      return named.split(fixtureVerp).join(verp);
    }

    async function state(member: MemberRow, deliveryId: number) {
      const [m, d, bounces, events] = await Promise.all([
        t.deps.db.selectFrom('members').select('status').where('id', '=', member.id).executeTakeFirstOrThrow(),
        t.deps.db.selectFrom('deliveries').select(['state', 'last_reply']).where('id', '=', deliveryId).executeTakeFirstOrThrow(),
        t.deps.db.selectFrom('bounces').selectAll().where('member_id', '=', member.id).orderBy('id').execute(),
        t.deps.db.selectFrom('member_events').selectAll().where('member_id', '=', member.id).orderBy('id').execute(),
      ]);
      return { status: m.status, delivery: d, bounces, events };
    }

    test('a hard 5.1.1 bounce marks the delivery and the member bounced, with the change in the history', async () => {
      const member = await newMember();
      const id = await announce('Hard bounce');
      const { delivery, verp } = await sentTo(id, member);
      const reply = await deliver(mx.port, { from: '', to: verp }, await bounceFor('postfix-5.1.1-user-unknown.eml', verp, member));
      assert.ok(reply.ok, `accepted: ${JSON.stringify(reply)}`);
      const after = await state(member, delivery.id);
      assert.equal(after.status, 'bounced');
      assert.equal(after.delivery.state, 'bounced');
      assert.match(String(after.delivery.last_reply), /^550 5\.1\.1 .*User unknown/);
      assert.equal(after.bounces.length, 1);
      assert.equal(after.bounces[0]?.kind, 'hard');
      assert.equal(after.bounces[0]?.status_code, '5.1.1');
      assert.equal(after.bounces[0]?.delivery_id, delivery.id);
      const event = after.events.at(-1);
      assert.equal(event?.kind, 'bounced_hard');
      assert.equal(event?.from_status, 'subscribed');
      assert.equal(event?.to_status, 'bounced');
    });

    test('every sample is recorded by kind; soft ones and non-bounces leave member and delivery as they were', async () => {
      const samples: [string, 'hard' | 'soft' | null][] = [
        ['office365-5.1.10-recipient-not-found.eml', 'hard'],
        ['gmail-5.1.1-failed-permanently.eml', 'hard'],
        ['qmail-5.1.1-no-mailbox.eml', 'hard'],
        ['exim-550-no-such-user.eml', 'hard'],
        ['postfix-4.2.2-mailbox-full-delayed.eml', 'soft'],
        ['postfix-5.2.2-over-quota.eml', 'soft'],
        ['policy-5.7.1-blocked.eml', 'soft'],
        ['exim-delay-warning.eml', 'soft'],
        ['out-of-office-auto-reply.eml', null],
        ['personal-reply.eml', null],
      ];
      const members = new Map<string, MemberRow>();
      for (const [name] of samples) members.set(name, await newMember());
      const id = await announce('Every sample');
      for (const [name, kind] of samples) {
        const member = members.get(name)!;
        const { delivery, verp } = await sentTo(id, member);
        // Auto-replies come from a person's address, bounces from the null sender.
        const from = kind ? '' : member.email_display;
        const reply = await deliver(mx.port, { from, to: verp }, await bounceFor(name, verp, member));
        assert.ok(reply.ok, `${name} accepted`);
        const after = await state(member, delivery.id);
        assert.deepEqual(
          after.bounces.map((b) => b.kind),
          kind ? [kind] : [],
          name,
        );
        assert.equal(after.status, kind === 'hard' ? 'bounced' : 'subscribed', name);
        assert.equal(after.delivery.state, kind === 'hard' ? 'bounced' : 'sent', name);
      }
      assert.ok(logs.some((l) => /^ignored: .*not a bounce/.test(l)));
    });

    test('three soft-bounced deliveries within 30 days mark the member bounced; two, or three spread wider, do not', async () => {
      const within = await newMember();
      const spread = await newMember();
      const repeated = await newMember();
      const ids = [await announce('Soft 1'), await announce('Soft 2'), await announce('Soft 3')];
      const soft = async (member: MemberRow, announcementId: number) => {
        const { delivery, verp } = await sentTo(announcementId, member);
        const reply = await deliver(mx.port, { from: '', to: verp }, await bounceFor('postfix-5.2.2-over-quota.eml', verp, member));
        assert.ok(reply.ok);
        return delivery.id;
      };

      await soft(within, ids[0]!);
      await soft(spread, ids[0]!);
      t.clock.advance(10 * day);
      await soft(within, ids[1]!);
      await soft(spread, ids[1]!);
      const afterTwo = await t.deps.db.selectFrom('members').select('status').where('id', '=', within.id).executeTakeFirstOrThrow();
      assert.equal(afterTwo.status, 'subscribed', 'two soft bounces are not enough');

      t.clock.advance(10 * day);
      const third = await soft(within, ids[2]!);
      const afterThree = await state(within, third);
      assert.equal(afterThree.status, 'bounced');
      assert.equal(afterThree.delivery.state, 'sent', 'a soft bounce leaves the delivery sent');
      assert.equal(afterThree.events.at(-1)?.kind, 'bounced_soft');

      // The first of `spread`'s bounces is 31 days old when the third arrives: two within the window.
      t.clock.advance(11 * day);
      const spreadThird = await soft(spread, ids[2]!);
      assert.equal((await state(spread, spreadThird)).status, 'subscribed');

      // Delay warnings about one message (after 4 hours, a day, …) count as one delivery, not three.
      const { delivery, verp } = await sentTo(ids[2]!, repeated);
      for (let i = 0; i < 3; i++) {
        assert.ok((await deliver(mx.port, { from: '', to: verp }, await bounceFor('postfix-4.2.2-mailbox-full-delayed.eml', verp, repeated))).ok);
      }
      const afterRepeats = await state(repeated, delivery.id);
      assert.equal(afterRepeats.bounces.length, 3);
      assert.equal(afterRepeats.status, 'subscribed');
    });

    test('a forged, misspelt, misplaced or expired token is refused at RCPT TO, before DATA, and changes nothing', async () => {
      const member = await newMember();
      const id = await announce('Forged');
      const { delivery, verp } = await sentTo(id, member);
      const token = /^bounces\+(d\d+\.[0-9a-f]{12})@/.exec(verp)![1]!;
      const [, digits, hex] = /^d(\d+)\.([0-9a-f]{12})$/.exec(token)!;
      const domain = '@bounces.example.org';
      const refused = [
        `bounces+d${digits}.000000000000${domain}`,
        `bounces+D${digits}.${hex}${domain}`,
        `bounces+d${digits}.${hex!.toUpperCase()}${domain}`,
        `bounces+d0${digits}.${hex}${domain}`,
        `Bounces+${token}${domain}`,
        // A genuine token, but the mailto one of the same delivery: it does not make a bounce address.
        `bounces+${mailToken(t.deps.secretKey, 'u', delivery.id)}${domain}`,
        // The member-token form mailto addresses had before: it never expired, so it is no longer taken.
        `unsubscribe+m${member.id}.${createHmac('sha256', t.deps.secretKey).update(`mail-token:m${member.id}`).digest('hex').slice(0, 12)}${domain}`,
        `unsubscribe+${token}${domain}`,
        `bounces+not-a-token${domain}`,
      ];
      const bouncesBefore = await bounceCount(t);
      const linesBefore = logs.length;
      for (const to of refused) {
        const smtp = await RawSmtp.open(mx.port);
        assert.match(String(await smtp.reply()), /^220 /);
        assert.match(String(await smtp.command('EHLO mta.example.net')), /^250/);
        assert.match(String(await smtp.command('MAIL FROM:<>')), /^250/);
        assert.match(String(await smtp.command(`RCPT TO:<${to}>`)), /^550 5\.1\.1 /, to);
        // No recipient was taken, so no message text is either.
        assert.match(String(await smtp.command('DATA')), /^5\d\d /, to);
        await smtp.close();
      }
      const after = await state(member, delivery.id);
      assert.equal(after.status, 'subscribed');
      assert.equal(after.delivery.state, 'sent');
      assert.equal(await bounceCount(t), bouncesBefore);
      const lines = logs.slice(linesBefore);
      assert.equal(lines.filter((l) => l.startsWith('refused: RCPT TO')).length, refused.length);
      assert.ok(!lines.some((l) => /^(bounce|kept|ignored|error): /.test(l)), 'nothing was handled');
      // The genuine spelling is taken.
      const genuine = await RawSmtp.open(mx.port);
      await genuine.reply();
      await genuine.command('EHLO mta.example.net');
      await genuine.command('MAIL FROM:<>');
      assert.match(String(await genuine.command(`RCPT TO:<${verp}>`)), /^250 /);
      await genuine.close();
    });

    test('a bounce token expires 45 days after its delivery, a mailto token 365 days after', async () => {
      const late = await newMember();
      const leaving = await newMember();
      const id = await announce('Expiry');
      const { delivery, verp } = await sentTo(id, late);
      const mailto = /<mailto:([^?>]+)\?subject=unsubscribe>/.exec((await sentTo(id, leaving)).raw.replace(/\r?\n[ \t]+/g, ' '))![1]!;
      assert.match(mailto, /^unsubscribe\+u\d+\.[0-9a-f]{12}@bounces\.example\.org$/);
      const bounce = await bounceFor('postfix-5.1.1-user-unknown.eml', verp, late);
      const request = (to: string) => `From: ${leaving.email_display}\r\nTo: ${to}\r\nSubject: unsubscribe\r\n\r\nunsubscribe\r\n`;

      t.clock.advance(46 * day);
      const tooLate = await deliver(mx.port, { from: '', to: verp }, bounce);
      assert.equal(!tooLate.ok && tooLate.code, 550, 'a bounce 46 days after the delivery is refused');
      assert.equal((await state(late, delivery.id)).status, 'subscribed');

      t.clock.advance(320 * day);
      const stale = await deliver(mx.port, { from: leaving.email_display, to: mailto }, request(mailto));
      assert.equal(!stale.ok && stale.code, 550, 'a mailto 366 days after the delivery is refused');
      assert.equal((await findMember(t.deps.db, leaving.id))?.status, 'subscribed');
    });

    test('a replayed bounce of a delivery sent before the member was subscribed again changes nothing and is kept for review', async () => {
      const member = await newMember();
      const id = await announce('Before resubscription');
      const { delivery, verp } = await sentTo(id, member);
      const bounce = await bounceFor('postfix-5.1.1-user-unknown.eml', verp, member);
      assert.ok((await deliver(mx.port, { from: '', to: verp }, bounce)).ok);
      assert.equal((await state(member, delivery.id)).status, 'bounced');

      t.clock.advance(day);
      await applyStatusAction(t.deps, cliActor, (await findMember(t.deps.db, member.id))!, 'resubscribe', { basis: 'confirmed by telephone' });
      t.clock.advance(day);
      assert.ok((await deliver(mx.port, { from: '', to: verp }, bounce)).ok, 'accepted: the token is genuine and young');
      const after = await state(member, delivery.id);
      assert.equal(after.status, 'subscribed', 'the replay does not bounce the member again');
      assert.equal(after.bounces.length, 1);
      assert.equal(after.events.at(-1)?.kind, 'staff_resubscribe');
      const kept = await t.deps.db.selectFrom('bounce_reviews').selectAll().where('member_id', '=', member.id).execute();
      assert.deepEqual(
        kept.map((k) => [k.reason, k.delivery_id, k.kind]),
        [['before_resubscription', delivery.id, 'hard']],
      );

      // A message sent after the resubscription that bounces still counts.
      const next = await sentTo(await announce('After resubscription'), member);
      assert.ok((await deliver(mx.port, { from: '', to: next.verp }, await bounceFor('postfix-5.1.1-user-unknown.eml', next.verp, member))).ok);
      assert.equal((await state(member, next.delivery.id)).status, 'bounced');
    });

    test('a bounce counts only from the null sender and when it names our Message-ID or the recipient; others are kept for staff', async () => {
      const forgedFor = await newMember();
      const vague = await newMember();
      const byMessageId = await newMember();
      const id = await announce('Forged bounces');
      const forged = await sentTo(id, forgedFor);
      const plainBounce = (verp: string, recipient: string, quoted: string) =>
        [
          'From: Mail Delivery System <MAILER-DAEMON@evil.example>',
          `To: ${verp}`,
          'Subject: Undelivered Mail Returned to Sender',
          'Date: Tue, 10 Mar 2026 09:14:22 +0000',
          'Message-ID: <forged-1@evil.example>',
          '',
          'This is the mail system at host evil.example.',
          '',
          "I'm sorry to have to inform you that your message could not be delivered.",
          '',
          `<${recipient}>: host mx.example.net[192.0.2.1] said: 550 5.1.1 <b>User unknown</b> (in reply to RCPT TO command)`,
          '',
          quoted,
          '',
        ].join('\r\n');

      // From a non-null sender, naming the member: the shape of a bounce, not its envelope.
      const fromEvil = plainBounce(forged.verp, forgedFor.email_display, '');
      for (let i = 0; i < 7; i++) assert.ok((await deliver(mx.port, { from: 'MAILER-DAEMON@evil.example', to: forged.verp }, fromEvil)).ok);
      const afterForged = await state(forgedFor, forged.delivery.id);
      assert.equal(afterForged.status, 'subscribed');
      assert.equal(afterForged.delivery.state, 'sent');
      assert.deepEqual(afterForged.bounces, []);
      const keptForged = await t.deps.db.selectFrom('bounce_reviews').selectAll().where('member_id', '=', forgedFor.id).execute();
      assert.equal(keptForged.length, 5, 'a few per delivery, not every copy');
      assert.ok(keptForged.every((k) => k.reason === 'sender_not_null' && k.mail_from === 'MAILER-DAEMON@evil.example' && k.kind === 'hard'));
      assert.match(keptForged[0]!.excerpt, /This is the mail system at host evil\.example/);

      // From the null sender, but about someone else and not our message.
      const other = await sentTo(id, vague);
      assert.ok((await deliver(mx.port, { from: '', to: other.verp }, plainBounce(other.verp, 'someone.else@example.com', ''))).ok);
      const afterVague = await state(vague, other.delivery.id);
      assert.equal(afterVague.status, 'subscribed');
      assert.deepEqual(afterVague.bounces, []);
      const keptVague = await t.deps.db.selectFrom('bounce_reviews').select('reason').where('member_id', '=', vague.id).execute();
      assert.deepEqual(keptVague, [{ reason: 'names_neither' }]);

      // From the null sender, quoting our Message-ID though the recipient it names is an alias: it counts.
      const ours = await sentTo(id, byMessageId);
      const quoted = `--- Below this line is a copy of the message.\r\n\r\nMessage-ID: <${String(ours.delivery.message_id).replace(/^<|>$/g, '')}>`;
      assert.ok((await deliver(mx.port, { from: '', to: ours.verp }, plainBounce(ours.verp, 'alias@example.com', quoted))).ok);
      assert.equal((await state(byMessageId, ours.delivery.id)).status, 'bounced');

      // Staff see what was kept, escaped, with the member it is about.
      const editor = await t.signedInClient('editor', `editor-bounces-${dialect}@example.org`);
      const page = await editor.get('/en/admin/bounces');
      assert.equal(page.statusCode, 200);
      assert.ok(page.body.includes('MAILER-DAEMON@evil.example'));
      assert.ok(page.body.includes(`/en/admin/members/${forgedFor.id}`));
      assert.ok(page.body.includes('&lt;b>User unknown&lt;/b>'), 'the diagnostic is shown, escaped');
      assert.ok(!page.body.includes('<b>User unknown</b>'));

      // What was kept quotes the member's address: erasing the member erases it too.
      await erase(t.deps, (await findMember(t.deps.db, forgedFor.id))!, cliActor);
      const keptAfterErasure = await t.deps.db.selectFrom('bounce_reviews').select('id').where('member_id', '=', forgedFor.id).execute();
      assert.deepEqual(keptAfterErasure, []);
    });

    test('mail to the List-Unsubscribe mailto address unsubscribes the member; an auto-reply to it does not', async () => {
      const leaving = await newMember();
      const away = await newMember();
      const id = await announce('Unsubscribe by email');
      const mailtoOf = async (member: MemberRow) => {
        const { raw } = await sentTo(id, member);
        const mailto = /<mailto:(unsubscribe\+u\d+\.[0-9a-f]{12}@bounces\.example\.org)\?subject=unsubscribe>/.exec(raw.replace(/\r?\n[ \t]+/g, ' '))?.[1];
        assert.ok(mailto);
        return mailto;
      };
      const to = await mailtoOf(leaving);
      const request = `From: ${leaving.email_display}\r\nTo: ${to}\r\nSubject: unsubscribe\r\nDate: ${new Date().toUTCString()}\r\nMessage-ID: <u1@example.net>\r\n\r\nunsubscribe\r\n`;
      assert.ok((await deliver(mx.port, { from: leaving.email_display, to }, request)).ok);
      const after = await t.deps.db.selectFrom('members').select('status').where('id', '=', leaving.id).executeTakeFirstOrThrow();
      assert.equal(after.status, 'unsubscribed');
      const events = await t.deps.db.selectFrom('member_events').selectAll().where('member_id', '=', leaving.id).orderBy('id', 'desc').execute();
      assert.equal(events[0]?.kind, 'unsubscribed_email');
      assert.equal(events[0]?.actor_label, 'member');

      const awayTo = await mailtoOf(away);
      const autoReply = fs.readFileSync(path.join(fixtures, 'out-of-office-auto-reply.eml'), 'utf8').split(fixtureVerp).join(awayTo);
      assert.ok((await deliver(mx.port, { from: away.email_display, to: awayTo }, autoReply)).ok);
      const awayAfter = await t.deps.db.selectFrom('members').select('status').where('id', '=', away.id).executeTakeFirstOrThrow();
      assert.equal(awayAfter.status, 'subscribed');
    });

    test('RCPT to another domain or to an unknown mailbox of ours is refused with 550; postmaster is accepted', async () => {
      const message = 'From: someone@example.com\r\nSubject: hello\r\n\r\nhello\r\n';
      const relay = await deliver(mx.port, { from: 'someone@example.com', to: 'victim@example.com' }, message);
      assert.equal(relay.ok, false);
      assert.equal(!relay.ok && relay.code, 550);
      assert.match(relay.response, /^550 5\.7\.1 /);
      const unknown = await deliver(mx.port, { from: 'someone@example.com', to: 'info@bounces.example.org' }, message);
      assert.equal(!unknown.ok && unknown.code, 550);
      assert.match(unknown.response, /^550 5\.1\.1 /);
      const postmaster = await deliver(mx.port, { from: 'someone@example.com', to: 'PostMaster@Bounces.Example.org' }, message);
      assert.ok(postmaster.ok);
    });

    test('a failure while handling a message is logged and the message still accepted; one while checking RCPT TO answers 451', async () => {
      const brokenLogs: string[] = [];
      // Recording a bounce fails; reading the delivery still works, so RCPT TO is taken.
      const failingDb = new Proxy(t.deps.db, {
        get(target, property) {
          if (property === 'transaction') {
            return () => {
              throw new Error('the database stopped');
            };
          }
          const value = Reflect.get(target, property, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      const broken = await startMxServer({ ...t.deps, db: failingDb, log: (line) => brokenLogs.push(line) }, { port: 0, host: '127.0.0.1' });
      const stoppedClock = await startMxServer(
        {
          ...t.deps,
          clock: {
            now() {
              throw new Error('the clock stopped');
            },
          },
          log: (line) => brokenLogs.push(line),
        },
        { port: 0, host: '127.0.0.1' },
      );
      try {
        const member = await newMember();
        const id = await announce('Broken');
        const { delivery, verp } = await sentTo(id, member);
        const bounce = await bounceFor('qmail-5.1.1-no-mailbox.eml', verp, member);
        const reply = await deliver(broken.port, { from: '', to: verp }, bounce);
        assert.ok(reply.ok, 'accepted: a bounce processor must not make the sender retry');
        assert.ok(brokenLogs.some((l) => /^error: .*the database stopped/.test(l)));
        assert.equal((await state(member, delivery.id)).delivery.state, 'sent');

        const unchecked = await deliver(stoppedClock.port, { from: '', to: verp }, bounce);
        assert.equal(!unchecked.ok && unchecked.code, 451);
        assert.ok(brokenLogs.some((l) => /^error: RCPT TO .*the clock stopped/.test(l)));
      } finally {
        await broken.close();
        await stoppedClock.close();
      }
    });

    test('the message size is bounded: SIZE is announced and enforced at MAIL FROM, and a longer message is refused with 552', async () => {
      const member = await newMember();
      const { verp } = await sentTo(await announce('Size'), member);
      const smtp = await RawSmtp.open(mx.port);
      await smtp.reply();
      assert.match(String(await smtp.command('EHLO mta.example.net')), /^250[ -]SIZE 2097152$/m, 'MX_MAX_MESSAGE_BYTES by default');
      await smtp.close();

      const small = await startMxServer(t.deps, { port: 0, host: '127.0.0.1', maxMessageBytes: 4096 });
      try {
        const declared = await RawSmtp.open(small.port);
        await declared.reply();
        assert.match(String(await declared.command('EHLO mta.example.net')), /^250[ -]SIZE 4096$/m);
        assert.match(String(await declared.command('MAIL FROM:<> SIZE=5000')), /^552 /, 'refused before any text is sent');
        await declared.close();

        const big = `From: someone@example.com\r\nSubject: big\r\n\r\n${'x'.repeat(76)}\r\n`.repeat(100);
        const tooBig = await deliver(small.port, { from: '', to: verp }, big);
        assert.equal(!tooBig.ok && tooBig.code, 552);
      } finally {
        await small.close();
      }
    });

    test('connections are capped in all and per client, with 421 beyond; the web app answers all along', async () => {
      const limited = await startMxServer(t.deps, { port: 0, host: '127.0.0.1', maxConnections: 4, maxConnectionsPerClient: 2 });
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const web = `http://127.0.0.1:${(t.app.server.address() as net.AddressInfo).port}`;
      const open: RawSmtp[] = [];
      const connect = async (from: string) => {
        const smtp = await RawSmtp.open(limited.port, from);
        open.push(smtp);
        return { smtp, greeting: await smtp.reply() };
      };
      try {
        for (let i = 0; i < 2; i++) assert.match(String((await connect('127.0.0.1')).greeting), /^220 /);
        const third = await connect('127.0.0.1');
        assert.match(String(third.greeting), /^421 4\.7\.0 Too many connections from your address/);
        await third.smtp.closed;
        for (let i = 0; i < 2; i++) assert.match(String((await connect('127.0.0.2')).greeting), /^220 /);
        const fifth = await connect('127.0.0.3');
        assert.match(String(fifth.greeting), /^421 .*Too many connected clients/);

        // A flood from many addresses: none gets a session, the server holds a bounded number of sockets.
        const flood = await Promise.all(Array.from({ length: 200 }, (_, i) => connect(`127.0.1.${1 + (i % 250)}`)));
        assert.ok(
          flood.every((c) => c.greeting === null || c.greeting.startsWith('421 ')),
          'no flooding connection got a session',
        );
        assert.ok((await limited.openSockets()) <= 8, `at most twice the cap held open, not ${await limited.openSockets()}`);
        const ready = await fetch(`${web}/readyz`);
        assert.equal(ready.status, 200, 'the web app answers while the mx is flooded');
        assert.equal((await fetch(`${web}/en/join`)).status, 200);

        // The first sessions still work, and a closed one frees its place.
        assert.match(String(await open[0]!.command('EHLO mta.example.net')), /^250/);
        await open[0]!.close();
        await new Promise((resolve) => setTimeout(resolve, 50));
        const again = await connect('127.0.0.1');
        assert.match(String(again.greeting), /^220 /);
      } finally {
        await Promise.all(open.map((c) => c.close()));
        await limited.close();
      }
    });

    test('an idle connection is closed with 421 after the idle timeout', async () => {
      const quick = await startMxServer(t.deps, { port: 0, host: '127.0.0.1', idleTimeoutMs: 300 });
      try {
        const smtp = await RawSmtp.open(quick.port);
        assert.match(String(await smtp.reply()), /^220 /);
        assert.match(String(await smtp.command('EHLO mta.example.net')), /^250/);
        // Generous: the point is that it closes at all long before the 60 s default.
        assert.match(String(await smtp.reply(10_000)), /^421 .*Timeout/);
        await Promise.race([smtp.closed, new Promise((_, reject) => setTimeout(() => reject(new Error('still open')), 10_000))]);
        assert.equal(smtp.ended, true);
      } finally {
        await quick.close();
      }
    });
  });
}

test('clientKey groups IPv6 clients by /64 and reads IPv4-mapped addresses as IPv4', () => {
  assert.equal(clientKey('192.0.2.7'), '192.0.2.7');
  assert.equal(clientKey('::ffff:192.0.2.7'), '192.0.2.7');
  assert.equal(clientKey('2001:db8:1:2:aaaa::1'), '2001:db8:1:2::/64');
  assert.equal(clientKey('2001:0db8:0001:0002:ffff:ffff:ffff:ffff'), '2001:db8:1:2::/64');
  assert.equal(clientKey('2001:db8::9'), '2001:db8:0:0::/64');
});
