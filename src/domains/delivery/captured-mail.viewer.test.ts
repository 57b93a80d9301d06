import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import nodemailer from 'nodemailer';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp, type TestClient } from '../../../test/test-app.ts';
import { demoNetwork } from '../../demo/demo-network.data.ts';
import * as announcements from '../announcements/announcement.service.ts';
import { cliActor } from '../audit/audit.service.ts';
import { addMember } from '../members/member.service.ts';

const memberLink = /\/(?:join\/confirm|me|unsubscribe)\/([A-Za-z0-9._-]{16,})/g;

/** A message with attachments and hostile HTML, composed by nodemailer as a mail program would, kept as captured mail. */
async function captureRaw(t: TestApp, link: string): Promise<number> {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  const info = await composer.sendMail({
    from: 'Outreach <outreach@example.org>',
    to: 'amina@example.org',
    subject: 'Calendrier de l’examen — réunion à Genève',
    text: `Bonjour,\n\nVoir ${link}\n`,
    html: `<p>Bonjour <b>Amina</b></p><script>parent.document.title='owned'</script><img src="https://tracker.example.net/p.gif"><a href="${link}">lien</a>`,
    attachments: [
      { filename: 'réunion.ics', content: `BEGIN:VCALENDAR\nURL:${link}\nEND:VCALENDAR\n`, contentType: 'text/calendar' },
      { filename: 'zero-draft.pdf', content: Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n', 'latin1'), contentType: 'application/pdf' },
    ],
  });
  const row = await t.deps.db
    .insertInto('captured_mail')
    .values({
      created_at: t.clock.now().toISOString(),
      message_id: info.messageId,
      envelope_from: 'outreach@example.org',
      envelope_to: 'amina@example.org',
      subject: 'Calendrier de l’examen — réunion à Genève',
      raw: (info.message as Buffer).toString('utf8'),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

for (const dialect of dialects) {
  describe(`the captured-mail viewer decodes what was sent on ${dialect}`, () => {
    let t: TestApp;
    let owner: TestClient;
    let editor: TestClient;
    let viewer: TestClient;
    let announcementMail: number;
    before(async () => {
      t = await createTestApp(dialect, { PUBLIC_URL: 'https://outreach.example.org' });
      owner = await t.signedInClient('owner', 'owner@example.org');
      editor = await t.signedInClient('editor', 'editor@example.org');
      viewer = await t.signedInClient('viewer', 'viewer@example.org');
      await addMember(t.deps, cliActor, { email: 'layla@example.org', name: 'ليلى', language: 'ar' }, { status: 'subscribed', basis: 'test' });
      const a = await announcements.createAnnouncement(t.deps, cliActor, {
        subject: 'Zero draft',
        markdown: 'Dear {{name}}, the zero draft is out.',
        variants: {
          ar: {
            subject: 'صدرت المسودة الأولى لوثيقة نتائج الاستعراض',
            markdown: 'عزيزتي {{name}}،\n\nصدرت **المسودة الأولى**. [اقرأها](https://outreach.example.org/ar/resources/zero-draft)',
          },
        },
      });
      await announcements.sendAnnouncement(t.deps, cliActor, a.id);
      await t.runJobs();
      announcementMail = (await t.deps.db.selectFrom('captured_mail').select('id').where('envelope_to', '=', 'layla@example.org').executeTakeFirstOrThrow()).id;
    });
    after(async () => {
      await t.close();
    });

    test('the page shows the decoded subject, headers and text; the HTML in a sandboxed frame; no MIME encoding', async () => {
      const raw = (await t.deps.db.selectFrom('captured_mail').select('raw').where('id', '=', announcementMail).executeTakeFirstOrThrow()).raw;
      assert.match(raw, /=\?UTF-8\?B\?|Content-Transfer-Encoding: base64/i, 'the stored message is MIME-encoded');
      const page = await editor.get(`/en/admin/mail/${announcementMail}`);
      assert.equal(page.statusCode, 200);
      assert.ok(page.body.includes('صدرت المسودة الأولى لوثيقة نتائج الاستعراض'), 'decoded subject');
      assert.ok(/List-I[dD]: (.*?) &lt;wsis20-outreach\.outreach\.example\.org>/.exec(page.body)?.[1] === demoNetwork.name.ar, 'header values decoded');
      assert.ok(page.body.includes('عزيزتي ليلى'), 'the plain text, decoded');
      assert.doesNotMatch(page.body, /=\?UTF-8\?[BQ]\?/i, 'no encoded words');
      assert.doesNotMatch(page.body, /Content-Transfer-Encoding: base64\s+[A-Za-z0-9+/]{40}/, 'no base64 body');
      const frame = /<iframe([^>]*)>/.exec(page.body)?.[1] ?? '';
      // An empty sandbox attribute (Preact writes it bare, which HTML reads as sandbox="") grants no permission at all.
      assert.match(frame, / sandbox(?:="")?(?= |$)/, 'sandboxed with no permission at all');
      assert.match(frame, new RegExp(` src="/en/admin/mail/${announcementMail}/html"`));
      assert.match(frame, / title="/, 'the frame is named for screen readers');
      assert.doesNotMatch(page.body, /mail-source-full/, 'no source for editors');
      const forOwner = await owner.get(`/en/admin/mail/${announcementMail}`);
      assert.match(forOwner.body, /<details[^>]*>\s*<summary>[^<]+<\/summary>\s*<pre class="mail-source mail-source-full"/, 'owners open the source on demand');
    });

    test('the HTML part is served with a CSP that allows no script, no remote content, only framing by our pages; redacted like the page', async () => {
      for (const client of [editor, owner]) {
        const html = await client.get(`/en/admin/mail/${announcementMail}/html`);
        assert.equal(html.statusCode, 200);
        assert.match(String(html.headers['content-type']), /^text\/html; charset=utf-8/);
        const csp = String(html.headers['content-security-policy']);
        assert.match(csp, /default-src 'none'/);
        assert.match(csp, /(^|; )sandbox(;|$)/);
        assert.match(csp, /frame-ancestors 'self'/);
        assert.doesNotMatch(csp, /script-src|'unsafe-eval'/);
        assert.equal(html.headers['x-content-type-options'], 'nosniff');
        assert.ok(html.body.includes('المسودة الأولى'), 'the decoded HTML');
      }
      const fromOwner = await owner.get(`/en/admin/mail/${announcementMail}/html`);
      const secrets = [...fromOwner.body.matchAll(memberLink)].map((m) => m[1]!);
      assert.ok(secrets.length >= 2, 'owners see the member’s links');
      const fromEditor = await editor.get(`/en/admin/mail/${announcementMail}/html`);
      for (const secret of secrets) assert.ok(!fromEditor.body.includes(secret.slice(-12)), 'editors never see a member’s link');
      assert.match(fromEditor.body, /\[redacted\]/);
      assert.equal((await viewer.get(`/en/admin/mail/${announcementMail}/html`)).statusCode, 403);
      assert.equal((await editor.get('/en/admin/mail/999999/html')).statusCode, 404);
    });

    test('attachments are listed and downloadable, redacted for editors; hostile HTML stays inside the frame', async () => {
      const link = `https://outreach.example.org/fr/unsubscribe/u9.u88x3b.Su5vTG9GAzdiERimbSuEow`;
      const id = await captureRaw(t, link);
      const page = await editor.get(`/en/admin/mail/${id}`);
      assert.equal(page.statusCode, 200);
      assert.ok(page.body.includes('Calendrier de l’examen — réunion à Genève'));
      assert.ok(page.body.includes(`href="/en/admin/mail/${id}/attachments/1"`));
      assert.ok(page.body.includes('réunion.ics'));
      assert.ok(page.body.includes('zero-draft.pdf'));
      assert.ok(page.body.includes('application/pdf'));
      assert.doesNotMatch(page.body, /<script>parent/, 'the message’s script is never part of the page');
      assert.ok(!page.body.includes('Su5vTG9GAzdiERimbSuEow'), 'nor the member’s link, for editors');

      const ics = await editor.get(`/en/admin/mail/${id}/attachments/1`);
      assert.equal(ics.statusCode, 200);
      assert.match(String(ics.headers['content-type']), /^text\/calendar/);
      assert.match(String(ics.headers['content-disposition']), /^attachment; filename="r_union\.ics"; filename\*=UTF-8''r%C3%A9union\.ics$/);
      assert.equal(ics.headers['x-content-type-options'], 'nosniff');
      assert.match(ics.body, /BEGIN:VCALENDAR\r?\nURL:\[redacted\]/, 'a text attachment is redacted like the page');
      assert.match((await owner.get(`/en/admin/mail/${id}/attachments/1`)).body, /Su5vTG9GAzdiERimbSuEow/, 'owners get it whole');
      const pdf = await editor.get(`/en/admin/mail/${id}/attachments/2`);
      assert.equal(pdf.statusCode, 200);
      assert.match(String(pdf.headers['content-type']), /^application\/pdf/);
      assert.ok(pdf.rawPayload.subarray(0, 8).equals(Buffer.from('%PDF-1.4')), 'the bytes as attached');
      assert.equal((await viewer.get(`/en/admin/mail/${id}/attachments/1`)).statusCode, 403);
      assert.equal((await editor.get(`/en/admin/mail/${id}/attachments/3`)).statusCode, 404);

      const html = await editor.get(`/en/admin/mail/${id}/html`);
      assert.match(String(html.headers['content-security-policy']), /default-src 'none'/, 'the tracker image is not loaded, the script not run');
      assert.ok(html.body.includes('<b>Amina</b>'));
    });
  });
}
