import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import nodemailer from 'nodemailer';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp, type TestClient } from '../../../test/test-app.ts';
import * as announcements from '../announcements/announcement.service.ts';
import { cliActor } from '../audit/audit.service.ts';
import { addMember } from '../members/member.service.ts';
import type { MemberRow } from '../members/member.table.ts';
import { parseFeedbackReport } from './feedback-report.ts';
import { type MxServer, startMxServer } from './mx-server.ts';

const fixtures = path.resolve(import.meta.dirname, '../../../test/fixtures/bounces/arf');
const fixture = (name: string) => fs.readFileSync(path.join(fixtures, name));

describe('ARF feedback reports of the sisimai corpus', () => {
  test('every report is read with its type; what is not ARF is no report', async () => {
    const expected: Record<string, string | null> = {
      '01': 'abuse',
      '02': 'abuse',
      '11': 'abuse',
      '12': 'opt-out',
      '14': 'abuse',
      '15': 'abuse',
      '16': 'abuse',
      '17': 'abuse',
      '18': 'auth-failure',
      '19': 'auth-failure',
      '20': 'auth-failure',
      '21': 'abuse',
      '22': null,
      '25': 'abuse',
      '26': null,
    };
    for (const [n, type] of Object.entries(expected)) {
      const report = await parseFeedbackReport(fixture(`sisimai-arf-${n}.eml`));
      assert.equal(report?.feedbackType ?? null, type, `arf-${n}`);
    }
    const yahoo = await parseFeedbackReport(fixture('sisimai-arf-14.eml'));
    assert.equal(yahoo?.userAgent, 'Yahoo!-Mail-Feedback/2.0');
    assert.equal(yahoo?.recipient, 'kijitora@y.example.com');
    assert.equal(yahoo?.original.messageId, '2222222222222222-00000000-eeee-eeee-ffff-222222222222-111111@email.amazonses.com');
    assert.equal(yahoo?.original.feedbackId, '2');
    const headersOnly = await parseFeedbackReport(fixture('sisimai-arf-12.eml'));
    assert.equal(headersOnly?.recipient, 'user@example.com', 'Removal-Recipient of the draft format');
    assert.equal(headersOnly?.original.messageId, '0000000000000000000000000@example.net', 'from a text/rfc822-header part');
  });
});

/**
 * A feedback report in Yahoo!'s shape (sisimai-arf-14.eml) about `original`, the message as the member's provider
 * received it: with the Return-Path its MTA added, unless `returnPath` is null (some providers strip it).
 */
function yahooReport(original: string, options: { type?: string; rcptTo: string; returnPath: string | null }): string {
  const boundary = '----=_Part_22220022_2222222200.22222222222';
  const copy = `${options.returnPath ? `Return-Path: <${options.returnPath}>\n` : ''}${original}`;
  return [
    'Date: Thu, 29 Apr 2027 23:34:45 +0000',
    'From: feedback@arf.mail.yahoo.com',
    'To: feedback@bounces.example.org',
    `Message-ID: <report-${Math.random().toString(36).slice(2)}@arf.mail.yahoo.com>`,
    'Subject: FW: Announcement',
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=feedback-report;\n\tboundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=us-ascii',
    'Content-Transfer-Encoding: 7bit',
    '',
    'This is an email abuse report for an email message from example.org on Thu, 29 Apr 2027 23:34:45 +0000',
    '',
    `--${boundary}`,
    'Content-Type: message/feedback-report',
    'Content-Transfer-Encoding: 7bit',
    '',
    `Feedback-Type: ${options.type ?? 'abuse'}`,
    'User-Agent: Yahoo!-Mail-Feedback/2.0',
    'Version: 0.1',
    `Original-Mail-From: <${options.returnPath ?? 'redacted'}>`,
    `Original-Rcpt-To: ${options.rcptTo}`,
    'Received-Date: Thu, 29 Apr 2027 23:34:45 +0000',
    'Reported-Domain: example.org',
    '',
    `--${boundary}`,
    'Content-Type: message/rfc822',
    'Content-Disposition: inline',
    '',
    copy.replace(/\r\n/g, '\n'),
    `--${boundary}--`,
    '',
  ].join('\n');
}

async function deliver(port: number, envelope: { from: string; to: string }, raw: string): Promise<string> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  try {
    return String((await transport.sendMail({ envelope, raw })).response);
  } finally {
    transport.close();
  }
}

for (const dialect of dialects) {
  describe(`feedback reports at plenary mx on ${dialect}`, () => {
    let t: TestApp;
    let mx: MxServer;
    let editor: TestClient;
    let announcementId: number;
    const members: MemberRow[] = [];
    const logs: string[] = [];

    before(async () => {
      t = await createTestApp(dialect, { PUBLIC_URL: 'https://outreach.example.org', BOUNCE_DOMAIN: 'bounces.example.org' });
      mx = await startMxServer({ ...t.deps, log: (line) => logs.push(line) }, { port: 0, host: '127.0.0.1' });
      editor = await t.signedInClient('editor', 'editor@example.org');
      for (let i = 0; i < 9; i++) {
        members.push(
          await addMember(
            t.deps,
            cliActor,
            { email: `member${i}@yahoo.example`, name: `Member ${i}`, language: i % 2 ? 'ar' : 'en' },
            { status: 'subscribed', basis: 'test' },
          ),
        );
      }
      const a = await announcements.createAnnouncement(t.deps, cliActor, { subject: 'The Zero Draft is out', markdown: 'Dear {{name}},\n\nNews.' });
      await announcements.sendAnnouncement(t.deps, cliActor, a.id);
      await t.runJobs();
      announcementId = a.id;
    });
    after(async () => {
      await mx.close();
      await t.close();
    });

    /** The member's delivery, its VERP address and the message as captured (what the member received). */
    async function sentTo(member: MemberRow) {
      const delivery = await t.deps.db
        .selectFrom('deliveries')
        .selectAll()
        .where('announcement_id', '=', announcementId)
        .where('member_id', '=', member.id)
        .executeTakeFirstOrThrow();
      const mail = await t.deps.db.selectFrom('captured_mail').selectAll().where('message_id', '=', String(delivery.message_id)).executeTakeFirstOrThrow();
      return { delivery, verp: mail.envelope_from, raw: mail.raw };
    }

    const status = async (member: MemberRow) =>
      (await t.deps.db.selectFrom('members').select('status').where('id', '=', member.id).executeTakeFirstOrThrow()).status;
    const complaints = async () => t.deps.db.selectFrom('feedback_reports').selectAll().orderBy('id').execute();
    const reviews = async () => t.deps.db.selectFrom('bounce_reviews').selectAll().orderBy('id').execute();

    test('RCPT TO feedback@ is taken (the address to give feedback loops); other local parts are still refused', async () => {
      const transport = nodemailer.createTransport({ host: '127.0.0.1', port: mx.port, secure: false, ignoreTLS: true });
      try {
        await assert.rejects(transport.sendMail({ envelope: { from: 'x@example.net', to: 'someone@bounces.example.org' }, raw: 'Subject: x\n\nx\n' }), /550/);
      } finally {
        transport.close();
      }
      assert.match(await deliver(mx.port, { from: 'x@example.net', to: 'feedback@bounces.example.org' }, 'Subject: hello\n\nnot a report\n'), /^250/);
      assert.deepEqual(await complaints(), []);
    });

    test('a complaint at the VERP address unsubscribes the member, in words in their history, and counts in the report', async () => {
      const member = members[0]!;
      const { delivery, verp, raw } = await sentTo(member);
      const report = yahooReport(raw, { rcptTo: member.email_display, returnPath: verp });
      assert.match(await deliver(mx.port, { from: 'feedback@arf.mail.yahoo.com', to: verp }, report), /^250/);
      assert.equal(await status(member), 'unsubscribed');
      const [row] = await complaints();
      assert.equal(row?.delivery_id, delivery.id);
      assert.equal(row?.announcement_id, announcementId);
      assert.equal(row?.feedback_type, 'abuse');
      assert.equal(row?.identified_by, 'verp_address');
      const event = await t.deps.db.selectFrom('member_events').selectAll().where('member_id', '=', member.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
      assert.equal(event.kind, 'unsubscribed_complaint');
      assert.equal(event.from_status, 'subscribed');
      assert.equal(event.to_status, 'unsubscribed');
      const page = await editor.get(`/en/admin/members/${member.id}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Unsubscribed because they reported an announcement as spam/);
      const fr = await editor.get(`/fr/admin/members/${member.id}`);
      assert.match(fr.body, /Désabonné/);

      // The same report again (feedback loops resend) changes nothing and counts once.
      await deliver(mx.port, { from: 'feedback@arf.mail.yahoo.com', to: verp }, report);
      assert.equal((await complaints()).length, 1);
    });

    test('at feedback@, the delivery is found by our Message-ID, or by the VERP address quoted in the report', async () => {
      const byMessageId = members[1]!;
      const first = await sentTo(byMessageId);
      // The provider stripped the Return-Path and redacted the recipient: only the Message-ID is left.
      await deliver(
        mx.port,
        { from: 'feedback@arf.mail.yahoo.com', to: 'feedback@bounces.example.org' },
        yahooReport(first.raw, { rcptTo: 'redacted', returnPath: null }),
      );
      assert.equal(await status(byMessageId), 'unsubscribed');

      const byVerp = members[2]!;
      const second = await sentTo(byVerp);
      const withoutMessageId = second.raw.replace(/^Message-ID: .*$/im, 'Message-ID: <rewritten-by-the-provider@yahoo.example>');
      await deliver(
        mx.port,
        { from: 'feedback@arf.mail.yahoo.com', to: 'postmaster@bounces.example.org' },
        yahooReport(withoutMessageId, { rcptTo: 'redacted', returnPath: second.verp }),
      );
      assert.equal(await status(byVerp), 'unsubscribed');
      const rows = await complaints();
      assert.deepEqual(
        rows.slice(1).map((r) => [r.delivery_id, r.identified_by]),
        [
          [first.delivery.id, 'message_id'],
          [second.delivery.id, 'verp_in_report'],
        ],
      );
    });

    test('what does not prove a complaint is kept for review, never acted on', async () => {
      const before = (await reviews()).length;
      // Only the Feedback-ID and the recipient: anyone who knows an address and an announcement could write this.
      const guessed = members[3]!;
      const forged = (await sentTo(guessed)).raw.replace(/^Message-ID: .*$/im, 'Message-ID: <guess@example.net>');
      await deliver(
        mx.port,
        { from: 'someone@example.net', to: 'feedback@bounces.example.org' },
        yahooReport(forged, { rcptTo: guessed.email_display, returnPath: null }),
      );
      assert.equal(await status(guessed), 'subscribed');

      // An authentication-failure report (RFC 6591) about our message is about us, not the member's choice.
      const authFailure = members[4]!;
      const sent = await sentTo(authFailure);
      await deliver(
        mx.port,
        { from: 'dmarc@yahoo.example', to: sent.verp },
        yahooReport(sent.raw, { type: 'auth-failure', rcptTo: authFailure.email_display, returnPath: sent.verp }),
      );
      assert.equal(await status(authFailure), 'subscribed');

      // At a VERP address, a report that names neither the message nor its recipient.
      const unnamed = members[5]!;
      const other = await sentTo(unnamed);
      const stripped = other.raw.replace(/^Message-ID: .*$/im, 'Message-ID: <elsewhere@example.net>').replace(/^To: .*$/im, 'To: someone-else@example.net');
      await deliver(mx.port, { from: 'x@example.net', to: other.verp }, yahooReport(stripped, { rcptTo: 'redacted', returnPath: null }));
      assert.equal(await status(unnamed), 'subscribed');

      // A real report about someone else's message (sisimai's Yahoo!/SES sample) matches nothing of ours.
      await deliver(mx.port, { from: 'feedback@arf.mail.yahoo.com', to: 'feedback@bounces.example.org' }, fixture('sisimai-arf-14.eml').toString('utf8'));

      const kept = (await reviews()).slice(before);
      assert.deepEqual(
        kept.map((k) => [k.reason, k.kind, k.status_code, k.member_id]),
        [
          ['feedback_unproved', 'feedback', 'abuse', guessed.id],
          ['feedback_not_complaint', 'feedback', 'auth-failure', authFailure.id],
          ['names_neither', 'feedback', 'abuse', unnamed.id],
          ['feedback_unmatched', 'feedback', 'abuse', null],
        ],
      );
      assert.equal((await complaints()).length, 3, 'no complaint recorded for any of them');
      const page = await editor.get('/en/admin/bounces');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Feedback report/);
      assert.match(page.body, /Yahoo!-Mail-Feedback\/2\.0/);
    });

    test('the announcement’s report shows complaints next to bounces', async () => {
      const page = await editor.get(`/en/admin/announcements/${announcementId}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<th scope="col">Bounced<\/th>\s*<th scope="col">Complaints<\/th>/);
      assert.match(page.body, /3 complaints \(members who reported it as spam\)/);
      for (const locale of ['ar', 'zh', 'ru', 'es', 'fr']) assert.equal((await editor.get(`/${locale}/admin/announcements/${announcementId}`)).statusCode, 200);
    });
  });
}
