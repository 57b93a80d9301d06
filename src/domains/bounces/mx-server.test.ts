import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import nodemailer from 'nodemailer';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import * as announcements from '../announcements/announcement.service.ts';
import { cliActor } from '../audit/audit.service.ts';
import { mailToken } from '../delivery/mail-token.ts';
import { addMember } from '../members/member.service.ts';
import type { MemberRow } from '../members/member.table.ts';
import { parseBounce } from './dsn-parser.ts';
import { type MxServer, startMxServer } from './mx-server.ts';

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

    test('a forged or foreign token is accepted at SMTP level and changes nothing', async () => {
      const member = await newMember();
      const id = await announce('Forged');
      const { delivery, verp } = await sentTo(id, member);
      const forged = verp.replace(/\.[0-9a-f]{12}@/, '.000000000000@');
      // A genuine token, but of a member: it names no delivery.
      const memberToken = `bounces+${mailToken(t.deps.secretKey, 'm', member.id)}@bounces.example.org`;
      const before = await t.deps.db
        .selectFrom('bounces')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .executeTakeFirstOrThrow();
      for (const to of [forged, memberToken, 'bounces+not-a-token@bounces.example.org']) {
        const reply = await deliver(mx.port, { from: '', to }, await bounceFor('postfix-5.1.1-user-unknown.eml', to, member));
        assert.ok(reply.ok, `${to} accepted`);
      }
      const afterForged = await state(member, delivery.id);
      assert.equal(afterForged.status, 'subscribed');
      assert.equal(afterForged.delivery.state, 'sent');
      const count = await t.deps.db
        .selectFrom('bounces')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(count.n), Number(before.n));
      assert.ok(logs.some((l) => l.includes(forged) && /forged or malformed/.test(l)));
      assert.ok(logs.some((l) => l.includes(memberToken) && /not a delivery token/.test(l)));
    });

    test('mail to the List-Unsubscribe mailto address unsubscribes the member; an auto-reply to it does not', async () => {
      const leaving = await newMember();
      const away = await newMember();
      const id = await announce('Unsubscribe by email');
      const mailtoOf = async (member: MemberRow) => {
        const { raw } = await sentTo(id, member);
        const mailto = /<mailto:(unsubscribe\+m\d+\.[0-9a-f]{12}@bounces\.example\.org)\?subject=unsubscribe>/.exec(raw.replace(/\r?\n[ \t]+/g, ' '))?.[1];
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

    test('a failure while handling a message is logged and the message still accepted; an oversized one is refused with 552', async () => {
      const brokenLogs: string[] = [];
      const broken = await startMxServer(
        {
          ...t.deps,
          clock: {
            now() {
              throw new Error('the clock stopped');
            },
          },
          log: (line) => brokenLogs.push(line),
        },
        { port: 0, host: '127.0.0.1', maxMessageBytes: 4096 },
      );
      try {
        const member = await newMember();
        const id = await announce('Broken');
        const { delivery, verp } = await sentTo(id, member);
        const reply = await deliver(broken.port, { from: '', to: verp }, await bounceFor('qmail-5.1.1-no-mailbox.eml', verp, member));
        assert.ok(reply.ok, 'accepted: a bounce processor must not make the sender retry');
        assert.ok(brokenLogs.some((l) => /^error: .*the clock stopped/.test(l)));
        assert.equal((await state(member, delivery.id)).delivery.state, 'sent');

        const big = `From: someone@example.com\r\nSubject: big\r\n\r\n${'x'.repeat(76)}\r\n`.repeat(100);
        const tooBig = await deliver(broken.port, { from: '', to: verp }, big);
        assert.equal(!tooBig.ok && tooBig.code, 552);
      } finally {
        await broken.close();
      }
    });
  });
}
