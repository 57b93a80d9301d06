import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { allPatterns, parseBounce } from './dsn-parser.ts';

// Anyone can send mail to plenary mx. One message built to make a pattern backtrack must not stall the
// process: each of these (100 KB to 1 MB) has to be read well within the bound, generous for a shared machine.
const boundMs = 500;
const kb = 1024;

const headers = 'From: MAILER-DAEMON@example.org\nTo: bounces+d1.x@bounces.example.org\nSubject: Undelivered Mail Returned to Sender\n';
const plain = (body: string) => `${headers}\n${body}\n`;
const report = (diagnostic: string) =>
  `${headers}MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary="b"\n\n--b\nContent-Type: text/plain\n\nThe mail system\n\n--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; example.org\n\nFinal-Recipient: rfc822; a@example.net\nAction: failed\nStatus: 5.0.0\nDiagnostic-Code: smtp; ${diagnostic}\n\n--b--\n`;

function nested(depth: number): string {
  let open = '';
  let close = '';
  for (let i = 0; i < depth; i++) {
    open += `Content-Type: multipart/mixed; boundary="n${i}"\n\n--n${i}\n`;
    close = `--n${i}--\n${close}`;
  }
  return `${headers}MIME-Version: 1.0\n${open}Content-Type: text/plain\n\n550 5.1.1 user unknown\n${close}`;
}

const hostile: Record<string, string> = {
  '550 and 100 KB of spaces (text)': plain(`550${' '.repeat(100 * kb)}`),
  '550, a line break and 100 KB of spaces (text)': plain(`said: 550\n${' '.repeat(100 * kb)}x`),
  '550 and 100 KB of spaces and tabs (report)': report(`550${' \t'.repeat(50 * kb)}`),
  '550 and 1 MB of spaces (text)': plain(`550${' '.repeat(1024 * kb)}`),
  '1 MB of digits': plain('5'.repeat(1024 * kb)),
  '1 MB of digits and dots': plain('5.5'.repeat(340 * kb)),
  '1 MB of reply codes': plain('550-550 '.repeat(128 * kb)),
  '1 MB of folded reply codes': plain('550\n '.repeat(200 * kb)),
  '1 MB of local part without @ (X-Failed-Recipients)': `X-Failed-Recipients: ${'a'.repeat(1024 * kb)}\n${headers}\nfailed\n`,
  '1 MB of a@b.b.b. (text)': plain(`a@${'b.'.repeat(512 * kb)}`),
  '1 MB of "said: " (text)': plain('said: '.repeat(170 * kb)),
  '1 MB of "]" and spaces (text)': plain(`${']'.repeat(512 * kb)}${' '.repeat(512 * kb)}`),
  '1 MB of ">>> DATA" transcript lines': plain(`${'>>> DATA\n'.repeat(100 * kb)}<<< 550 user unknown\n`),
  '1 MB line without a break': plain('x'.repeat(1024 * kb)),
  '100 KB of "user" and spaces (category words)': plain(`550 ${'account '.repeat(12 * kb)}`),
  '1 MB diagnostic of words (report)': report('mailbox '.repeat(128 * kb)),
  'delivery-status with 20,000 recipient groups': report(`550 x\n\n${'Final-Recipient: rfc822; a@b.c\nAction: delivered\n\n'.repeat(20000)}`),
  '900 nested MIME parts': nested(900),
  '5,000 nested MIME parts (more than mailparser takes)': nested(5000),
  'SES notification nested 100,000 deep': plain(`{"notificationType":"Bounce","bounce":${'['.repeat(100 * kb)}`),
};

describe('parseBounce on hostile input', () => {
  for (const [name, message] of Object.entries(hostile)) {
    test(`${name} is read within ${boundMs} ms`, async () => {
      const started = performance.now();
      await parseBounce(message);
      const elapsed = performance.now() - started;
      assert.ok(elapsed < boundMs, `${name}: ${elapsed.toFixed(0)} ms`);
    });
  }

  test('deep nesting mailparser refuses gives "not a bounce" instead of an exception', async () => {
    assert.equal(await parseBounce(nested(5000)), null);
  });
});

describe('every pattern of the parser on hostile text', () => {
  // The patterns see bounded text (64 KiB); 100 KB of each shape is more than any of them is ever given.
  const prefixes = ['', '550', '550\n', 'said: 550', 'a@', 'user ', '<<< 550 '];
  const shapes = [' ', '\n ', '5', '5.', '550 ', '550-', 'a', 'a@', 'a@b.', 'a ', '<', ']', '-', ':', '>>> DATA\n', '<<< 550 x\n', 'said: ', 'x\n'];
  test(`each of ${allPatterns.length} patterns runs over 100 KB of ${prefixes.length * shapes.length} shapes within ${boundMs} ms`, () => {
    for (const pattern of allPatterns) {
      for (const shape of shapes.flatMap((s) => prefixes.map((p) => [p, s] as const))) {
        const text = shape[0] + shape[1].repeat(Math.ceil((100 * kb) / shape[1].length));
        const started = performance.now();
        // A fresh copy: global patterns keep their lastIndex between calls.
        new RegExp(pattern.source, pattern.flags.replace('g', '')).exec(text);
        text.replace(new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`), '');
        const elapsed = performance.now() - started;
        assert.ok(elapsed < boundMs, `${pattern.source.slice(0, 60)}… on ${JSON.stringify(shape)}: ${elapsed.toFixed(0)} ms`);
      }
    }
  });
});
