import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { type AddressErrorCode, parseEmailAddress } from './email-address.ts';

// Public test cases, committed with their source, commit and licence in test/fixtures/address/README.md.
function readFixture<T>(file: string): T {
  return JSON.parse(fs.readFileSync(new URL(`../../test/fixtures/address/${file}`, import.meta.url), 'utf8')) as T;
}

const strict = (input: string) => parseEmailAddress(input, { trim: 'strict' });
const describeResult = (result: ReturnType<typeof parseEmailAddress>) => (result.ok ? `accepted as ${result.address.display}` : `refused: ${result.code}`);

describe('isemail tests.xml (Dominic Sayers), at the strict boundary of an import', () => {
  type Test = { id: number; address: string; category: string; diagnosis: string };
  const { tests } = readFixture<{ tests: Test[] }>('isemail-tests.json');
  // isemail's valid outcomes: VALID, DNSWARN (valid syntax, no DNS record) and RFC 5321 quoted strings.
  // Everything else (RFC 5321 literals and numeric TLDs, RFC 5322-only forms, deprecated forms,
  // comments and folding whitespace, errors) is not an address Plenary can mail.
  const validThere = (test: Test) =>
    test.category === 'ISEMAIL_VALID_CATEGORY' || test.category === 'ISEMAIL_DNSWARN' || test.diagnosis === 'ISEMAIL_RFC5321_QUOTEDSTRING';
  // Where our policy differs, with the code we give (or 'accept'), and why.
  const policy: Record<number, AddressErrorCode | 'accept'> = {
    5: 'single_label', // test@io: a dotless domain (ICANN refuses dotless TLDs for mail)
    43: 'local_empty', // ""@iana.org: an empty mailbox name is nobody
    60: 'accept', // a quoted local part of 62 characters once \h is unescaped: we count the canonical form
  };

  const expectationOf = (test: Test): AddressErrorCode | 'accept' | 'refuse' => policy[test.id] ?? (validThere(test) ? 'accept' : 'refuse');

  it('reads every test of the file', () => {
    assert.equal(tests.length, 164);
  });

  for (const test of tests) {
    const expected = expectationOf(test);
    it(`#${test.id} ${test.diagnosis}: ${expected} ${JSON.stringify(test.address)}`, () => {
      const result = strict(test.address);
      if (expected === 'accept') assert.ok(result.ok, describeResult(result));
      else if (expected === 'refuse') assert.equal(result.ok, false, describeResult(result));
      else assert.equal(result.ok ? 'accept' : result.code, expected);
    });
  }

  it('#35 test@iana.org.: the trailing dot that RFC 5321 Domain does not allow is refused', () => {
    assert.deepEqual(strict('test@iana.org.'), { ok: false, code: 'domain_trailing_dot' });
    assert.deepEqual(parseEmailAddress('test@iana.org.'), { ok: false, code: 'domain_trailing_dot' });
  });

  it('a form trims exactly the folding whitespace and line breaks around an address, nothing else', () => {
    const trimmedOnlyByForm = tests.filter((test) => !strict(test.address).ok && parseEmailAddress(test.address).ok).map((test) => test.id);
    assert.deepEqual(trimmedOnlyByForm, [88, 89, 99, 127, 128, 132, 141, 142, 143, 144, 145, 146, 147, 148, 149, 150, 151, 152, 153, 154, 155, 156, 157, 158]);
  });
});

describe('python-email-validator tests/test_syntax.py (Joshua Tauberer)', () => {
  type Fixture = {
    valid: string[];
    validIfQuotedAllowed: string[];
    invalid: { input: string; message: string }[];
    reservedDomains: string[];
    unsafeCharacters: { character: string; message: string }[];
  };
  const fixture = readFixture<Fixture>('python-email-validator.json');
  // Valid there, refused here by policy: display names are not part of an address, and ＠ gets fullwidth_at.
  const refusedByPolicy: Record<string, AddressErrorCode> = {
    'MyName <me@example.org>': 'local_invalid_char',
    'My Name <me@example.org>': 'local_invalid_char',
    '"My.\\"Na\\\\me\\".Is" <"me \\" \\\\ me"@example.org>': 'local_invalid_char',
    '"s\u0323\u0307" <s\u0323\u0307@nfc.tld>': 'local_invalid_char',
    '＠@fullwidth.at': 'fullwidth_at',
  };
  // Invalid there, accepted here: RFC 5321 allows a TLD with a digit or hyphen (only an all-numeric one
  // is refused, RFC 3696 §2); the local-part limit is counted after NFC, on what is stored and sent.
  const acceptedByPolicy = new Set([
    'me@bad.tld-2',
    `my.s\u0323\u0307.address@${'1111111111222222222233333333334444444444555555555.6666666666777777777788888888889999999999000000000.'.repeat(2)}1111111111222222222233333333334444.info`,
  ]);

  it('reads the cases', () => {
    assert.equal(fixture.valid.length + fixture.validIfQuotedAllowed.length, 35);
    assert.equal(fixture.invalid.length, 79);
  });

  for (const input of [...fixture.valid, ...fixture.validIfQuotedAllowed]) {
    const code = refusedByPolicy[input];
    it(`${code ? `refuses (${code})` : 'accepts'} ${JSON.stringify(input)}`, () => {
      const result = strict(input);
      assert.equal(result.ok ? 'accept' : result.code, code ?? 'accept');
    });
  }

  for (const { input, message } of fixture.invalid) {
    const expected = acceptedByPolicy.has(input) ? 'accepts' : 'refuses';
    it(`${expected} ${JSON.stringify(input)} (there: ${message})`, () => {
      const result = strict(input);
      assert.equal(result.ok, expected === 'accepts', describeResult(result));
    });
  }

  it('refuses "<" + U+0338 as typed, though NFC makes it ≮ (there: invalid characters before the @-sign)', () => {
    assert.deepEqual(strict('<\u0338me@example.com'), { ok: false, code: 'local_invalid_char', details: { codePoint: 'U+003C' } });
  });

  for (const input of fixture.reservedDomains) {
    it(`refuses the special-use domain of ${input}, unless allowed`, () => {
      assert.equal((strict(input) as { code?: string }).code, 'special_use_domain');
      assert.ok(parseEmailAddress(input, { trim: 'strict', specialUseDomains: 'allow' }).ok);
    });
  }

  for (const { character, message } of fixture.unsafeCharacters) {
    it(`refuses ${message} at the start of the local part and in the domain`, () => {
      const local = strict(`${character}@example.org`);
      assert.equal(local.ok, false, describeResult(local));
      const domain = strict(`test@${character}.org`);
      assert.equal(domain.ok, false, describeResult(domain));
    });
  }
});
