import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { cliActor } from '../audit/audit.service.ts';
import { type MxServer, startMxServer } from '../bounces/mx-server.ts';
import { addMember, applyStatusAction } from '../members/member.service.ts';
import type { MemberRow } from '../members/member.table.ts';
import { requireNetwork } from '../site/site.service.ts';
import type { PostingPolicy } from './discussion.table.ts';
import { sendPost, startSenderDns } from './discussion-post-test-kit.ts';
import { updateDiscussionSettings } from './discussion-settings.ts';
import { ownListId } from './list-identity.ts';
import type { AuthSummary } from './mail-authentication.ts';

const list = 'network@bounces.example.org';

for (const dialect of dialects) {
  describe(`posting to the discussion list through plenary mx on ${dialect}`, () => {
    let t: TestApp;
    let mx: MxServer;
    let dns: Awaited<ReturnType<typeof startSenderDns>>;
    const logs: string[] = [];
    let seq = 0;

    before(async () => {
      t = await createTestApp(dialect, { PUBLIC_URL: 'https://outreach.example.org', BOUNCE_DOMAIN: 'bounces.example.org' });
      dns = await startSenderDns();
      mx = await startMxServer({ ...t.deps, log: (line) => logs.push(line), resolver: dns.resolver }, { port: 0, host: '127.0.0.1' });
    });
    after(async () => {
      await mx.close();
      await dns.close();
      await t.close();
    });

    async function setPolicy(policy: PostingPolicy, nonMembers: 'hold' | 'reject' = 'hold') {
      const network = await requireNetwork(t.deps);
      await updateDiscussionSettings(t.deps, cliActor, network.id, { policy, nonMembers, holdDays: '7' });
    }

    async function member(email: string, language = 'en'): Promise<MemberRow> {
      return addMember(t.deps, cliActor, { email, name: `Member ${++seq}`, language, memberState: 'KE' }, { status: 'subscribed', basis: 'test' });
    }

    const posts = () => t.deps.db.selectFrom('discussion_posts').selectAll().orderBy('id').execute();
    const postById = (messageId: string) => t.deps.db.selectFrom('discussion_posts').selectAll().where('message_id', '=', messageId).executeTakeFirst();

    test('a DKIM-signed post from a subscribed member is published; a reply joins its thread', async () => {
      await setPolicy('open');
      const author = await member('amina.diallo@example.net');
      const sent = await sendPost(mx.port, {
        from: 'Amina Diallo <amina.diallo@example.net>',
        to: list,
        subject: 'Revision 2 of the outcome document',
        text: 'Has everyone seen the second revision?',
        messageId: '<rev2@example.net>',
        signed: true,
      });
      assert.ok(sent.ok, JSON.stringify(sent));
      const post = await postById('rev2@example.net');
      assert.ok(post, `stored: ${logs.join('\n')}`);
      assert.equal(post.status, 'published');
      assert.equal(post.member_id, author.id);
      assert.equal(post.subject, 'Revision 2 of the outcome document');
      assert.match(post.body_text, /second revision/);
      const auth = JSON.parse(post.auth) as AuthSummary;
      assert.deepEqual(
        auth.dkim.map((d) => [d.domain, d.result]),
        [['example.net', 'pass']],
      );
      assert.equal(auth.spf, 'pass');
      assert.equal(auth.dmarc, 'pass');
      assert.equal(post.dmarc_policy, 'reject');
      assert.match(auth.header, /dkim=pass/);
      assert.ok(post.thread_id);

      const reply = await sendPost(mx.port, {
        from: 'amina.diallo@example.net',
        to: list,
        subject: 'Re: Revision 2 of the outcome document',
        text: 'Paragraph 12 changed.',
        messageId: '<rev2-reply@example.net>',
        inReplyTo: '<rev2@example.net>',
        references: ['<rev2@example.net>'],
        signed: true,
      });
      assert.ok(reply.ok);
      const second = await postById('rev2-reply@example.net');
      assert.equal(second?.status, 'published');
      assert.equal(second?.thread_id, post.thread_id);
      assert.equal(second?.in_reply_to, 'rev2@example.net');
      const thread = await t.deps.db.selectFrom('discussion_threads').selectAll().where('id', '=', post.thread_id).executeTakeFirstOrThrow();
      assert.equal(thread.post_count, 2);
      assert.equal(thread.subject, 'Revision 2 of the outcome document');
    });

    test('the author is found by the normalised address: case, IDN A-label and EAI over SMTPUTF8', async () => {
      await setPolicy('open');
      const upper = await member('Omar.Haddad@example.net');
      const idn = await member('li.wei@例子.example');
      const eai = await member('用户@例子.example', 'zh');
      const cases: [string, string, MemberRow][] = [
        ['OMAR.HADDAD@EXAMPLE.NET', 'case@example.net', upper],
        ['li.wei@xn--fsqu00a.example', 'idn@example.net', idn],
        ['用户@例子.example', 'eai@example.net', eai],
      ];
      for (const [from, id, expected] of cases) {
        const sent = await sendPost(mx.port, { from, to: list, subject: `From ${from}`, text: 'Hello.', messageId: `<${id}>` });
        assert.ok(sent.ok, `${from}: ${JSON.stringify(sent)}`);
        const post = await postById(id);
        assert.equal(post?.member_id, expected.id, `${from} is member ${expected.id}: ${logs.slice(-2).join(' | ')}`);
        assert.equal(post?.status, 'published', from);
        assert.equal(post?.from_key, expected.email_key);
      }
      assert.equal((await postById('eai@example.net'))?.mail_from, '用户@例子.example');
    });

    test('a forged From (DMARC p=reject fails) is held, never published, and nobody is answered', async () => {
      await setPolicy('open', 'reject');
      await member('president@example.net');
      const jobsBefore = await t.deps.db.selectFrom('jobs').select('id').where('name', '=', 'mail.send').execute();
      const sent = await sendPost(mx.port, {
        from: 'president@example.net',
        envelopeFrom: 'someone@elsewhere.example',
        to: list,
        subject: 'Urgent: wire the funds',
        text: 'Forged.',
        messageId: '<forged@elsewhere.example>',
      });
      assert.ok(sent.ok);
      const post = await postById('forged@elsewhere.example');
      assert.equal(post?.status, 'held');
      assert.equal(post?.hold_reason, 'dmarc_fail');
      assert.equal(post?.thread_id, null);
      assert.equal((JSON.parse(post?.auth ?? '{}') as AuthSummary).dmarc, 'fail');
      const jobsAfter = await t.deps.db.selectFrom('jobs').select('id').where('name', '=', 'mail.send').execute();
      assert.equal(jobsAfter.length, jobsBefore.length, 'no reply to a forged From');
    });

    test('the posting policy holds first posts, every post, or refuses the list at RCPT TO', async () => {
      await member('new.member@example.net');
      await setPolicy('moderate_new');
      assert.ok(
        (await sendPost(mx.port, { from: 'new.member@example.net', to: list, subject: 'First', text: 'Hi', messageId: '<first@example.net>', signed: true }))
          .ok,
      );
      assert.equal((await postById('first@example.net'))?.hold_reason, 'first_post');
      await setPolicy('moderated');
      assert.ok(
        (await sendPost(mx.port, { from: 'amina.diallo@example.net', to: list, subject: 'M', text: 'Hi', messageId: '<mod@example.net>', signed: true })).ok,
      );
      const moderated = await postById('mod@example.net');
      assert.equal(moderated?.status, 'held');
      assert.equal(moderated?.hold_reason, 'moderated');
      await setPolicy('announce_only');
      const before = (await posts()).length;
      const refused = await sendPost(mx.port, {
        from: 'amina.diallo@example.net',
        to: list,
        subject: 'A',
        text: 'Hi',
        messageId: '<ann@example.net>',
        signed: true,
      });
      assert.equal(refused.ok, false);
      assert.equal(!refused.ok && refused.code, 550);
      assert.equal((await posts()).length, before);
    });

    test('non-members and unsubscribed members are held, or refused with a translated reply when the network says so', async () => {
      await setPolicy('open', 'hold');
      assert.ok(
        (await sendPost(mx.port, { from: 'stranger@example.net', to: list, subject: 'Hello', text: 'Hi', messageId: '<stranger1@example.net>', signed: true }))
          .ok,
      );
      assert.equal((await postById('stranger1@example.net'))?.hold_reason, 'non_member');

      const leaving = await member('leaving@example.net');
      await applyStatusAction(t.deps, cliActor, leaving, 'unsubscribe');
      assert.ok(
        (await sendPost(mx.port, { from: 'leaving@example.net', to: list, subject: 'Bye', text: 'Hi', messageId: '<leaving@example.net>', signed: true })).ok,
      );
      const fromUnsubscribed = await postById('leaving@example.net');
      assert.equal(fromUnsubscribed?.status, 'held');
      assert.equal(fromUnsubscribed?.hold_reason, 'not_subscribed');

      await setPolicy('open', 'reject');
      assert.ok(
        (await sendPost(mx.port, { from: 'stranger@example.net', to: list, subject: 'Again', text: 'Hi', messageId: '<stranger2@example.net>', signed: true }))
          .ok,
      );
      const refused = await postById('stranger2@example.net');
      assert.equal(refused?.status, 'rejected');
      await t.runJobs();
      const replies = await t.deps.db.selectFrom('captured_mail').selectAll().where('envelope_to', '=', 'stranger@example.net').execute();
      assert.equal(replies.length, 1);
      assert.match(replies[0]!.subject, /was not posted/);
      assert.match(replies[0]!.raw, /Auto-Submitted: auto-replied/);
      assert.match(replies[0]!.raw, /In-Reply-To: <stranger2@example\.net>/);
    });

    test('loops, auto-replies, the null sender and a second delivery of the same message make no post', async () => {
      await setPolicy('open');
      const network = await requireNetwork(t.deps);
      const before = (await posts()).length;
      const common = { from: 'amina.diallo@example.net', to: list, text: 'x', signed: true };
      assert.ok(
        (await sendPost(mx.port, { ...common, subject: 'Loop', messageId: '<loop@example.net>', headers: { 'List-Id': ownListId(t.deps.config, network) } }))
          .ok,
      );
      assert.ok((await sendPost(mx.port, { ...common, subject: 'Away', messageId: '<away@example.net>', headers: { 'Auto-Submitted': 'auto-replied' } })).ok);
      assert.ok((await sendPost(mx.port, { ...common, subject: 'Out of office: back Monday', messageId: '<ooo@example.net>' })).ok);
      assert.ok((await sendPost(mx.port, { ...common, envelopeFrom: '', subject: 'Notice', messageId: '<null@example.net>' })).ok);
      assert.equal((await posts()).length, before, logs.slice(-4).join('\n'));
      assert.ok((await sendPost(mx.port, { ...common, subject: 'Twice', messageId: '<twice@example.net>' })).ok);
      assert.ok((await sendPost(mx.port, { ...common, subject: 'Twice', messageId: '<twice@example.net>' })).ok);
      assert.equal((await posts()).length, before + 1);
      assert.ok(logs.some((l) => /ignored: .*already received/.test(l)));
    });
  });
}
