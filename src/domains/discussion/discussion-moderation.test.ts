import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp, type TestClient } from '../../../test/test-app.ts';
import { cliActor } from '../audit/audit.service.ts';
import { findMember } from '../members/member.repository.ts';
import { addMember, erase } from '../members/member.service.ts';
import type { MemberRow } from '../members/member.table.ts';
import { requireNetwork } from '../site/site.service.ts';
import { receivePost } from './discussion-intake.service.ts';
import { signedMessage, startSenderDns } from './discussion-post-test-kit.ts';
import { updateDiscussionSettings } from './discussion-settings.ts';

const day = 24 * 60 * 60 * 1000;

for (const dialect of dialects) {
  describe(`moderating the discussion list on ${dialect}`, () => {
    let t: TestApp;
    let editor: TestClient;
    let viewer: TestClient;
    let dns: Awaited<ReturnType<typeof startSenderDns>>;
    let seq = 0;
    let marie: MemberRow;

    before(async () => {
      t = await createTestApp(dialect, { PUBLIC_URL: 'https://outreach.example.org', BOUNCE_DOMAIN: 'bounces.example.org' });
      dns = await startSenderDns();
      editor = await t.signedInClient('editor');
      viewer = await t.signedInClient('viewer');
      const subscribed = { status: 'subscribed', basis: 'test' } as const;
      await addMember(t.deps, cliActor, { email: 'jean.dupont@example.net', name: 'Jean Dupont', language: 'en', memberState: 'FR' }, subscribed);
      marie = await addMember(t.deps, cliActor, { email: 'marie.curie@example.net', name: 'Marie Curie', language: 'fr', memberState: 'FR' }, subscribed);
      const network = await requireNetwork(t.deps);
      await updateDiscussionSettings(t.deps, cliActor, network.id, { policy: 'moderate_new', nonMembers: 'hold', holdDays: '3' });
    });
    after(async () => {
      await dns.close();
      await t.close();
    });

    /** A DKIM-signed post from `from` (at example.net), received as plenary mx would receive it; returns its id. */
    async function held(from: string, subject: string): Promise<number> {
      const id = `m${++seq}@example.net`;
      const headers = [
        `From: ${from}`,
        'To: network@bounces.example.org',
        `Subject: ${subject}`,
        `Message-ID: <${id}>`,
        'Date: Thu, 03 Dec 2026 10:00:00 +0000',
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-8',
      ];
      const raw = await signedMessage(headers, `Text of ${subject}.\n`);
      const outcome = await receivePost({ ...t.deps, resolver: dns.resolver }, { mailFrom: from, clientIp: '127.0.0.1', helo: 'mail.example.net' }, raw);
      assert.equal(outcome.result, 'held', outcome.detail);
      return outcome.postId!;
    }

    const post = (id: number) => t.deps.db.selectFrom('discussion_posts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const audit = (action: string) => t.deps.db.selectFrom('audit_events').selectAll().where('action', '=', action).execute();
    const mailTo = (address: string) => t.deps.db.selectFrom('captured_mail').selectAll().where('envelope_to', '=', address).orderBy('id').execute();

    test('the queue shows each held post with its sender, reason, excerpt and authentication results', async () => {
      const id = await held('Jean Dupont <jean.dupont@example.net>', 'Paragraphe 12');
      const page = await viewer.get('/fr/admin/discussion/moderation');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Paragraphe 12/);
      assert.match(page.body, /jean\.dupont@example\.net/);
      assert.match(page.body, /Le membre n(?:'|&#39;|&#x27;)est pas encore autorisé à publier librement/);
      assert.match(page.body, /<code>pass \(example\.net\)<\/code>/);
      assert.match(page.body, /Text of Paragraphe 12\./);
      // A viewer reads the queue but has no decision buttons, and cannot decide by posting.
      assert.doesNotMatch(page.body, new RegExp(`/admin/discussion/moderation/${id}"`));
      const refused = await viewer.post(`/en/admin/discussion/moderation/${id}`, { action: 'approve' }, { csrfFrom: '/en/admin/discussion' });
      assert.equal(refused.statusCode, 403);
      assert.equal((await post(id)).status, 'held');
    });

    test('approve publishes; approve-and-trust lets the member post freely from then on; both are audited', async () => {
      const first = await held('jean.dupont@example.net', 'Premier message');
      const approved = await editor.post(
        `/en/admin/discussion/moderation/${first}`,
        { action: 'approve_trust' },
        { csrfFrom: '/en/admin/discussion/moderation' },
      );
      assert.equal(approved.statusCode, 303);
      const row = await post(first);
      assert.equal(row.status, 'published');
      assert.ok(row.thread_id);
      assert.equal(row.decided_by, 'editor@example.org');
      assert.equal((await audit('discussion.post_approve_trust')).length, 1);
      // The next post from the same member goes straight to the list.
      const id = `free${++seq}@example.net`;
      const raw = await signedMessage(['From: jean.dupont@example.net', `Message-ID: <${id}>`, 'Subject: Second post'], 'Free to post.\n');
      const next = await receivePost(
        { ...t.deps, resolver: dns.resolver },
        { mailFrom: 'jean.dupont@example.net', clientIp: '127.0.0.1', helo: 'mail.example.net' },
        raw,
      );
      assert.equal(next.result, 'published', next.detail);
      // Deciding twice is refused: the post is no longer held.
      const again = await editor.post(`/en/admin/discussion/moderation/${first}`, { action: 'discard' }, { csrfFrom: '/en/admin/discussion/moderation' });
      assert.equal(again.statusCode, 409);
    });

    test('reject needs a reason (translated error, nothing decided); with one, the author gets it in their language', async () => {
      const id = await held('stranger@example.net', 'Offre commerciale');
      const missing = await editor.post(
        `/fr/admin/discussion/moderation/${id}`,
        { action: 'reject', reason: '  ' },
        { csrfFrom: '/fr/admin/discussion/moderation' },
      );
      assert.equal(missing.statusCode, 400);
      assert.match(missing.body, /Pour refuser un message, rédigez le motif/);
      assert.equal((await post(id)).status, 'held');

      const member = await held('Marie Curie <marie.curie@example.net>', 'Hors sujet');
      assert.equal((await post(member)).member_id, marie.id);
      const rejected = await editor.post(
        `/en/admin/discussion/moderation/${member}`,
        { action: 'reject', reason: 'Hors du champ de la liste.' },
        { csrfFrom: '/en/admin/discussion/moderation' },
      );
      assert.equal(rejected.statusCode, 303);
      const row = await post(member);
      assert.equal(row.status, 'rejected');
      assert.equal(row.decision_note, 'Hors du champ de la liste.');
      await t.runJobs();
      const [reply] = await mailTo('marie.curie@example.net');
      assert.ok(reply, 'the member was told');
      assert.match(reply.subject, /n'a pas été accepté/);
      assert.ok(Buffer.from(reply.raw).toString().length > 0);
      const events = await audit('discussion.post_reject');
      assert.equal(events.length, 1);
      assert.match(String(events[0]?.details), /Hors du champ/);
    });

    test('discard sends nothing; a held post expires after the hold days with a notice, once, audited', async () => {
      const discarded = await held('someone@example.net', 'Spam');
      assert.equal(
        (await editor.post(`/en/admin/discussion/moderation/${discarded}`, { action: 'discard' }, { csrfFrom: '/en/admin/discussion/moderation' })).statusCode,
        303,
      );
      assert.equal((await post(discarded)).status, 'discarded');
      await t.runJobs();
      assert.equal((await mailTo('someone@example.net')).length, 0);

      const waiting = await held('waiting@example.net', 'En attente');
      await t.runJobs();
      assert.equal((await post(waiting)).status, 'held');
      t.clock.advance(3 * day + 1000);
      await t.runJobs();
      assert.equal((await post(waiting)).status, 'expired');
      const notices = await mailTo('waiting@example.net');
      assert.equal(notices.length, 1);
      assert.match(notices[0]!.subject, /has expired/);
      assert.equal((await audit('discussion.post_expired')).length >= 1, true);
      await t.runJobs();
      assert.equal((await mailTo('waiting@example.net')).length, 1, 'expired once');
    });

    test('the settings form refuses a bad value with a translated message and saves nothing; a good one is audited', async () => {
      // The clock moved past the sessions' lifetime in the expiry test: sign in afresh.
      editor = await t.signedInClient('editor', 'editor2@example.org');
      viewer = await t.signedInClient('viewer', 'viewer2@example.org');
      const network = await requireNetwork(t.deps);
      const bad = await editor.post(
        '/es/admin/discussion/settings',
        { policy: 'open', nonMembers: 'hold', holdDays: '500' },
        { csrfFrom: '/es/admin/discussion' },
      );
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /Indique un número entero de días entre 1 y 90/);
      const stored = await t.deps.db.selectFrom('discussion_settings').selectAll().where('network_id', '=', network.id).executeTakeFirstOrThrow();
      assert.equal(stored.hold_days, 3);
      const good = await editor.post(
        '/en/admin/discussion/settings',
        { policy: 'moderated', nonMembers: 'reject', holdDays: '10' },
        { csrfFrom: '/en/admin/discussion' },
      );
      assert.equal(good.statusCode, 303);
      const page = await viewer.get('/ar/admin/discussion');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /dir="rtl"/);
      assert.match(page.body, /network@bounces\.example\.org/);
      assert.doesNotMatch(page.body, /discussion\/settings/, 'viewers get no settings form');
      assert.equal((await audit('discussion.settings_updated')).length >= 2, true);
      const viewerPost = await viewer.post(
        '/en/admin/discussion/settings',
        { policy: 'open', nonMembers: 'hold', holdDays: '5' },
        { csrfFrom: '/en/admin/discussion' },
      );
      assert.equal(viewerPost.statusCode, 403);
    });

    test('erasing a member deletes their posts and their standing, and their thread counts are right again', async () => {
      const before = await t.deps.db.selectFrom('discussion_posts').select('id').where('from_key', '=', 'jean.dupont@example.net').execute();
      assert.ok(before.length >= 2);
      const jean = await findMember(
        t.deps.db,
        (await t.deps.db.selectFrom('members').select('id').where('email_key', '=', 'jean.dupont@example.net').executeTakeFirstOrThrow()).id,
      );
      await erase(t.deps, jean!, cliActor);
      const left = await t.deps.db.selectFrom('discussion_posts').select('id').where('from_key', '=', 'jean.dupont@example.net').execute();
      assert.equal(left.length, 0);
      assert.equal((await t.deps.db.selectFrom('discussion_members').select('member_id').where('member_id', '=', jean!.id).execute()).length, 0);
      const threads = await t.deps.db.selectFrom('discussion_threads').selectAll().execute();
      for (const thread of threads) {
        const n = await t.deps.db.selectFrom('discussion_posts').select('id').where('thread_id', '=', thread.id).where('status', '=', 'published').execute();
        assert.equal(thread.post_count, n.length, `thread ${thread.id}`);
      }
    });
  });
}
