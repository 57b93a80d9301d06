import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { type Bounce, type BounceCategory, categorize, classify, isAutomatedMessage, parseBounce } from './dsn-parser.ts';

const fixtures = path.resolve(import.meta.dirname, '../../../test/fixtures/bounces');
const read = (name: string) => fs.readFileSync(path.join(fixtures, name));

type Expected = Omit<Bounce, 'diagnostic'> & { diagnostic: RegExp };

const bounces: Record<string, Expected> = {
  'postfix-5.1.1-user-unknown.eml': {
    kind: 'hard',
    category: 'mailbox_unknown',
    statusCode: '5.1.1',
    recipient: 'amina.wanjiru@example.net',
    diagnostic: /^550 5\.1\.1 <amina\.wanjiru@example\.net>: Recipient address rejected: User unknown in virtual mailbox table$/,
  },
  'postfix-4.2.2-mailbox-full-delayed.eml': {
    kind: 'soft',
    category: 'mailbox_full',
    statusCode: '4.2.2',
    recipient: 'kofi.mensah@example.net',
    diagnostic: /^452 4\.2\.2 .*Mailbox full$/,
  },
  'postfix-5.2.2-over-quota.eml': {
    kind: 'soft',
    category: 'mailbox_full',
    statusCode: '5.2.2',
    recipient: 'priya.sharma@example.in',
    diagnostic: /Mailbox over quota$/,
  },
  'office365-5.1.10-recipient-not-found.eml': {
    kind: 'hard',
    category: 'mailbox_unknown',
    statusCode: '5.1.10',
    recipient: 'lena.fischer@contoso.example',
    diagnostic: /^550 5\.1\.10 RESOLVER\.ADR\.RecipientNotFound; Recipient not found by SMTP address lookup$/,
  },
  'gmail-5.1.1-failed-permanently.eml': {
    kind: 'hard',
    category: 'mailbox_unknown',
    statusCode: '5.1.1',
    recipient: 'jose.garcia@ejemplo.es',
    // The multi-line reply is joined, its repeated "550-5.1.1" prefixes dropped.
    diagnostic: /^550-5\.1\.1 The email account that you tried to reach does not exist\. Please try double-checking .* - gsmtp$/,
  },
  'qmail-5.1.1-no-mailbox.eml': {
    kind: 'hard',
    category: 'mailbox_unknown',
    statusCode: '5.1.1',
    recipient: 'dmitri.ivanov@example.com',
    diagnostic: /^Sorry, no mailbox here by that name\. \(#5\.1\.1\)$/,
  },
  'exim-550-no-such-user.eml': {
    kind: 'hard',
    category: 'mailbox_unknown',
    statusCode: '5.0.0',
    recipient: 'wei.li@example.edu',
    diagnostic: /^550 No such user here$/,
  },
  'exim-delay-warning.eml': {
    kind: 'soft',
    category: 'rate_limit',
    statusCode: '4.7.1',
    recipient: 'olga.petrova@example.ru',
    diagnostic: /^451 4\.7\.1 Greylisted, please try again later$/,
  },
  'policy-5.7.1-blocked.eml': {
    kind: 'soft',
    category: 'policy_sender',
    statusCode: '5.7.1',
    recipient: 'joao.silva@example.org.br',
    diagnostic: /^554 5\.7\.1 Service unavailable; Client host \[192\.0\.2\.10\] blocked using zen\.spamhaus\.org;/,
  },
};

const notBounces = ['out-of-office-auto-reply.eml', 'personal-reply.eml'];

/** The same message without its message/delivery-status part, as a relay that drops parts would pass it on. */
function withoutReport(raw: Buffer): string {
  const text = raw.toString('utf8');
  const boundary = /boundary="([^"]+)"/.exec(text)?.[1];
  assert.ok(boundary);
  return text
    .split(`--${boundary}`)
    .filter((part) => !/^\s*Content-Type: message\/delivery-status/im.test(part.split(/\n\n/)[0] ?? ''))
    .join(`--${boundary}`)
    .replace(/report-type=delivery-status;/, '');
}

describe('parseBounce', () => {
  test('every fixture is in the table', () => {
    const names = fs.readdirSync(fixtures).filter((f) => f.endsWith('.eml'));
    assert.deepEqual(names.sort(), [...Object.keys(bounces), ...notBounces].sort());
  });

  for (const [name, expected] of Object.entries(bounces)) {
    test(`${name}: ${expected.kind} ${expected.statusCode} for ${expected.recipient}`, async () => {
      const bounce = await parseBounce(read(name));
      assert.ok(bounce, 'recognised as a bounce');
      const { diagnostic, ...rest } = bounce;
      assert.deepEqual(rest, { kind: expected.kind, category: expected.category, statusCode: expected.statusCode, recipient: expected.recipient });
      assert.match(String(diagnostic), expected.diagnostic);
    });
  }

  for (const name of notBounces) {
    test(`${name} is not a bounce`, async () => {
      assert.equal(await parseBounce(read(name)), null);
    });
  }

  test('the same result from a string as from a Buffer', async () => {
    assert.deepEqual(await parseBounce(read('qmail-5.1.1-no-mailbox.eml').toString('utf8')), await parseBounce(read('qmail-5.1.1-no-mailbox.eml')));
  });

  test('a DSN that lost its delivery-status part is still read from the text a person would read', async () => {
    const postfix = await parseBounce(withoutReport(read('postfix-5.1.1-user-unknown.eml')));
    assert.equal(postfix?.kind, 'hard');
    assert.equal(postfix?.statusCode, '5.1.1');
    assert.equal(postfix?.recipient, 'amina.wanjiru@example.net');
    assert.match(String(postfix?.diagnostic), /^550 5\.1\.1 <amina\.wanjiru@example\.net>: Recipient address rejected: User unknown/);

    const office365 = await parseBounce(withoutReport(read('office365-5.1.10-recipient-not-found.eml')));
    assert.equal(office365?.kind, 'hard');
    assert.equal(office365?.statusCode, '5.1.10');
    assert.equal(office365?.recipient, 'lena.fischer@contoso.example');

    const delayed = await parseBounce(withoutReport(read('postfix-4.2.2-mailbox-full-delayed.eml')));
    assert.equal(delayed?.kind, 'soft');
    assert.equal(delayed?.statusCode, '4.2.2');
  });

  test('the returned message is never read as the mail system speaking', async () => {
    // The Gmail and Exim samples quote originals containing "550 … 4.7.1" and "5.7.1": they must not win.
    assert.equal((await parseBounce(read('gmail-5.1.1-failed-permanently.eml')))?.statusCode, '5.1.1');
    assert.equal((await parseBounce(read('exim-550-no-such-user.eml')))?.statusCode, '5.0.0');
  });

  test('a report that the message was relayed or delivered is not a bounce', async () => {
    const relayed = read('postfix-5.1.1-user-unknown.eml')
      .toString('utf8')
      .replace('Action: failed', 'Action: relayed')
      .replace('Status: 5.1.1', 'Status: 2.0.0')
      .replace(/Diagnostic-Code: smtp; 550 5\.1\.1 [^\n]*\n[^\n]*\n/, '');
    assert.equal(await parseBounce(relayed), null);
  });

  test('a generic 5.0.0 status defers to the specific status in the diagnostic', async () => {
    const generic = read('postfix-5.1.1-user-unknown.eml').toString('utf8').replace('Status: 5.1.1', 'Status: 5.0.0');
    assert.equal((await parseBounce(generic))?.statusCode, '5.1.1');
  });
});

describe('classify', () => {
  test('5.x.x is hard only when it is about the address; the message, the sender, a full or disabled mailbox are soft', () => {
    assert.equal(classify('5.1.1', '', 'failed'), 'hard');
    assert.equal(classify('5.1.10', '', 'failed'), 'hard');
    assert.equal(classify('5.1.2', '', 'failed'), 'hard');
    // X.2.1 "mailbox disabled" and X.4.4 "unable to route" alone say nothing certain about the address (sisimai: suspend, networkerror).
    assert.equal(classify('5.2.1', '', 'failed'), 'soft');
    assert.equal(classify('5.4.4', '', 'failed'), 'soft');
    assert.equal(classify('5.4.4', 'Host or domain name not found', 'failed'), 'hard');
    assert.equal(classify('5.2.2', '', 'failed'), 'soft');
    assert.equal(classify('5.3.4', '', 'failed'), 'soft');
    assert.equal(classify('5.7.1', 'User unknown', 'failed'), 'soft');
    assert.equal(classify('5.7.26', '', 'failed'), 'soft');
  });

  test('4.x.x and delayed reports are soft; 5.0.0 and no status are read from the words', () => {
    assert.equal(classify('4.2.2', '', 'failed'), 'soft');
    assert.equal(classify('4.1.1', 'User unknown', 'failed'), 'soft');
    assert.equal(classify('5.1.1', '', 'delayed'), 'soft');
    assert.equal(classify('5.0.0', '550 No such user here', 'failed'), 'hard');
    assert.equal(classify('5.0.0', '554 Message rejected as spam', 'failed'), 'soft');
    assert.equal(classify('5.0.0', '552 Mailbox is full', 'failed'), 'soft');
    assert.equal(classify(null, 'user unknown', 'failed'), 'hard');
    assert.equal(classify(null, 'something went wrong', 'failed'), 'soft');
  });
});

describe('categorize', () => {
  test('what was refused, whatever the first digit says', () => {
    const cases: [string | null, string, BounceCategory][] = [
      ['5.1.1', '550 5.1.1 <a@example.org>: Recipient address rejected: User unknown in local recipient table', 'mailbox_unknown'],
      ['5.0.0', '550 Unrouteable address', 'domain_unknown'],
      ['5.1.8', '501 5.1.8 Sender address rejected', 'policy_sender'],
      ['5.0.0', '550 Access denied...7d39d5299584f4be161127e61f5f5400...', 'policy_sender'],
      ['5.0.0', '554 Comcast requires that all mail servers must have a PTR record with a valid Reverse DNS entry', 'policy_sender'],
      ['5.7.26', '550 5.7.26 Unauthenticated email is not accepted due to DMARC policy', 'policy_sender'],
      ['5.0.0', "554 You've reached your daily relay quota", 'rate_limit'],
      ['5.1.1', '550 5.7.1 IP address blacklisted by recipient', 'policy_sender'],
      ['5.0.0', '550 Virus Detected; Content Rejected', 'policy_content'],
      ['5.0.0', '500 Line limit exceeded', 'message_too_large'],
      ['5.1.1', '552 sorry, mailbox kijitora@example.org is over quota temporarily (#5.1.1)', 'mailbox_full'],
      ['5.2.1', '550 5.2.1 The email account that you tried to reach is disabled.', 'mailbox_disabled'],
      ['5.4.316', '550 5.4.316 Message expired, connection refused', 'network'],
      ['5.3.0', 'procmail: Couldn\'t create "/var/spool/mail/neko"', 'other'],
      // Our own sender domain, by its status (X.1.7), though the words read like an unknown domain.
      ['5.1.7', '550 5.1.7 No such domain neko.example.com.', 'policy_sender'],
      // Words inside addresses and links are not the reply's words.
      ['5.0.0', '550 <filtered@example.org>: User unknown. See https://example.org/reason/#filtered', 'mailbox_unknown'],
    ];
    for (const [status, text, category] of cases) assert.equal(categorize(status, text), category, text);
  });

  test('the command refused tells a filter (after DATA) and a refusal of us (before RCPT TO) from a missing address', () => {
    assert.equal(categorize('5.0.0', '550 Unknown user kijitora@example.net', 'data'), 'policy_content');
    assert.equal(categorize('5.0.0', '550 Unknown user kijitora@example.net', 'mail from'), 'policy_sender');
    assert.equal(categorize('5.0.0', '550 Unknown user kijitora@example.net', 'rcpt to'), 'mailbox_unknown');
  });
});

describe('isAutomatedMessage', () => {
  test('auto-replies and bounces are automated; a person writing to the unsubscribe address is not', async () => {
    assert.equal(await isAutomatedMessage(read('out-of-office-auto-reply.eml')), true);
    assert.equal(await isAutomatedMessage(read('postfix-5.1.1-user-unknown.eml')), true);
    assert.equal(await isAutomatedMessage(read('personal-reply.eml')), false);
    assert.equal(await isAutomatedMessage('From: a@example.org\nAuto-Submitted: no\nSubject: unsubscribe\n\nplease'), false);
  });
});
