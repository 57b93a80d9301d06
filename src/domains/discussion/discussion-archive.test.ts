import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp, TestClient } from '../../../test/test-app.ts';
import { cliActor } from '../audit/audit.service.ts';
import { addMember, applyStatusAction } from '../members/member.service.ts';
import { memberLinks } from '../members/member-links.ts';
import { requireNetwork } from '../site/site.service.ts';
import type { ArchiveVisibility } from './discussion.table.ts';
import { receivePost } from './discussion-intake.service.ts';
import { signedMessage, startSenderDns } from './discussion-post-test-kit.ts';
import { updateDiscussionSettings } from './discussion-settings.ts';

const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
// A Windows executable's first bytes, sent under a PDF's name and type.
const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(64, 0x90), Buffer.from('This program cannot be run in DOS mode.')]);

function wrap64(bytes: Buffer): string {
  return (bytes.toString('base64').match(/.{1,76}/g) ?? []).join('\n');
}

for (const dialect of dialects) {
  describe(`the discussion archive on ${dialect}`, () => {
    let t: TestApp;
    let dns: Awaited<ReturnType<typeof startSenderDns>>;
    let editor: TestClient;
    let viewer: TestClient;
    let aminaManage: string;
    let leftManage: string;
    const ids: Record<string, number> = {};

    async function receive(key: string, headers: string[], body: string): Promise<void> {
      const raw = await signedMessage([...headers, `Message-ID: <${key}@example.net>`], body);
      const outcome = await receivePost(
        { ...t.deps, resolver: dns.resolver },
        { mailFrom: 'amina.diallo@example.net', clientIp: '127.0.0.1', helo: 'mail.example.net' },
        raw,
      );
      assert.equal(outcome.result, 'published', outcome.detail);
      ids[key] = outcome.postId!;
    }

    async function setVisibility(archiveVisibility: ArchiveVisibility): Promise<void> {
      const network = await requireNetwork(t.deps);
      await updateDiscussionSettings(t.deps, cliActor, network.id, { archiveVisibility });
    }

    before(async () => {
      t = await createTestApp(dialect, { PUBLIC_URL: 'https://outreach.example.org', BOUNCE_DOMAIN: 'bounces.example.org' });
      dns = await startSenderDns();
      const amina = await addMember(
        t.deps,
        cliActor,
        { email: 'amina.diallo@example.net', name: 'Amina Diallo', language: 'en', memberState: 'SN' },
        { status: 'subscribed', basis: 'test' },
      );
      aminaManage = memberLinks(t.deps, amina.id).manage;
      const left = await addMember(
        t.deps,
        cliActor,
        { email: 'left@example.org', name: 'Left Early', language: 'fr' },
        { status: 'subscribed', basis: 'test' },
      );
      leftManage = memberLinks(t.deps, left.id).manage;
      await applyStatusAction(t.deps, cliActor, left, 'unsubscribe');
      const network = await requireNetwork(t.deps);
      await updateDiscussionSettings(t.deps, cliActor, network.id, { policy: 'open', archiveVisibility: 'public' });
      const from = 'From: Amina Diallo <amina.diallo@example.net>';
      await receive(
        'march-1',
        [from, 'Subject: Outcome document, revision 2', 'Date: Mon, 10 Mar 2025 09:00:00 +0000', 'Content-Type: text/plain; charset=utf-8'],
        'What changed in paragraph 12? Write to me at amina.diallo@example.net.\nFrom the second reading on, José kept the text.\n',
      );
      const boundary = 'b-archive-1';
      await receive(
        'march-2',
        [
          from,
          'Subject: Re: Outcome document, revision 2',
          'Date: Tue, 11 Mar 2025 10:00:00 +0000',
          'In-Reply-To: <march-1@example.net>',
          'MIME-Version: 1.0',
          `Content-Type: multipart/mixed; boundary="${boundary}"`,
        ],
        [
          `--${boundary}`,
          'Content-Type: text/plain; charset=utf-8',
          'Content-Transfer-Encoding: 8bit',
          '',
          'الفقرة ١٢ تغيّرت: أُضيفت الإشارة إلى أصحاب المصلحة المتعددين.',
          '',
          'On 10 Mar 2025, Amina wrote:',
          '> What changed in paragraph 12?',
          '> Write to me.',
          '',
          `--${boundary}`,
          'Content-Type: application/pdf; name="revision-2.pdf"',
          'Content-Disposition: attachment; filename="revision-2.pdf"',
          'Content-Transfer-Encoding: base64',
          '',
          wrap64(pdf),
          `--${boundary}`,
          'Content-Type: application/pdf; name="report.pdf"',
          'Content-Disposition: attachment; filename="report.pdf"',
          'Content-Transfer-Encoding: base64',
          '',
          wrap64(exe),
          `--${boundary}--`,
          '',
        ].join('\n'),
      );
      await receive(
        'april-1',
        [from, 'Subject: 多利益攸关方模式', 'Date: Wed, 02 Apr 2025 08:00:00 +0000', 'Content-Type: text/plain; charset=utf-8'],
        '我们支持多利益攸关方模式的互联网治理。\n',
      );
      editor = await t.signedInClient('editor', 'editor-archive@example.org');
      viewer = await t.signedInClient('viewer', 'viewer-archive@example.org');
    });
    after(async () => {
      await dns.close();
      await t.close();
    });

    const anyone = () => new TestClient(t.app);

    test('the front page lists months with their posts and the latest threads, in every language', async () => {
      const page = await anyone().get('/en/archive');
      assert.equal(page.statusCode, 200, page.body);
      assert.match(page.body, /href="\/en\/archive\/2025\/03">March 2025<\/a> <span class="muted">2 posts/);
      assert.match(page.body, /href="\/en\/archive\/2025\/04">April 2025<\/a> <span class="muted">1 post</);
      assert.ok(page.body.indexOf('多利益攸关方模式') < page.body.indexOf('Outcome document, revision 2'), 'the latest thread comes first');
      for (const locale of ['ar', 'es', 'fr', 'ru', 'zh']) {
        const localized = await anyone().get(`/${locale}/archive`);
        assert.equal(localized.statusCode, 200);
        assert.match(localized.body, new RegExp(`<html lang="${locale}" dir="${locale === 'ar' ? 'rtl' : 'ltr'}"`));
      }
    });

    test('a month lists its threads with that month’s posts; an impossible month is not found', async () => {
      const march = await anyone().get('/en/archive/2025/03');
      assert.equal(march.statusCode, 200);
      assert.match(march.body, /Outcome document, revision 2<\/a> <span class="muted">2 posts/);
      assert.doesNotMatch(march.body, /多利益攸关方模式/);
      assert.equal((await anyone().get('/en/archive/2025/13')).statusCode, 404);
    });

    test('a thread shows each post in its own direction, quotes folded, addresses obfuscated, attachments safely', async () => {
      const threadId = (await t.deps.db.selectFrom('discussion_posts').select('thread_id').where('id', '=', ids['march-2']!).executeTakeFirstOrThrow())
        .thread_id;
      const page = await anyone().get(`/en/archive/threads/${threadId}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<html lang="en" dir="ltr"/);
      assert.match(page.body, new RegExp(`<article class="archive-post" id="post-${ids['march-1']}"[^>]*dir="ltr"`));
      assert.match(page.body, new RegExp(`<article class="archive-post" id="post-${ids['march-2']}"[^>]*dir="rtl"`));
      assert.match(page.body, /<details class="archive-post__quote"><summary>Quoted text \(2 lines\)<\/summary>/);
      assert.ok(!page.body.includes('amina.diallo@example.net'), 'no whole address on the page');
      assert.match(page.body, /am…@example\.net/);
      assert.match(page.body, new RegExp(`href="/en/archive/posts/${ids['march-2']}/attachments/0"[^>]*>revision-2\\.pdf`));
      assert.match(page.body, /report\.pdf is not offered for download/);

      const file = await anyone().get(`/en/archive/posts/${ids['march-2']}/attachments/0`);
      assert.equal(file.statusCode, 200);
      assert.equal(file.headers['content-type'], 'application/pdf');
      assert.match(String(file.headers['content-disposition']), /^attachment; filename="revision-2\.pdf"/);
      assert.equal(file.headers['x-content-type-options'], 'nosniff');
      assert.deepEqual(file.rawPayload, pdf);
      assert.equal((await anyone().get(`/en/archive/posts/${ids['march-2']}/attachments/1`)).statusCode, 404, 'the executable is never served');
    });

    test('search finds posts in every script, folded like the site search', async () => {
      const search = async (q: string) => (await anyone().get(`/en/archive/search?q=${encodeURIComponent(q)}`)).body;
      assert.match(await search('paragraph 12'), /2 posts match/);
      assert.match(await search('الفقرة'), /One post matches/);
      // Without the shadda the author wrote: the folding drops Arabic marks on both sides.
      assert.match(await search('تغيرت'), /One post matches/);
      assert.match(await search('利益攸关'), /One post matches/);
      assert.match(await search('JOSE'), /One post matches/);
      assert.match(await search('amina.diallo@example.net'), /No post matches/, 'addresses are not searchable');
    });

    test('the Atom feed lists the newest posts of a public archive, without addresses', async () => {
      const feed = await anyone().get('/en/archive/feed.atom');
      assert.equal(feed.statusCode, 200);
      assert.match(String(feed.headers['content-type']), /application\/atom\+xml/);
      assert.equal((feed.body.match(/<entry>/g) ?? []).length, 3);
      assert.ok(!feed.body.includes('amina.diallo@example.net'));
    });

    test('the mbox of a month is the posts as received (mboxrd), for members and staff only', async () => {
      assert.equal((await anyone().get('/archive/2025-03.mbox')).statusCode, 403);
      const mbox = await viewer.get('/archive/2025-03.mbox');
      assert.equal(mbox.statusCode, 200, mbox.body);
      assert.equal(mbox.headers['content-type'], 'application/mbox');
      assert.match(String(mbox.headers['content-disposition']), /attachment; filename="[a-z0-9-]+-2025-03\.mbox"/);
      const fromLines = mbox.body.split('\n').filter((l) => l.startsWith('From '));
      assert.deepEqual(fromLines, ['From amina.diallo@example.net Mon Mar 10 09:00:00 2025', 'From amina.diallo@example.net Tue Mar 11 10:00:00 2025']);
      assert.match(mbox.body, /\n>From the second reading on, José kept the text\.\n/, 'a body line starting "From " is quoted');
      assert.match(mbox.body, /Message-ID: <march-2@example\.net>/);
      assert.ok(!mbox.body.includes('\r\n'), 'lines end with LF');
    });

    test('a members-only archive lets members in through their signed link, and nobody else', async () => {
      await setVisibility('members');
      const stranger = anyone();
      const refused = await stranger.get('/en/archive');
      assert.equal(refused.statusCode, 403);
      assert.match(refused.body, /This archive is for members/);
      assert.equal((await stranger.get('/en/archive/feed.atom')).statusCode, 404, 'no feed: a feed reader carries no pass');

      const member = anyone();
      const opened = await member.get(`/en/archive?member=${aminaManage}`);
      assert.equal(opened.statusCode, 303);
      assert.equal(opened.headers.location, '/en/archive');
      assert.ok(member.cookies.has('plenary_archive'));
      assert.equal((await member.get('/en/archive')).statusCode, 200);
      assert.equal((await member.get('/fr/archive/2025/04')).statusCode, 200);
      assert.equal((await member.get('/archive/2025-04.mbox')).statusCode, 200);

      const unsubscribed = anyone();
      assert.equal((await unsubscribed.get(`/en/archive?member=${leftManage}`)).statusCode, 403);
      assert.equal((await unsubscribed.get('/en/archive?member=m1.zz.AAAAAAAAAAAAAAAAAAAAAA')).statusCode, 400);
      const forged = anyone();
      forged.cookies.set('plenary_archive', 'a.zzzzzz.AAAAAAAAAAAAAAAAAAAAAA');
      assert.equal((await forged.get('/en/archive')).statusCode, 403);
      assert.equal((await viewer.get('/en/archive')).statusCode, 200, 'staff read it');
    });

    test('a private archive is for staff only', async () => {
      await setVisibility('private');
      const member = anyone();
      await member.get(`/en/archive?member=${aminaManage}`);
      assert.equal((await member.get('/en/archive')).statusCode, 404);
      assert.equal((await anyone().get('/en/archive')).statusCode, 404);
      const staff = await viewer.get('/en/archive');
      assert.equal(staff.statusCode, 200);
      assert.match(staff.body, /Only staff can read it/);
      await setVisibility('public');
    });

    test('editors set who reads the archive in the settings form; a wrong value is refused', async () => {
      const saved = await editor.post('/en/admin/discussion/settings', { archiveVisibility: 'members' }, { csrfFrom: '/en/admin/discussion' });
      assert.equal(saved.statusCode, 303);
      assert.equal((await anyone().get('/en/archive')).statusCode, 403);
      const refused = await editor.post('/en/admin/discussion/settings', { archiveVisibility: 'everyone' }, { csrfFrom: '/en/admin/discussion' });
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /Choose who can read the web archive/);
      await setVisibility('public');
    });

    test('an editor removes a post from the archive (audited); a viewer cannot', async () => {
      const postId = ids['march-1']!;
      const url = `/en/admin/discussion/posts/${postId}/archive-remove`;
      const threadId = (await t.deps.db.selectFrom('discussion_posts').select('thread_id').where('id', '=', postId).executeTakeFirstOrThrow()).thread_id;
      const csrfFrom = `/en/admin/discussion/threads/${threadId}`;
      assert.equal((await viewer.post(url, {}, { csrfFrom })).statusCode, 403);
      const removed = await editor.post(url, {}, { csrfFrom });
      assert.equal(removed.statusCode, 303);
      assert.equal(removed.headers.location, `/en/admin/discussion/threads/${threadId}?removed=1`);
      const page = await anyone().get(`/en/archive/threads/${threadId}`);
      assert.ok(!page.body.includes(`id="post-${postId}"`));
      assert.match(page.body, /1 post/);
      assert.match((await anyone().get('/en/archive')).body, /March 2025<\/a> <span class="muted">1 post</);
      assert.match((await anyone().get('/en/archive/search?q=paragraph%2012')).body, /One post matches/);
      assert.doesNotMatch((await viewer.get('/archive/2025-03.mbox')).body, /Message-ID: <march-1@example\.net>/);
      const audit = await t.deps.db.selectFrom('audit_events').selectAll().where('action', '=', 'discussion.post_archive_removed').execute();
      assert.equal(audit.length, 1);
      assert.equal(audit[0]!.subject, `discussion_post:${postId}`);
      assert.equal((await editor.post(url, {}, { csrfFrom })).statusCode, 404, 'removed once');
      assert.match((await editor.get(csrfFrom)).body, /Removed from the web archive on/);
    });
  });
}
