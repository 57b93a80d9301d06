import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { simpleParser } from 'mailparser';
import { dialects } from '../../../test/dialects.ts';
import { type SmtpPeer, startSmtpPeer } from '../../../test/smtp-peer.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { demoNetwork } from '../../demo/demo-network.data.ts';
import { cliActor } from '../audit/audit.service.ts';
import { displayWidth } from '../delivery/markdown-plain-text.ts';
import { addMember } from '../members/member.service.ts';
import { memberEmailJobName } from '../members/member-email.job.ts';
import * as announcements from './announcement.service.ts';

// The headers and the text part of announcements as a real relay receives them (test/smtp-peer.ts).

/** A header of a raw message, unfolded (RFC 5322 §2.2.3). */
function header(raw: string, name: string): string | undefined {
  const block = (raw.split(/\r?\n\r?\n/)[0] ?? '').replace(/\r?\n[ \t]+/g, ' ');
  return new RegExp(`^${name}:[ \\t]*(.*)$`, 'mi').exec(block)?.[1]?.trim();
}

// RFC 2919 §3 over RFC 5322 §3.2 and RFC 2047 §5(3), without comments (Plenary writes none):
//   list-id-header = "List-ID:" [phrase] CFWS "<" list-id ">" ; list-id = list-label "." list-id-namespace
//   list-label = dot-atom-text ; list-id-namespace = domain-name / "localhost" ; domain-name = dot-atom-text
const atext = "[A-Za-z0-9!#$%&'*+\\-/=?^_`{|}~]";
const dotAtomText = `${atext}+(?:\\.${atext}+)*`;
const quotedString = '"(?:[\\x21\\x23-\\x5b\\x5d-\\x7e ]|\\\\[\\x21-\\x7e ])*"';
const encodedWord = "=\\?[A-Za-z0-9!#$%&'*+\\-^_`{|}~]+\\?(?:[Bb]\\?[A-Za-z0-9+/]*={0,2}|[Qq]\\?[A-Za-z0-9!*+\\-/=_]*)\\?=";
const word = `(?:${encodedWord}|${atext}+|${quotedString})`;
const listIdGrammar = new RegExp(`^(?<phrase>${word}(?:[ \\t]+${word})*)?[ \\t]*<(?<id>(?<label>${dotAtomText})\\.(?<namespace>${dotAtomText}))>$`);

/** The phrase as a reader shows it: encoded words decoded (the space between two of them dropped, RFC 2047 §6.2), quotes removed. */
function decodePhrase(phrase: string): string {
  return phrase
    .replace(new RegExp(`(${encodedWord})[ \\t]+(?=${encodedWord})`, 'g'), '$1')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_m, _charset: string, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_h, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
            'latin1',
          ).toString('utf8'),
    )
    .replace(/^"(.*)"$/, '$1')
    .replace(/\\(.)/g, '$1');
}

const languages = ['en', 'fr', 'es', 'ar', 'zh', 'ru'] as const;

const variants = {
  ar: {
    subject: 'صدور المشروع الأولي',
    markdown:
      '## ما الجديد\n\nعزيزي {{name}}،\n\nصدر **المشروع الأولي** لوثيقة نتائج استعراض WSIS+20 اليوم. [اقرأه هنا](https://outreach.example.org/ar/resources/zero-draft) وأرسلوا إلينا تعليقاتكم قبل **15 أكتوبر**. ويؤكد النص دور المجتمع التقني ويجعل ولاية منتدى إدارة الإنترنت دائمة.\n\n- دور *المجتمع التقني*\n- منتدى إدارة الإنترنت',
  },
  zh: {
    subject: '零草案已发布',
    markdown:
      '# 零草案已发布\n\n尊敬的{{name}}：\n\n世界信息社会峰会（WSIS+20）成果文件**零草案**已由共同协调人于今天发布。[阅读全文](https://outreach.example.org/zh/resources/zero-draft)，并请在10月15日前向我们提交意见。该文本明确提及技术界的作用，并使互联网治理论坛的任务授权永久化。\n\n1. 技术界的作用\n2. 互联网治理论坛',
  },
  fr: {
    subject: 'L’avant-projet est publié',
    markdown:
      'Madame, Monsieur {{name}},\n\nL’**avant-projet** du document final de l’examen WSIS+20 a été publié aujourd’hui par les cofacilitateurs. [Lire le texte](https://outreach.example.org/fr/resources/zero-draft) et envoyez-nous vos commentaires avant le **15 octobre**.\n\n![Calendrier du processus](https://outreach.example.org/fr/timeline.png)',
  },
};

const english =
  '# The Zero Draft is out\n\nDear {{name}},\n\nThe **Zero Draft** of the _WSIS+20_ outcome document was published today by the co-facilitators. [Read it](https://outreach.example.org/en/resources/zero-draft-of-the-outcome-document-2025) and send us your comments by **15 October**.\n\n- The role of the **technical community** is named\n- The IGF mandate is made permanent\n\n`npm start` runs it all.';

for (const dialect of dialects) {
  describe(`announcement headers and text on ${dialect}`, () => {
    let peer: SmtpPeer;
    let t: TestApp;
    let announcementId: number;
    let networkId: number;
    before(async () => {
      peer = await startSmtpPeer({ smtpUtf8: true });
      t = await createTestApp(dialect, {
        SMTP_URL: peer.url,
        PUBLIC_URL: 'https://outreach.example.org',
        BOUNCE_DOMAIN: 'bounces.outreach.example.org',
        MAIL_FROM: 'WSIS+20 Outreach <outreach@example.org>',
      });
      for (let i = 0; i < 12; i++) {
        const language = languages[i % languages.length]!;
        await addMember(t.deps, cliActor, { email: `member${i}@example.org`, name: `Member ${i}`, language }, { status: 'subscribed', basis: 'test' });
      }
      // A member's own mail (a join confirmation) carries the list's headers too.
      const pending = await addMember(t.deps, cliActor, { email: 'li.wei@example.org', name: 'Li Wei', language: 'zh' }, { status: 'pending', basis: 'test' });
      if (!(await t.deps.db.selectFrom('jobs').select('id').where('name', '=', memberEmailJobName).executeTakeFirst())) {
        await t.deps.queue.enqueue(memberEmailJobName, { memberId: pending.id, kind: 'confirmation' });
      }
      const a = await announcements.createAnnouncement(t.deps, cliActor, { subject: 'The Zero Draft is out', markdown: english, variants });
      await announcements.sendAnnouncement(t.deps, cliActor, a.id);
      await t.runJobs();
      announcementId = a.id;
      networkId = a.network_id;
    });
    const announcementsReceived = () => peer.received.filter((m) => m.to[0] !== 'li.wei@example.org');
    after(async () => {
      await t.close();
      await peer.close();
    });

    test('List-Id follows RFC 2919: the network’s name (RFC 2047 when not ASCII) and <slug.host>, on every message', async () => {
      assert.equal(announcementsReceived().length, 12);
      assert.ok(
        peer.received.some((m) => m.to[0] === 'li.wei@example.org'),
        'and a confirmation',
      );
      for (const message of peer.received) {
        const language = header(message.raw, 'Content-Language') as keyof typeof demoNetwork.name;
        const value = header(message.raw, 'List-Id');
        assert.ok(value, 'a List-Id header');
        assert.match(value, /^[\x20-\x7e]*$/, 'the header is ASCII');
        const parsed = listIdGrammar.exec(value);
        assert.ok(parsed?.groups, `RFC 2919 grammar: ${value}`);
        assert.equal(parsed.groups.id, 'wsis20-outreach.outreach.example.org');
        assert.ok(parsed.groups.phrase, 'with a phrase');
        assert.equal(decodePhrase(parsed.groups.phrase), demoNetwork.name[language], `${language}: the network's name`);
        assert.ok(parsed.groups.id.length <= 255, 'RFC 2919: at most 255 octets');
      }
      // mailparser, as a mail reader, reads the same identifier (it leaves the phrase's encoded words as they are).
      const arabic = peer.received.find((m) => header(m.raw, 'Content-Language') === 'ar')!;
      const mail = await simpleParser(arabic.raw);
      const list = mail.headers.get('list') as { id?: { id?: string; name?: string } };
      assert.equal(list.id?.id, 'wsis20-outreach.outreach.example.org');
    });

    test('announcements carry a Feedback-ID in Google’s format: announcement:network:kind:sender', async () => {
      for (const message of announcementsReceived()) {
        assert.equal(header(message.raw, 'Feedback-ID'), `${announcementId}:${networkId}:announcement:plenary`);
      }
    });

    test('the text part is readable plain text, not Markdown, in every language', async () => {
      const byLanguage = new Map<string, string>();
      for (const message of announcementsReceived()) {
        const mail = await simpleParser(message.raw);
        byLanguage.set(header(message.raw, 'Content-Language')!, mail.text ?? '');
      }
      for (const [language, text] of byLanguage) {
        // URLs are left out: a signed token in a footer link may well begin with "_".
        const prose = text.replace(/https?:\/\/\S+/g, '<url>');
        assert.doesNotMatch(prose, /\*\*|\]\(|^#+ |`|(?<![\w-])_[^\s_]/m, `${language}: no Markdown markers\n${text}`);
        const body = text.split('\n--\n')[0]!;
        for (const line of body.split('\n')) {
          if (!/https?:\/\//.test(line)) assert.ok(displayWidth(line) <= 72, `${language}: wrapped line: ${line}`);
        }
        assert.match(text, /Member \d+/, 'the name is filled in');
      }
      const en = byLanguage.get('en')!;
      assert.match(en, /^The Zero Draft is out\n=+\n/m, 'a heading, underlined');
      assert.match(en, /Read it\u00a0\[1\]/u, 'a link becomes a numbered footnote');
      assert.match(en, /^\[1\] https:\/\/outreach\.example\.org\/en\/resources\/zero-draft-of-the-outcome-document-2025$/m, 'its URL whole on one line');
      assert.match(en, /^• The role of the technical community is named$/m, 'bullets, emphasis without markers');
      assert.match(en, /npm start runs it all\./, 'code kept');

      const ar = byLanguage.get('ar')!;
      assert.match(ar, /^ما الجديد\n-+$/m);
      assert.match(ar, /صدر المشروع الأولي لوثيقة نتائج استعراض WSIS\+20 اليوم\. اقرأه هنا\u00a0\[1\]/, 'Arabic words in their order');
      assert.match(ar, /^• دور المجتمع التقني$/m);
      assert.match(ar, /^\[1\] https:\/\/outreach\.example\.org\/ar\/resources\/zero-draft$/m);
      assert.doesNotMatch(ar, /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/, 'no direction marks added');

      const zh = byLanguage.get('zh')!;
      assert.match(zh, /^零草案已发布\n={12}$/m, 'the underline is as wide as the Chinese heading (2 columns a character)');
      assert.match(zh, /^1\. 技术界的作用$/m, 'numbered list');
      assert.ok(
        zh.replace(/\n/g, '').includes('世界信息社会峰会（WSIS+20）成果文件零草案已由共同协调人于今天发布。'),
        'Chinese text whole once lines are joined',
      );
      assert.ok(zh.split('\n').filter((l) => /[\u4e00-\u9fff]/.test(l)).length >= 4, 'a long Chinese paragraph is wrapped');

      const fr = byLanguage.get('fr')!;
      assert.match(fr, /Calendrier du processus \(https:\/\/outreach\.example\.org\/fr\/timeline\.png\)/, 'an image as its alt text and URL');
      assert.match(fr, /Lire le texte\u00a0\[1\]/);
    });
  });
}
