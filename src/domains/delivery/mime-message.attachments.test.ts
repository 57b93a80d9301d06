import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { dkimVerify } from 'mailauth/lib/dkim/verify.js';
import { simpleParser } from 'mailparser';
import { dkimSigner, dkimTxtRecord, generateDkimKey } from './dkim.ts';
import { mailbox, renderMessage } from './mime-message.ts';

test('a message with attachments: multipart/mixed of the alternatives and each file, bytes intact, DKIM passes', async () => {
  const key = generateDkimKey();
  const sign = dkimSigner({ domainName: 'example.org', keySelector: 'plenary', privateKey: key.privateKey });
  // A PDF-like file of random bytes (every byte value), long enough for many base64 lines.
  const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(10_000)]);
  const message = {
    from: 'WSIS+20 Outreach <outreach@example.org>',
    to: 'amina@example.org',
    subject: 'إحاطة إلى المجلس',
    text: 'مرفق ملف PDF.',
    html: '<p dir="rtl">مرفق ملف PDF.</p>',
    attachments: [
      { filename: 'briefing-7-ar.pdf', contentType: 'application/pdf', content: pdf },
      { filename: 'نص "غريب".pdf', contentType: 'not a type', content: Buffer.from('x') },
    ],
  };
  const { headers, body } = renderMessage(message, message.to, mailbox(message.from));
  const raw = `${(await sign(headers, body)).join('\r\n')}\r\n\r\n${body}`;
  assert.ok(
    body.split('\r\n').every((line) => line.length <= 998),
    'no line over the SMTP limit',
  );

  const parsed = await simpleParser(raw);
  assert.equal(parsed.subject, message.subject);
  assert.equal(String(parsed.text).trim(), message.text);
  assert.match(String(parsed.html), /dir="rtl"/);
  assert.equal(parsed.attachments.length, 2);
  assert.equal(parsed.attachments[0]?.filename, 'briefing-7-ar.pdf');
  assert.equal(parsed.attachments[0]?.contentType, 'application/pdf');
  assert.ok(parsed.attachments[0]?.content.equals(pdf), 'the bytes as attached');
  assert.match(String(parsed.attachments[1]?.filename), /^[A-Za-z0-9._-]+$/, 'an unsafe name is kept to safe ASCII');
  assert.match(body, /Content-Type: application\/octet-stream; name="[A-Za-z0-9._-]+"/, 'an unreadable type is sent as bytes');

  const verification = await dkimVerify(Buffer.from(raw), { resolver: async () => [[dkimTxtRecord(key.publicKeyBase64)]] });
  assert.equal(verification.results[0]?.status.result, 'pass');
});
