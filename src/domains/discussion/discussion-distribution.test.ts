import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dkimVerify } from 'mailauth/lib/dkim/verify.js';
import { dialects } from '../../../test/dialects.ts';
import { type SmtpPeer, startSmtpPeer } from '../../../test/smtp-peer.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { cliActor } from '../audit/audit.service.ts';
import { dkimTxtRecord, generateDkimKey } from '../delivery/dkim.ts';
import { addMember, applyStatusAction } from '../members/member.service.ts';
import type { MemberRow } from '../members/member.table.ts';
import { requireNetwork } from '../site/site.service.ts';
import { receivePost } from './discussion-intake.service.ts';
import { signedMessage, startSenderDns } from './discussion-post-test-kit.ts';
import { setMemberDelivery } from './discussion-preferences.ts';
import { updateDiscussionSettings } from './discussion-settings.ts';

const networkKey = generateDkimKey();

/** A header of a raw message, unfolded (RFC 5322 §2.2.3). */
function header(raw: string, name: string): string | undefined {
  const block = (raw.split(/\r?\n\r?\n/)[0] ?? '').replace(/\r?\n[ \t]+/g, ' ');
  return new RegExp(`^${name}: (.*)$`, 'mi').exec(block)?.[1]?.trim();
}

for (const dialect of dialects) {
  describe(`redistributing posts to members through the SMTP relay on ${dialect}`, () => {
    let t: TestApp;
    let peer: SmtpPeer;
    let dns: Awaited<ReturnType<typeof startSenderDns>>;
    const members: Record<string, MemberRow> = {};

    before(async () => {
      peer = await startSmtpPeer();
      dns = await startSenderDns();
      t = await createTestApp(dialect, {
        SMTP_URL: peer.url,
        PUBLIC_URL: 'https://outreach.example.org',
        MAIL_FROM: 'WSIS+20 Outreach <outreach@example.org>',
        BOUNCE_DOMAIN: 'bounces.example.org',
        DKIM_DOMAIN: 'example.org',
        DKIM_SELECTOR: 'plenary',
        DKIM_PRIVATE_KEY: networkKey.privateKey,
      });
      const subscribed = { status: 'subscribed', basis: 'test' } as const;
      for (const [key, email, language] of [
        ['author', 'amina.diallo@example.net', 'en'],
        ['arabic', 'salma@example.com', 'ar'],
        ['quiet', 'quiet@example.com', 'fr'],
        ['leaving', 'leaving@example.com', 'es'],
        ['plain', 'kofi@example.org', 'en'],
      ] as const) {
        members[key] = await addMember(t.deps, cliActor, { email, name: key, language, memberState: 'GH' }, subscribed);
      }
      await setMemberDelivery(t.deps, members.quiet!, 'none');
      await applyStatusAction(t.deps, cliActor, members.leaving!, 'unsubscribe');
      const network = await requireNetwork(t.deps);
      await updateDiscussionSettings(t.deps, cliActor, network.id, { policy: 'open', subjectPrefix: '[WSIS+20]' });
    });
    after(async () => {
      await t.close();
      await peer.close();
      await dns.close();
    });

    const copiesTo = (address: string) => peer.received.filter((m) => m.to.includes(address));

    test('each subscribed member who receives posts gets one signed copy, with List-* headers and a footer in their language', async () => {
      const raw = await signedMessage(
        [
          'From: Amina Diallo <amina.diallo@example.net>',
          'Subject: Revision 2',
          'Message-ID: <r2@example.net>',
          'MIME-Version: 1.0',
          'Content-Type: text/plain; charset=utf-8',
        ],
        'Has everyone seen the second revision?\n',
      );
      const outcome = await receivePost(
        { ...t.deps, resolver: dns.resolver },
        { mailFrom: 'amina.diallo@example.net', clientIp: '127.0.0.1', helo: 'mail.example.net' },
        raw,
      );
      assert.equal(outcome.result, 'published', outcome.detail);
      await t.runJobs();
      for (const key of ['author', 'arabic', 'plain']) assert.equal(copiesTo(members[key]!.email_display).length, 1, key);
      for (const key of ['quiet', 'leaving']) assert.equal(copiesTo(members[key]!.email_display).length, 0, key);
      const copy = copiesTo('salma@example.com')[0]!.raw;
      // example.net publishes p=reject: From is the list's, Reply-To the author.
      assert.match(header(copy, 'From') ?? '', /<network@bounces\.example\.org>$/);
      assert.equal(header(copy, 'Reply-To'), '"Amina Diallo" <amina.diallo@example.net>');
      assert.equal(header(copy, 'Subject'), '[WSIS+20] Revision 2');
      assert.equal(header(copy, 'List-Post'), '<mailto:network@bounces.example.org>');
      assert.match(header(copy, 'List-Id') ?? '', /<[a-z0-9-]+\.outreach\.example\.org>$/);
      assert.match(header(copy, 'List-Unsubscribe') ?? '', /^<https:\/\/outreach\.example\.org\/ar\/unsubscribe\/[^>]+>$/);
      assert.equal(header(copy, 'List-Unsubscribe-Post'), 'List-Unsubscribe=One-Click');
      assert.equal(header(copy, 'References'), '<r2@example.net>');
      assert.equal(header(copy, 'X-Loop'), 'network@bounces.example.org');
      const mail = await import('mailparser').then((m) => m.simpleParser(copy));
      assert.match(mail.text ?? '', /second revision/);
      assert.match(mail.text ?? '', /تلقّيت هذه الرسالة بصفتك عضوًا/);
      assert.match(mail.from?.value[0]?.name ?? '', /^Amina Diallo عبر /);
      const verification = await dkimVerify(Buffer.from(copy), { resolver: async () => [[dkimTxtRecord(networkKey.publicKeyBase64)]] });
      assert.equal(verification.results[0]?.status.result, 'pass');
      assert.equal(verification.results[0]?.signingDomain, 'example.org');
      const states = await t.deps.db.selectFrom('discussion_deliveries').select('state').where('post_id', '=', outcome.postId!).execute();
      assert.deepEqual(
        states.map((s) => s.state),
        ['sent', 'sent', 'sent'],
      );
      // Running the jobs again sends nothing twice.
      const before = peer.received.length;
      await t.runJobs();
      assert.equal(peer.received.length, before);
    });

    test('From stays the author when their domain has no strict DMARC policy; a reply to a copy joins the thread', async () => {
      const first = await receivePost(
        { ...t.deps, resolver: dns.resolver },
        { mailFrom: 'kofi@example.org', clientIp: '127.0.0.1', helo: 'mail.example.org' },
        Buffer.from('From: Kofi <kofi@example.org>\r\nSubject: Paragraph 12\r\nMessage-ID: <p12@example.org>\r\n\r\nA question.\r\n'),
      );
      assert.equal(first.result, 'published', first.detail);
      await t.runJobs();
      const copy = copiesTo('salma@example.com').at(-1)!.raw;
      assert.equal(header(copy, 'From'), 'Kofi <kofi@example.org>');
      assert.equal(header(copy, 'Reply-To'), undefined);
      // A member's client answers our copy: In-Reply-To is the copy's own Message-ID, References ends with it.
      const copyId = header(copy, 'Message-ID')!;
      const reply = await receivePost(
        { ...t.deps, resolver: dns.resolver },
        { mailFrom: 'kofi@example.org', clientIp: '127.0.0.1', helo: 'mail.example.org' },
        Buffer.from(
          `From: kofi@example.org\r\nSubject: Re: [WSIS+20] Paragraph 12\r\nMessage-ID: <p12-re@example.org>\r\nIn-Reply-To: ${copyId}\r\nReferences: ${header(copy, 'References')} ${copyId}\r\n\r\nAn answer.\r\n`,
        ),
      );
      assert.equal(reply.result, 'published');
      const rows = await t.deps.db
        .selectFrom('discussion_posts')
        .select(['message_id', 'thread_id'])
        .where('message_id', 'in', ['p12@example.org', 'p12-re@example.org'])
        .execute();
      assert.equal(rows.length, 2);
      assert.equal(rows[0]!.thread_id, rows[1]!.thread_id);
      await t.runJobs();
      // The prefix is not repeated on a reply that already carries it.
      assert.equal(header(copiesTo('salma@example.com').at(-1)!.raw, 'Subject'), 'Re: [WSIS+20] Paragraph 12');
    });

    test('a copy of our own that comes back to the list is a loop and makes no post', async () => {
      const copy = copiesTo('kofi@example.org').at(-1)!.raw;
      const outcome = await receivePost(
        { ...t.deps, resolver: dns.resolver },
        { mailFrom: 'kofi@example.org', clientIp: '127.0.0.1', helo: 'x' },
        Buffer.from(copy),
      );
      assert.equal(outcome.result, 'ignored');
      assert.match(outcome.detail, /loop/);
    });

    test('the member chooses, through their signed link, to receive no posts; a forged link changes nothing', async () => {
      const { memberLink } = await import('../members/member-links.ts');
      const token = memberLink(t.deps, members.plain!.id, 'manage');
      const page = await t.app.inject({ method: 'GET', url: `/fr/me/${token}/discussion` });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Comment vous recevez les messages de la liste/);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
      const cookie = page.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      const bad = await t.app.inject({
        method: 'POST',
        url: `/fr/me/${token}/discussion`,
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: `_csrf=${encodeURIComponent(csrf)}&delivery=hourly`,
      });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /Choisissez comment vous recevez/);
      const saved = await t.app.inject({
        method: 'POST',
        url: `/fr/me/${token}/discussion`,
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: `_csrf=${encodeURIComponent(csrf)}&delivery=none`,
      });
      assert.equal(saved.statusCode, 303);
      const forged = await t.app.inject({ method: 'GET', url: `/fr/me/${token.slice(0, -2)}xx/discussion` });
      assert.equal(forged.statusCode, 400);
      const row = await t.deps.db.selectFrom('discussion_members').select('delivery').where('member_id', '=', members.plain!.id).executeTakeFirstOrThrow();
      assert.equal(row.delivery, 'none');
    });

    test('a member who chose the daily digest gets the posts of the day once, in one message, after the day is over', async () => {
      await setMemberDelivery(t.deps, members.quiet!, 'daily');
      const published = await t.deps.db.selectFrom('discussion_posts').select('subject').where('status', '=', 'published').execute();
      assert.equal(copiesTo('quiet@example.com').length, 0);
      t.clock.advance(24 * 60 * 60 * 1000 + 60_000);
      await t.runJobs();
      const digests = copiesTo('quiet@example.com');
      assert.equal(digests.length, 1);
      const digest = await import('mailparser').then((m) => m.simpleParser(digests[0]!.raw));
      assert.match(digest.subject ?? '', /condensé quotidien/i);
      for (const { subject } of published) assert.ok((digest.text ?? '').includes(subject), subject);
      assert.match(header(digests[0]!.raw, 'List-Unsubscribe') ?? '', /^<https:\/\/outreach\.example\.org\/fr\/unsubscribe\//);
      await t.runJobs();
      t.clock.advance(24 * 60 * 60 * 1000);
      await t.runJobs();
      assert.equal(copiesTo('quiet@example.com').length, 1, 'no digest twice, none for a day without posts');
      const rows = await t.deps.db.selectFrom('discussion_digests').selectAll().where('member_id', '=', members.quiet!.id).execute();
      assert.equal(rows.length, 1);
      assert.ok(rows[0]!.sent_at);
    });
  });
}
