import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp, testPassword } from '../../../test/test-app.ts';
import { cliActor } from '../audit/audit.service.ts';
import { createStaffAccount } from '../auth/auth.service.ts';
import { type MxServer, startMxServer } from '../bounces/mx-server.ts';
import { addMember } from '../members/member.service.ts';
import { requireNetwork } from '../site/site.service.ts';
import { sendPost, startSenderDns } from './discussion-post-test-kit.ts';
import { updateDiscussionSettings } from './discussion-settings.ts';
import { approvalAddress, readApprovalAddress } from './moderator-mail.ts';

const list = 'network@bounces.example.org';

for (const dialect of dialects) {
  describe(`moderators' mail and approval by reply through plenary mx on ${dialect}`, () => {
    let t: TestApp;
    let mx: MxServer;
    let dns: Awaited<ReturnType<typeof startSenderDns>>;
    const logs: string[] = [];
    let seq = 0;

    before(async () => {
      t = await createTestApp(dialect, { PUBLIC_URL: 'https://outreach.example.org', BOUNCE_DOMAIN: 'bounces.example.org' });
      dns = await startSenderDns();
      mx = await startMxServer({ ...t.deps, log: (line) => logs.push(line), resolver: dns.resolver }, { port: 0, host: '127.0.0.1' });
      await createStaffAccount(t.deps, cliActor, { email: 'moderator@example.net', name: 'Nadia Karim', role: 'editor', password: testPassword });
      await createStaffAccount(t.deps, cliActor, { email: 'owner@example.net', name: 'Olu Owner', role: 'owner', password: testPassword });
      await createStaffAccount(t.deps, cliActor, { email: 'viewer@example.net', name: 'Vera Viewer', role: 'viewer', password: testPassword });
      // An editor whose domain (example.com) publishes DMARC but signs nothing: mail "from" it cannot be proved.
      await createStaffAccount(t.deps, cliActor, { email: 'editor@example.com', name: 'Unproved Editor', role: 'editor', password: testPassword });
      await addMember(
        t.deps,
        cliActor,
        { email: 'amina@example.net', name: 'Amina', language: 'en', memberState: 'SN' },
        { status: 'subscribed', basis: 'test' },
      );
      const network = await requireNetwork(t.deps);
      await updateDiscussionSettings(t.deps, cliActor, network.id, { policy: 'moderated', nonMembers: 'hold' });
    });
    after(async () => {
      await mx.close();
      await dns.close();
      await t.close();
    });

    const postRow = (messageId: string) => t.deps.db.selectFrom('discussion_posts').selectAll().where('message_id', '=', messageId).executeTakeFirstOrThrow();
    const mailTo = (address: string) => t.deps.db.selectFrom('captured_mail').selectAll().where('envelope_to', '=', address).orderBy('id').execute();

    async function holdPost(): Promise<{ id: number; messageId: string; subject: string }> {
      const messageId = `held-${++seq}@example.net`;
      const subject = `Paragraph ${seq} of the outcome document`;
      const sent = await sendPost(mx.port, {
        from: 'Amina <amina@example.net>',
        to: list,
        subject,
        text: `What do we make of paragraph ${seq}?`,
        messageId: `<${messageId}>`,
        signed: true,
      });
      assert.ok(sent.ok, JSON.stringify(sent));
      const row = await postRow(messageId);
      assert.equal(row.status, 'held');
      return { id: row.id, messageId, subject };
    }

    test('each moderator (editors and owners) gets the held post with sender, subject, excerpt, reason and a signed reply address', async () => {
      const post = await holdPost();
      await t.runJobs();
      const [toEditor] = await mailTo('moderator@example.net');
      assert.ok(toEditor, 'the editor is told');
      assert.equal((await mailTo('owner@example.net')).length, 1, 'the owner too');
      assert.equal((await mailTo('viewer@example.net')).length, 0, 'a viewer does not moderate');
      const raw = toEditor.raw;
      assert.match(toEditor.subject, new RegExp(`Held for moderation: ${post.subject}`));
      const replyTo = /^Reply-To: (.+)$/m.exec(raw)?.[1]?.trim();
      assert.equal(replyTo, approvalAddress(t.deps.secretKey, list, post.id));
      assert.match(replyTo!, new RegExp(`^network\\+approve-${post.id}-[0-9a-f]{12}@bounces\\.example\\.org$`));
      assert.match(raw, /^Auto-Submitted: auto-generated/m);
      const text = raw.replace(/=\r?\n/g, '');
      assert.match(text, /From: Amina <amina@example\.net>/);
      assert.match(text, /Held because: /);
      assert.match(text, new RegExp(`What do we make of paragraph ${seq}\\?`));
      assert.deepEqual(readApprovalAddress(t.deps.secretKey, list, replyTo!), { postId: post.id });
      assert.equal(readApprovalAddress(t.deps.secretKey, list, replyTo!.replace(/-[0-9a-f]{12}@/, '-000000000000@')), 'forged');
    });

    test('a DKIM-signed reply from a moderator’s address approves the post (audited as that moderator)', async () => {
      const post = await holdPost();
      const sent = await sendPost(mx.port, {
        from: 'Nadia Karim <moderator@example.net>',
        to: approvalAddress(t.deps.secretKey, list, post.id),
        subject: `Re: Held for moderation: ${post.subject}`,
        text: 'OK',
        inReplyTo: '<notice@outreach.example.org>',
        signed: true,
      });
      assert.ok(sent.ok, JSON.stringify(sent));
      const row = await postRow(post.messageId);
      assert.equal(row.status, 'published');
      assert.equal(row.decided_by, 'moderator@example.net');
      assert.ok(row.thread_id !== null);
      const audit = await t.deps.db.selectFrom('audit_events').selectAll().where('subject', '=', `discussion_post:${post.id}`).execute();
      assert.deepEqual(
        audit.map((a) => a.action),
        ['discussion.post_approve'],
      );
      assert.ok(
        logs.some((l) => l.startsWith(`approved: reply from <moderator@example.net> to approve post ${post.id}`)),
        logs.join('\n'),
      );
    });

    test('a reply from anyone else — a member, a viewer, an unproved moderator’s address — changes nothing and is audited', async () => {
      const post = await holdPost();
      const to = approvalAddress(t.deps.secretKey, list, post.id);
      const attempts = [
        { from: 'Amina <amina@example.net>', signed: true },
        { from: 'Vera Viewer <viewer@example.net>', signed: true },
        // The editor's address at a domain whose DMARC fails: anyone can write this From.
        { from: 'Unproved Editor <editor@example.com>', envelopeFrom: 'editor@example.com', signed: false },
        // The real moderator's address, unsigned, from an address SPF does not allow: a forgery.
        { from: 'Nadia Karim <moderator@example.net>', envelopeFrom: 'someone@elsewhere.example', signed: false },
      ];
      for (const attempt of attempts) {
        const sent = await sendPost(mx.port, { ...attempt, to, subject: 'Re: approve', text: 'approve' });
        assert.ok(sent.ok, JSON.stringify(sent));
      }
      assert.equal((await postRow(post.messageId)).status, 'held');
      const refused = await t.deps.db
        .selectFrom('audit_events')
        .selectAll()
        .where('subject', '=', `discussion_post:${post.id}`)
        .where('action', '=', 'discussion.approve_by_reply_refused')
        .execute();
      assert.equal(refused.length, 4);
    });

    test('an out-of-office reply from a moderator is no decision; a forged approval address is refused at RCPT TO', async () => {
      const post = await holdPost();
      const to = approvalAddress(t.deps.secretKey, list, post.id);
      const auto = await sendPost(mx.port, {
        from: 'Nadia Karim <moderator@example.net>',
        to,
        subject: 'Out of office',
        text: 'I am away until Monday.',
        headers: { 'Auto-Submitted': 'auto-replied' },
        signed: true,
      });
      assert.ok(auto.ok);
      assert.equal((await postRow(post.messageId)).status, 'held');
      const forged = await sendPost(mx.port, {
        from: 'Nadia Karim <moderator@example.net>',
        to: `network+approve-${post.id}-000000000000@bounces.example.org`,
        subject: 'Re',
        text: 'approve',
        signed: true,
      });
      assert.equal(forged.ok, false);
      assert.equal(!forged.ok && forged.code, 550);
      assert.equal((await postRow(post.messageId)).status, 'held');
    });
  });
}
