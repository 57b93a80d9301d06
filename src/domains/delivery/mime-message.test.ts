import assert from 'node:assert/strict';
import { test } from 'node:test';
import { simpleParser } from 'mailparser';
import { base64Lines, mailbox, quotedPrintable, renderMessage } from './mime-message.ts';

/** RFC 2045 §6.7 decoding: soft line breaks removed, =XX made bytes. */
function decodeQuotedPrintable(encoded: string): string {
  const bytes: number[] = [];
  const text = encoded.replace(/=\r\n/g, '');
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '=') {
      bytes.push(Number.parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(text.charCodeAt(i));
  }
  return Buffer.from(bytes).toString('utf8');
}

const samples = [
  'Dear José, the co-facilitators have published the Zero Draft (“avant-projet”) = 42 pages.',
  'trailing space \r\nand tab\t\r\nend with space ',
  `${'é'.repeat(200)}\r\n${'a'.repeat(300)}`,
  `${'x'.repeat(73)}😀😀 emoji at the soft break ${'字'.repeat(40)}`,
  'عزيزي ليلى، نشر الميسّران المسودة الأولى للوثيقة الختامية',
  '=3D already looks encoded =\r\n.dot at a line start',
  '',
];

test('quoted-printable: decodes back to the text, lines of at most 76 characters, no space or tab before a line end, only printable ASCII; LF line ends become CRLF', () => {
  for (const text of samples) {
    const encoded = quotedPrintable(text);
    assert.equal(decodeQuotedPrintable(encoded), text, JSON.stringify(text));
    for (const line of encoded.split('\r\n')) {
      assert.ok(line.length <= 76, `line of ${line.length}: ${line}`);
      assert.doesNotMatch(line, /[ \t]$/);
      assert.match(line, /^[\x21-\x7e \t]*$/);
      // A soft break (the line's last "=") never cuts an =XX triplet.
      assert.doesNotMatch(line.replace(/=$/, ''), /=[0-9A-F]?$/);
    }
  }
  assert.equal(quotedPrintable('one \ntwo\r\nthree'), 'one=20\r\ntwo\r\nthree');
  // The encoders reuse their buffers: what a longer text left there never leaks into a shorter one.
  quotedPrintable('ab\n');
  assert.equal(quotedPrintable('a\r'), 'a=0D');
  quotedPrintable('ab \r\n');
  assert.equal(quotedPrintable('ab \r'), 'ab=20=0D');
  base64Lines('z'.repeat(5000));
  assert.equal(base64Lines('ab'), 'YWI=');
  // A UTF-8 character is never split over two lines.
  for (const line of quotedPrintable('€'.repeat(60)).split('=\r\n')) assert.equal(line.length % 9, 0, line);
});

test('base64 lines: 76 characters, decode back to the text', () => {
  const text = '信息社会世界峰会+20：零草案已发布'.repeat(20);
  const encoded = base64Lines(text);
  assert.ok(encoded.split('\r\n').every((l) => l.length <= 76));
  assert.equal(Buffer.from(encoded.replaceAll('\r\n', ''), 'base64').toString('utf8'), text);
});

test('a rendered message parses back: encoded subject, From name, headers, text and HTML parts in each encoding', async () => {
  const cases = [
    { subject: 'The Zero Draft is out', text: 'Dear Amina,\n\nshort ASCII lines', html: '<p>Dear Amina</p>' },
    {
      subject: 'SMSI+20 : l’avant-projet est publié',
      text: `Chère Zoé,\n\n${'très long paragraphe '.repeat(20)}`,
      html: `<p>Chère Zoé</p>${'<p>é</p>'.repeat(40)}`,
    },
    { subject: 'صدرت المسودة الأولى', text: 'عزيزي ليلى،\n\nصدرت المسودة الأولى.', html: '<p dir="rtl">عزيزي ليلى</p>' },
  ];
  for (const c of cases) {
    const from = mailbox('"Réseau WSIS+20" <outreach@example.org>');
    const { headers, body, messageId } = renderMessage(
      {
        from: 'ignored',
        to: 'amina@example.org',
        subject: c.subject,
        text: c.text,
        html: c.html,
        headers: { 'List-Id': 'Réseau <wsis.example.org>', Precedence: 'bulk' },
      },
      'amina@example.org',
      from,
    );
    const raw = `${headers.join('\r\n')}\r\n\r\n${body}`;
    for (const line of raw.split('\r\n')) assert.ok(line.length <= 998);
    const parsed = await simpleParser(raw);
    assert.equal(parsed.subject, c.subject);
    assert.equal(parsed.from?.value[0]?.name, 'Réseau WSIS+20');
    assert.equal(parsed.messageId, `<${messageId}>`);
    assert.match(raw, /^List-Id: =\?UTF-8\?Q\?R=C3=A9seau\?= <wsis\.example\.org>\r?$/m);
    assert.match(raw, /^Precedence: bulk\r?$/m);
    assert.equal(parsed.text?.trim(), c.text.trim());
    assert.equal(String(parsed.html).trim(), c.html);
  }
});
