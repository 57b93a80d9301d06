import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { type AddressBoundary, parseAnyAddress, parseEmailAddress, parsePlainAddress } from './email-address.ts';

// parsePlainAddress is a shortcut for plain ASCII addresses. It may decline any address (the full parse then
// decides); what it must never do is give an answer the full parse would not give. These tests compare the
// two on every address the public corpora and the project's own tests hold, and on generated ones built
// around the plain rules' edges, at every boundary.

const boundaries: AddressBoundary[] = [{}, { trim: 'strict' }, { specialUseDomains: 'allow' }, { trim: 'strict', specialUseDomains: 'allow' }];

const readJson = (url: URL) => JSON.parse(fs.readFileSync(url, 'utf8')) as unknown;

/** Every string anywhere in a JSON document. */
function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) stringsIn(v, out);
  return out;
}

/** The string literals holding an @ in a test file's source: the addresses it asserts about. */
function addressLiteralsIn(file: URL): string[] {
  const source = fs.readFileSync(file, 'utf8');
  const literals = source.match(/'(?:[^'\\\n]|\\.)*@(?:[^'\\\n]|\\.)*'/g) ?? [];
  return literals.map((literal) => {
    try {
      return JSON.parse(`"${literal.slice(1, -1).replace(/\\'/g, "'").replace(/"/g, '\\"')}"`) as string;
    } catch {
      return literal.slice(1, -1);
    }
  });
}

function corpus(): string[] {
  const shared = ['icann-ua-suite.json', 'uasg-004-addresses.json', 'uasg-004-domains.json'].map((f) => new URL(`../../../shared/ua/${f}`, import.meta.url));
  const fixtures = ['isemail-tests.json', 'python-email-validator.json'].map((f) => new URL(`../../test/fixtures/address/${f}`, import.meta.url));
  const tests = [
    'email-address.test.ts',
    'public-corpora.test.ts',
    '../domains/members/member-import.test.ts',
    '../domains/members/member-address-boundary.test.ts',
  ].map((f) => new URL(f, import.meta.url));
  const all = [...[...shared, ...fixtures].flatMap((url) => stringsIn(readJson(url))), ...tests.flatMap(addressLiteralsIn)];
  return [...new Set(all.filter((s) => s.length < 2000))];
}

/** A deterministic generator (mulberry32), so a failure names an input that fails again. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Addresses assembled from pieces that sit on and around every plain rule: lengths, dots, hyphens, case, special-use names. */
function generated(count: number): string[] {
  const random = prng(20261204);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const repeat = (c: string, n: number) => c.repeat(n);
  const localPieces = [
    'a',
    'Z',
    '0',
    'anna',
    'JOSE',
    "o'brien",
    'a+tag',
    'x_y',
    '!#$%&',
    "'*+-/=?^_`{|}~",
    '.',
    '..',
    '"',
    '"q"',
    ' ',
    '\t',
    '\n',
    'é',
    'ü',
    '用户',
    '\u0301',
    '\u200d',
    '@',
    '＠',
    '\\',
    '(c)',
    ',',
    ';',
    ':',
    '[',
    ']',
    '<',
    '>',
  ];
  const labelPieces = [
    'example',
    'EXAMPLE',
    'org',
    'com',
    'a',
    '0',
    '123',
    'a-b',
    '-a',
    'a-',
    'ab--cd',
    'xn--',
    'xn--fsqu00a',
    'XN--FSQU00A',
    'xn--a',
    'bücher',
    '例子',
    'test',
    'invalid',
    'localhost',
    'local',
    'onion',
    'alt',
    'arpa',
    'example',
    'tld-2',
    '_dmarc',
    'a_b',
    ' ',
    '',
    '。',
    '[1.2.3.4]',
    'ı',
    'ß',
  ];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const local = Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(localPieces)).join(random() < 0.7 ? '.' : '');
    const labels = Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(labelPieces));
    let address = `${local}@${labels.join('.')}`;
    const roll = random();
    // Lengths at the limits: local part 63–65 characters, a label 62–64, the domain 252–254, the address 253–255.
    if (roll < 0.1) address = `${repeat('a', 63 + Math.floor(random() * 3))}@example.org`;
    else if (roll < 0.2) address = `user@${repeat('b', 62 + Math.floor(random() * 3))}.org`;
    else if (roll < 0.3) {
      const label = repeat('c', 61);
      const domain = `${label}.${label}.${label}.${repeat('d', 56 + Math.floor(random() * 4))}.org`; // 252–255 octets
      address = `u@${domain}`;
    } else if (roll < 0.4) address = `${repeat('e', 64)}@${repeat('f', 63)}.${repeat('g', 63)}.${repeat('h', 57 + Math.floor(random() * 4))}.org`;
    else if (roll < 0.45) address = ` ${address}`;
    else if (roll < 0.5) address = `${address}\n`;
    else if (roll < 0.55) address = `${address}.`;
    out.push(address);
  }
  return out;
}

function assertSameOrDeclined(input: string, boundary: AddressBoundary): boolean {
  const plain = parsePlainAddress(input, boundary);
  if (plain === undefined) return false;
  assert.deepEqual(plain, parseAnyAddress(input, boundary), `${JSON.stringify(input)} at ${JSON.stringify(boundary)}`);
  return true;
}

describe('the plain-address shortcut gives what the full parse gives', () => {
  it('on every address of the UA corpora, isemail, python-email-validator and the address and import tests', () => {
    const inputs = corpus();
    assert.ok(inputs.length > 500, `only ${inputs.length} inputs read`);
    let taken = 0;
    for (const input of inputs) for (const boundary of boundaries) if (assertSameOrDeclined(input, boundary)) taken++;
    // The shortcut must be taken for a good share of them, or the comparison proves nothing.
    assert.ok(taken > 200, `the shortcut answered only ${taken} times`);
  });

  it('on 25,000 generated addresses around the plain rules’ limits, at four boundaries', () => {
    let taken = 0;
    const inputs = generated(25_000);
    for (const input of inputs) for (const boundary of boundaries) if (assertSameOrDeclined(input, boundary)) taken++;
    assert.ok(taken > 5_000, `the shortcut answered only ${taken} times`);
  });

  it('answers for plain addresses at their limits and declines what needs the full rules', () => {
    const taken = (input: string, boundary: AddressBoundary = {}) => parsePlainAddress(input, boundary) !== undefined;
    for (const input of [
      'Anna.Schmidt.12@Mission-UN.Example.NET',
      `${'a'.repeat(64)}@example.org`,
      `u@${'b'.repeat(63)}.org`,
      "o'brien+tag@a1.example",
      'x@123.example.com',
    ])
      assert.ok(taken(input), input);
    assert.ok(taken('someone@example.test', { specialUseDomains: 'allow' }));
    for (const input of [
      `${'a'.repeat(65)}@example.org`, // local_too_long
      `u@${'b'.repeat(64)}.org`, // label_too_long
      'a..b@example.org', // local_dots
      '"quoted"@example.org', // a quoted local part is rewritten by the full parse
      'user@xn--fsqu00a.xn--4rr70v', // an A-label is decoded and checked
      'user@ab--cd.org', // hyphen_position
      'user@example.123', // numeric_tld
      'user@192.0.2.1', // ip_literal
      'user@example.org.', // domain_trailing_dot
      'user@localhost.test', // special_use_domain
      ' user@example.org', // trimmed by a form, refused by a file
      'josé@example.org',
      'user@bücher.example',
    ])
      assert.equal(taken(input), false, input);
  });

  it('is what parseEmailAddress returns', () => {
    for (const input of ['Anna@Example.ORG', 'user@bücher.example', 'bad@@example.org'])
      assert.deepEqual(parseEmailAddress(input, { trim: 'strict' }), parseAnyAddress(input, { trim: 'strict' }));
  });
});
